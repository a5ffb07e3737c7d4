package sqlite

import (
	"net/url"
	"path/filepath"
	"strings"
	"testing"
)

// The connection string keeps a Windows data folder whole: spaces, accents,
// "#", "%" and "?" in folder names stay in the path instead of starting the
// parameters or a fragment, and every connection gets its pragmas.
func TestDSNKeepsAwkwardPathsWhole(t *testing.T) {
	paths := []string{
		`C:\Users\Hélène Dupont\AppData\Roaming\PAPPU\pappu.db`,
		`C:\Users\N'Diaye Aïssatou\AppData\Roaming\PAPPU\pappu.db`,
		`D:\Permanence #2 (100% bénévole)\données ?\pappu.db`,
		`\\serveur\partage\PAPPU\pappu.db`,
		"/home/hélène dupont/.config/PAPPU #1/pappu.db",
	}
	for _, path := range paths {
		for _, readOnly := range []bool{false, true} {
			got := dsn(path, readOnly)
			rest, ok := strings.CutPrefix(got, "file:")
			if !ok {
				t.Fatalf("dsn(%q) = %q: no file: prefix", path, got)
			}
			if strings.ContainsAny(rest, "# ") || strings.Count(rest, "?") != 1 {
				t.Errorf("dsn(%q) = %q: unescaped space, # or ?", path, got)
			}
			escaped, query, _ := strings.Cut(rest, "?")
			if back, err := url.PathUnescape(escaped); err != nil || back != filepath.ToSlash(path) {
				t.Errorf("dsn(%q): path reads back as %q (%v)", path, back, err)
			}
			q, err := url.ParseQuery(query)
			if err != nil {
				t.Fatalf("dsn(%q): parameters %q: %v", path, query, err)
			}
			if q.Get("_journal_mode") != "WAL" || q.Get("_foreign_keys") != "on" {
				t.Errorf("dsn(%q): parameters %v lack WAL or foreign keys", path, q)
			}
			if readOnly != (q.Get("_query_only") == "true") {
				t.Errorf("dsn(%q, readOnly=%v): parameters %v", path, readOnly, q)
			}
		}
	}
}
