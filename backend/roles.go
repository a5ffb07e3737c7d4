package backend

import "context"

// Roles, from the most to the least trusted.
const (
	RoleAdmin     = "administrateur" // everything, settings and users included
	RoleManager   = "responsable"    // the structure's data, statistics, exports
	RoleWorker    = "intervenant"    // persons, visits, procedures, tasks, own exports
	RoleReception = "accueillant"    // identity and visits only
)

// Roles lists the roles with their French labels, for the window.
var Roles = []RefItem{
	{Code: RoleAdmin, Label: "Administrateur"},
	{Code: RoleManager, Label: "Responsable"},
	{Code: RoleWorker, Label: "Intervenant"},
	{Code: RoleReception, Label: "Accueillant"},
}

// Actions a role may be allowed. Every bound method and every command of
// pappu-cli names the action it performs; Can is the one place that decides.
const (
	ActPersonRead     = "person.read"     // search and open a person's identity
	ActPersonWrite    = "person.write"    // create and change a person
	ActVisitRead      = "visit.read"      // see visits
	ActVisitWrite     = "visit.write"     // record visits
	ActPrivateNote    = "visit.private"   // read and write private notes
	ActCaseDetails    = "case.details"    // procedures' details, a person's notes
	ActStats          = "stats.read"      // the dashboard and statistics
	ActImport         = "import"          // bring in a spreadsheet
	ActExport         = "export"          // take data out: exports, reports
	ActSettings       = "settings"        // reference lists, retention, backups
	ActUsers          = "users.manage"    // create accounts, change roles
	ActAudit          = "audit.read"      // read the audit log
	ActPrivacyRequest = "privacy.request" // right of access, erasure
	ActProcedureList  = "procedure.list"  // see that a procedure exists: type and status
	ActReferral       = "referral"        // refer persons to partners, follow referrals
	ActPartnerRead    = "partner.read"    // search and open the partner directory
	ActPartnerWrite   = "partner.write"   // change the directory
	ActSupport        = "support"         // record and read the support given to partners
	ActTasks          = "tasks"           // tasks and their reminders
)

var permissions = map[string]map[string]bool{
	RoleAdmin: set(ActPersonRead, ActPersonWrite, ActVisitRead, ActVisitWrite,
		ActPrivateNote, ActCaseDetails, ActStats, ActImport, ActExport, ActSettings,
		ActUsers, ActAudit, ActPrivacyRequest, ActProcedureList, ActReferral, ActPartnerRead,
		ActPartnerWrite, ActSupport, ActTasks),
	RoleManager: set(ActPersonRead, ActPersonWrite, ActVisitRead, ActVisitWrite,
		ActPrivateNote, ActCaseDetails, ActStats, ActImport, ActExport, ActPrivacyRequest,
		ActProcedureList, ActReferral, ActPartnerRead, ActPartnerWrite, ActSupport, ActTasks),
	RoleWorker: set(ActPersonRead, ActPersonWrite, ActVisitRead, ActVisitWrite,
		ActPrivateNote, ActCaseDetails, ActExport, ActProcedureList, ActReferral,
		ActPartnerRead, ActPartnerWrite, ActSupport, ActTasks),
	// An accueillant sees that a procedure exists, never its details, and
	// may look a partner up to tell a person where to go.
	RoleReception: set(ActPersonRead, ActPersonWrite, ActVisitRead, ActVisitWrite,
		ActProcedureList, ActPartnerRead),
}

func set(actions ...string) map[string]bool {
	m := make(map[string]bool, len(actions))
	for _, a := range actions {
		m[a] = true
	}
	return m
}

// Can reports whether role may perform action.
func Can(role, action string) bool { return permissions[role][action] }

// ValidRole reports whether role is one of the four roles.
func ValidRole(role string) bool { _, ok := permissions[role]; return ok }

// Principal is who asks: a logged-in user and their role.
type Principal struct {
	UserID string
	Role   string
}

type principalKey struct{}

// WithPrincipal returns a context carrying who asks; ActorFrom then returns
// their id.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(WithActor(ctx, p.UserID), principalKey{}, p)
}

// PrincipalFrom returns who asks, if anyone logged in.
func PrincipalFrom(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(Principal)
	return p, ok
}

// CanOpen reports whether who may open a person's file: any file that is not
// restricted, and a restricted one only for its referents and for
// administrators (who may lift the restriction). A call without anyone
// logged in is PAPPU's own work (a background job) and is not limited.
func CanOpen(who Principal, ok bool, referentID string, referents []string,
	restricted bool) bool {
	if !restricted || !ok || who.Role == RoleAdmin || who.UserID == referentID {
		return true
	}
	for _, id := range referents {
		if id == who.UserID {
			return true
		}
	}
	return false
}
