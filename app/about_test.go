package app_test

import (
	"path/filepath"
	"strings"
	"testing"

	"pappu/app"
)

// About needs no login, gives the version main stamped, the data folder as
// given (spaces and accents kept, as under C:\Users on Windows) and the
// licence of the built-in countries.
func TestAboutBeforeLogin(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "Hélène Dupont", "AppData", "Roaming", "PAPPU")
	svc, err := app.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	old := app.Version
	app.Version = "1.2.0-5-g1a2b3c4"
	t.Cleanup(func() { app.Version = old })

	about, err := svc.Structure.About()
	if err != nil {
		t.Fatal(err)
	}
	if about.Version != "1.2.0-5-g1a2b3c4" {
		t.Errorf("version %q, want the one main set", about.Version)
	}
	if about.DataDir != dir || about.Database != filepath.Join(dir, "pappu.db") {
		t.Errorf("data folder %q, database %q; want %q and pappu.db in it",
			about.DataDir, about.Database, dir)
	}
	if len(about.DataSets) == 0 || !strings.Contains(about.DataSets[0].Source, "world-countries") ||
		!strings.Contains(about.DataSets[0].Licence, "ODbL") {
		t.Errorf("the first data set is not world-countries under the ODbL: %+v", about.DataSets)
	}
	for _, d := range about.DataSets {
		if d.Name == "" || d.Licence == "" || d.LicenceURL == "" || d.Attribution == "" {
			t.Errorf("data set with a missing field: %+v", d)
		}
	}
}
