package sqlite

import "pappu/backend"

// syncKeyDateTasks keeps the tasks a procedure's key dates imply in step
// with the procedure, in the procedure's transaction. The procedure code
// calls it after every write of a procedure; the tasks code implements it.
func (t *tx) syncKeyDateTasks(p backend.Procedure) error {
	_ = p
	return nil // implemented with tasks (migration 0009)
}
