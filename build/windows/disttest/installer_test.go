package disttest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"pappu/backend/config"
)

// installerScript returns the lines of build/windows/installer/project.nsi.
func installerScript(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(repoRoot, "build", "windows", "installer", "project.nsi"))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimPrefix(string(data), "\uFEFF"), "\n")
}

// The installer speaks French, installs into Program Files and adds the two
// shortcuts.
func TestInstallerScriptBasics(t *testing.T) {
	script := strings.Join(installerScript(t), "\n")
	for _, want := range []string{
		`!insertmacro MUI_LANGUAGE "French"`,
		`InstallDir "$PROGRAMFILES64\PAPPU"`,
		`CreateShortcut "$SMPROGRAMS\`,
		`CreateShortcut "$DESKTOP\`,
		`!define PRODUCT_EXECUTABLE "pappu.exe"`,
		`!insertmacro wails.writeUninstaller`,
		`Target amd64-unicode`,
	} {
		if !strings.Contains(script, want) {
			t.Errorf("project.nsi lacks %s", want)
		}
	}
}

// The uninstaller removes the data folder only on a Yes to its question,
// whose default answer (and that of a silent uninstall) is No; the folder it
// would remove is the one PAPPU uses.
func TestUninstallerKeepsDataUnlessAsked(t *testing.T) {
	lines := installerScript(t)

	// The folder: %APPDATA%\<DATA_FOLDER>, as backend/config decides for
	// Windows (the user configuration folder, then PAPPU).
	var dataFolder string
	for _, l := range lines {
		if m := regexp.MustCompile(`^!define DATA_FOLDER "([^"]+)"`).FindStringSubmatch(l); m != nil {
			dataFolder = m[1]
		}
	}
	// os.UserConfigDir reads these on Linux, Windows and macOS.
	home := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", home)
	t.Setenv("AppData", home)
	t.Setenv("HOME", home)
	t.Setenv(config.EnvDataDir, "")
	appDir, err := config.DataDir("")
	if err != nil {
		t.Fatal(err)
	}
	if dataFolder == "" || filepath.Base(appDir) != dataFolder {
		t.Errorf("the uninstaller's DATA_FOLDER is %q, PAPPU's folder is %q", dataFolder,
			filepath.Base(appDir))
	}

	// Every line that removes something under $APPDATA.
	removal := regexp.MustCompile(`(?i)^\s*(RMDir|Delete)\b.*\$APPDATA`)
	var removals []int
	for i, l := range lines {
		if removal.MatchString(l) {
			removals = append(removals, i)
		}
	}
	if len(removals) == 0 {
		t.Fatal("project.nsi never removes the data folder: the user cannot ask for it")
	}

	// The question, and the branch its Yes jumps to.
	question := -1
	for i, l := range lines {
		if strings.Contains(l, "Supprimer aussi les données de PAPPU ($APPDATA\\${DATA_FOLDER}) ?") {
			question = i
		}
	}
	if question < 0 {
		t.Fatal(`project.nsi does not ask "Supprimer aussi les données de PAPPU (…) ?"`)
	}
	q := lines[question]
	for _, want := range []string{"MessageBox MB_YESNO", "MB_DEFBUTTON2", "/SD IDNO"} {
		if !strings.Contains(q, want) {
			t.Errorf("the question lacks %s (No must be the default, also when silent): %s", want, q)
		}
	}
	m := regexp.MustCompile(`IDYES (\w+)\s*$`).FindStringSubmatch(q)
	if m == nil {
		t.Fatalf("the question does not jump on Yes: %s", q)
	}
	yes := -1
	for i := question + 1; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) == m[1]+":" {
			yes = i
			break
		}
	}
	if yes < 0 {
		t.Fatalf("no label %s: after the question", m[1])
	}

	// No falls through to a Return before the Yes branch, and every
	// removal is in that branch, before the function ends.
	returns := false
	for _, l := range lines[question+1 : yes] {
		returns = returns || strings.TrimSpace(l) == "Return"
		if removal.MatchString(l) {
			t.Errorf("the No branch removes data: %s", l)
		}
	}
	if !returns {
		t.Error("the No answer does not return before the removal")
	}
	end := yes
	for end < len(lines) && strings.TrimSpace(lines[end]) != "FunctionEnd" {
		end++
	}
	for _, i := range removals {
		if i < yes || i > end {
			t.Errorf("line %d removes data outside the Yes branch: %s", i+1, lines[i])
		}
	}
}
