package backend

import "context"

type actorKey struct{}

// WithActor returns a context that carries the id of the user acting. Storage
// reads it to write the audit log; an empty id means the system itself (a job,
// or the command line before accounts exist).
func WithActor(ctx context.Context, userID string) context.Context {
	return context.WithValue(ctx, actorKey{}, userID)
}

// ActorFrom returns the id of the user acting, or "".
func ActorFrom(ctx context.Context) string {
	id, _ := ctx.Value(actorKey{}).(string)
	return id
}
