// Command pappu-bench measures PAPPU on a large made-up database: searching a
// person, saving a visit, the dashboard of a month and of a year, the
// import rate of a spreadsheet, and opening a long case file. `make bench` runs it.
//
// The database (200 000 persons, 1 000 000 visits by default) is generated
// once and kept in .cache/bench/ at the root of the repository, or under
// --data-dir; later runs reuse it. Writes are measured on copies, so the
// cached database never changes.
//
// Each figure is printed on one line as "name value unit target", for
// example "search_p99 0.8 ms <10"; a summary of the targets met follows.
// With --strict, a missed target makes the exit code 1.
package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"

	"pappu/backend"
	"pappu/backend/demo"
	"pappu/backend/importer"
	"pappu/backend/refdata"
	"pappu/backend/sqlite"
)

// options are the command's flags.
type options struct {
	dataDir       string
	persons       int
	visits        int
	seed          int64
	queries       int
	saves         int
	importRows    int
	dashboardRuns int
	profileDir    string
	strict        bool
	only          string
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var o options
	fs := flag.NewFlagSet("pappu-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.dataDir, "data-dir", "", "dossier de la base de mesure "+
		"(défaut : .cache/bench à la racine du dépôt)")
	fs.IntVar(&o.persons, "persons", 200000, "personnes de la base de mesure")
	fs.IntVar(&o.visits, "visits", 1000000, "passages de la base de mesure")
	fs.Int64Var(&o.seed, "seed", 1, "graine des données et des requêtes")
	fs.IntVar(&o.queries, "queries", 1000, "recherches mesurées")
	fs.IntVar(&o.saves, "saves", 1000, "passages enregistrés mesurés")
	fs.IntVar(&o.importRows, "import-rows", 50000, "lignes du fichier importé")
	fs.IntVar(&o.dashboardRuns, "dashboard-runs", 20, "calculs du tableau de bord par période")
	fs.StringVar(&o.profileDir, "profile", "", "écrit un profil CPU par mesure dans ce dossier")
	fs.BoolVar(&o.strict, "strict", false, "code de sortie 1 si un objectif est manqué")
	fs.StringVar(&o.only, "only", "", "ne mesure que cette partie (search, dashboard, save, "+
		"import, backup, statistics)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if o.persons <= 0 || o.visits < o.persons || o.queries <= 0 || o.saves <= 0 ||
		o.importRows <= 0 || o.dashboardRuns <= 0 {
		fmt.Fprintln(stderr, "Erreur : les nombres doivent être positifs, "+
			"et --visits au moins égal à --persons.")
		return 2
	}

	b := &bench{opt: o, out: stdout, log: stderr}
	if err := b.run(ctx); err != nil {
		fmt.Fprintln(stderr, "Erreur :", err)
		return 1
	}
	if missed := b.report(); missed > 0 && o.strict {
		return 1
	}
	return 0
}

// bench holds a run's state and its figures.
type bench struct {
	opt     options
	out     io.Writer
	log     io.Writer
	dbPath  string // the cached database
	work    string // a temporary folder for copies
	figures []figure
}

// figure is one measured value and its target.
type figure struct {
	name  string
	value float64
	unit  string
	max   float64 // the value must stay below, if > 0
	min   float64 // the value must stay above, if > 0
}

func (f figure) target() string {
	switch {
	case f.max > 0:
		return fmt.Sprintf("<%g", f.max)
	case f.min > 0:
		return fmt.Sprintf(">%g", f.min)
	}
	return "-"
}

func (f figure) met() bool {
	return (f.max == 0 || f.value < f.max) && (f.min == 0 || f.value > f.min)
}

func (b *bench) add(f figure) {
	b.figures = append(b.figures, f)
	fmt.Fprintf(b.out, "%s %s %s %s\n", f.name, formatValue(f.value), f.unit, f.target())
}

func formatValue(v float64) string {
	switch {
	case v >= 1000:
		return fmt.Sprintf("%.0f", v)
	case v >= 100:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

// report prints which targets were met and returns how many were missed.
func (b *bench) report() int {
	missed := 0
	fmt.Fprintln(b.out)
	for _, f := range b.figures {
		if f.target() == "-" {
			continue
		}
		verdict := "atteint"
		if !f.met() {
			verdict = "MANQUÉ"
			missed++
		}
		fmt.Fprintf(b.out, "objectif %s %s %s : %s\n", f.name, f.target(), f.unit, verdict)
	}
	if missed == 0 {
		fmt.Fprintln(b.out, "Tous les objectifs sont atteints.")
	} else {
		fmt.Fprintf(b.out, "%d objectif(s) manqué(s).\n", missed)
	}
	return missed
}

func (b *bench) run(ctx context.Context) error {
	var err error
	if b.work, err = os.MkdirTemp("", "pappu-bench-"); err != nil {
		return err
	}
	defer os.RemoveAll(b.work)

	if err := b.prepare(ctx); err != nil {
		return err
	}
	for _, step := range []struct {
		name string
		fn   func(context.Context) error
	}{
		{"search", b.measureSearch},
		{"dashboard", b.measureDashboard},
		{"save", b.measureSave},
		{"import", b.measureImport},
		{"backup", b.measureBackup},
		{"places", b.measurePlaces},
		{"casefile", b.measureCaseFile},
		{"tasks", b.measureTasks},
		{"statistics", b.measureStatistics},
	} {
		if b.opt.only != "" && step.name != b.opt.only {
			continue
		}
		if err := b.profiled(step.name, func() error { return step.fn(ctx) }); err != nil {
			return fmt.Errorf("%s: %w", step.name, err)
		}
	}
	return nil
}

// profiled runs fn under the CPU profiler when --profile is given.
func (b *bench) profiled(name string, fn func() error) error {
	if b.opt.profileDir == "" {
		return fn()
	}
	if err := os.MkdirAll(b.opt.profileDir, 0o755); err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(b.opt.profileDir, name+".pprof"))
	if err != nil {
		return err
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		return err
	}
	defer pprof.StopCPUProfile()
	return fn()
}

// ---- the database ----

// cacheInfo is written next to a complete cached database.
type cacheInfo struct {
	Summary     demo.Summary `json:"summary"`
	Seconds     float64      `json:"seconds"`
	GeneratedAt time.Time    `json:"generatedAt"`
}

// prepare finds the cached database, or generates it.
func (b *bench) prepare(ctx context.Context) error {
	dir := b.opt.dataDir
	if dir == "" {
		dir = filepath.Join(repoRoot(), ".cache", "bench")
	}
	dir = filepath.Join(dir, fmt.Sprintf("demo%d-p%d-v%d-s%d", demo.Version, b.opt.persons,
		b.opt.visits, b.opt.seed))
	b.dbPath = filepath.Join(dir, "pappu.db")
	marker := filepath.Join(dir, "complete.json")
	if data, err := os.ReadFile(marker); err == nil {
		var info cacheInfo
		if json.Unmarshal(data, &info) == nil {
			fmt.Fprintf(b.log, "Base de mesure réutilisée : %s (générée le %s en %.0f s)\n",
				b.dbPath, info.GeneratedAt.Format("02/01/2006"), info.Seconds)
			return nil
		}
	}

	// Start again from nothing: a half-generated database says nothing.
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	fmt.Fprintf(b.log, "Génération de la base de mesure (%d personnes, %d passages) dans %s…\n",
		b.opt.persons, b.opt.visits, dir)
	db, err := sqlite.Open(b.dbPath, nil)
	if err != nil {
		return err
	}
	start := time.Now()
	var sum demo.Summary
	err = b.profiled("generate", func() error {
		var err error
		sum, err = demo.Generate(ctx, db, demo.Options{Persons: b.opt.persons,
			Visits: b.opt.visits, Seed: b.opt.seed, Progress: b.progress(start)})
		return err
	})
	db.Close()
	if err != nil {
		return err
	}
	secs := time.Since(start).Seconds()
	fmt.Fprintf(b.log, "Base générée en %.1f s (%.0f passages/s).\n", secs,
		float64(sum.Visits)/secs)
	b.add(figure{name: "generate_time", value: secs, unit: "s", max: 120})

	info, _ := json.Marshal(cacheInfo{Summary: sum, Seconds: secs, GeneratedAt: time.Now()})
	return os.WriteFile(marker, info, 0o600)
}

func (b *bench) progress(start time.Time) func(done, total int) {
	last := start
	return func(done, total int) {
		if time.Since(last) >= 10*time.Second || done == total {
			last = time.Now()
			fmt.Fprintf(b.log, "… %d/%d passages, %.0f s\n", done, total,
				time.Since(start).Seconds())
		}
	}
}

// repoRoot is the folder of the pappu module's go.mod above the working
// folder, or the system's temporary folder outside the repository.
func repoRoot() string {
	dir, err := os.Getwd()
	for err == nil {
		data, readErr := os.ReadFile(filepath.Join(dir, "go.mod"))
		if readErr == nil && bytes.HasPrefix(data, []byte("module pappu\n")) {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return filepath.Join(os.TempDir(), "pappu-bench")
}

// readOnly opens a plain read-only connection to a database file, to pick
// the persons the measures work on.
func readOnly(path string) (*sql.DB, error) {
	return sql.Open("sqlite3", "file:"+url.PathEscape(filepath.ToSlash(path))+
		"?mode=ro&_busy_timeout=10000")
}

// sampled is a person picked at random in the database.
type sampled struct {
	id, last, first, fileNumber, birth string
}

// samplePersons picks n persons at random (with repeats) from the database.
func samplePersons(path string, r *rand.Rand, n int) ([]sampled, error) {
	conn, err := readOnly(path)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	var maxRow int64
	if err := conn.QueryRow(`SELECT max(rowid) FROM persons`).Scan(&maxRow); err != nil {
		return nil, err
	}
	if maxRow == 0 {
		return nil, errors.New("aucune personne dans la base")
	}
	stmt, err := conn.Prepare(`SELECT id, last_name, first_names, file_number, birth_date
		FROM persons WHERE rowid >= ? AND deleted_at IS NULL ORDER BY rowid LIMIT 1`)
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	out := make([]sampled, 0, n)
	for len(out) < n {
		var s sampled
		err := stmt.QueryRow(1+r.Int64N(maxRow)).Scan(&s.id, &s.last, &s.first,
			&s.fileNumber, &s.birth)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// ---- the measures ----

// measureSearch times person searches as people type them: the start of a
// last name, a first and a last name, a file number, a birth date.
func (b *bench) measureSearch(ctx context.Context) error {
	r := rand.New(rand.NewPCG(uint64(b.opt.seed), 1))
	people, err := samplePersons(b.dbPath, r, b.opt.queries)
	if err != nil {
		return err
	}
	queries := make([]string, len(people))
	for i, p := range people {
		queries[i] = searchQuery(r, p)
	}

	db, err := sqlite.Open(b.dbPath, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	for _, q := range queries[:min(20, len(queries))] { // warm the caches
		if _, err := db.SearchPersons(ctx, q, 20); err != nil {
			return err
		}
	}
	times := make([]time.Duration, 0, len(queries))
	for _, q := range queries {
		start := time.Now()
		if _, err := db.SearchPersons(ctx, q, 20); err != nil {
			return err
		}
		times = append(times, time.Since(start))
	}
	b.add(figure{name: "search_p50", value: ms(percentile(times, 50)), unit: "ms", max: 10})
	b.add(figure{name: "search_p99", value: ms(percentile(times, 99)), unit: "ms", max: 10})
	return nil
}

// searchQuery writes what someone looking for p might type.
func searchQuery(r *rand.Rand, p sampled) string {
	switch u := r.Float64(); {
	case u < 0.15 && p.fileNumber != "":
		return p.fileNumber
	case u < 0.35 && len(p.birth) == 10:
		d, err := time.Parse("2006-01-02", p.birth)
		if err == nil {
			return d.Format("02/01/2006")
		}
	case u < 0.60 && p.first != "":
		return strings.ToLower(p.first + " " + p.last)
	}
	name := []rune(p.last)
	return string(name[:min(len(name), 2+r.IntN(5))])
}

// measureDashboard times the dashboard of last month and of last year.
func (b *bench) measureDashboard(ctx context.Context) error {
	db, err := sqlite.Open(b.dbPath, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	now := time.Now()
	month := time.Date(now.Year(), now.Month()-1, 1, 0, 0, 0, 0, time.UTC)
	for _, m := range []struct {
		name string
		p    backend.Period
	}{
		{"dashboard_month", backend.Period{From: month.Format("2006-01-02"),
			To: month.AddDate(0, 1, -1).Format("2006-01-02")}},
		{"dashboard_year", backend.Period{From: fmt.Sprintf("%d-01-01", now.Year()-1),
			To: fmt.Sprintf("%d-12-31", now.Year()-1)}},
	} {
		times := make([]time.Duration, 0, b.opt.dashboardRuns)
		var d backend.Dashboard
		for range b.opt.dashboardRuns {
			start := time.Now()
			if d, err = db.Dashboard(ctx, m.p); err != nil {
				return err
			}
			times = append(times, time.Since(start))
		}
		fmt.Fprintf(b.log, "%s %s..%s : %d passages, %d personnes\n", m.name, m.p.From,
			m.p.To, d.Visits, d.Persons)
		b.add(figure{name: m.name, value: ms(percentile(times, 50)), unit: "ms", max: 150})
	}
	return nil
}

// measureSave times recording visits, identified and anonymous, on a copy of
// the cached database.
func (b *bench) measureSave(ctx context.Context) error {
	r := rand.New(rand.NewPCG(uint64(b.opt.seed), 2))
	people, err := samplePersons(b.dbPath, r, b.opt.saves)
	if err != nil {
		return err
	}
	path := filepath.Join(b.work, "save", "pappu.db")
	if err := copyFile(b.dbPath, path); err != nil {
		return err
	}
	defer os.RemoveAll(filepath.Dir(path))
	db, err := sqlite.Open(path, nil)
	if err != nil {
		return err
	}
	defer db.Close()

	c, err := db.Context(ctx)
	if err != nil {
		return err
	}
	ctx = backend.WithActor(ctx, c.Users[0].ID) // as the window does
	themes := refdata.Themes()
	modes := refdata.VisitModes()
	times := make([]time.Duration, 0, len(people))
	for i, p := range people {
		v := backend.Visit{
			At:          time.Now().Add(-time.Duration(r.IntN(8*60)) * time.Minute),
			SiteID:      c.Sites[r.IntN(len(c.Sites))].ID,
			UserID:      c.Users[r.IntN(len(c.Users))].ID,
			PersonID:    p.id,
			Mode:        modes[r.IntN(len(modes))].Code,
			DurationMin: 5 * (1 + r.IntN(12)),
			Themes:      []string{themes[r.IntN(len(themes))].Code},
			Actions:     "Information sur les droits",
		}
		if i%10 == 0 {
			v.PersonID, v.Sex, v.AgeBracket, v.Nationality = "", "F", "26-35", "DZ"
		}
		start := time.Now()
		if _, err := db.RecordVisit(ctx, v); err != nil {
			return err
		}
		times = append(times, time.Since(start))
	}
	b.add(figure{name: "save_p50", value: ms(percentile(times, 50)), unit: "ms", max: 5})
	b.add(figure{name: "save_p99", value: ms(percentile(times, 99)), unit: "ms", max: 5})
	return nil
}

// measureImport times importing a spreadsheet of made-up visits, written as
// an association exports it, into a new database.
func (b *bench) measureImport(ctx context.Context) error {
	rows, err := demo.Rows(demo.Options{Persons: b.opt.importRows / 5,
		Visits: b.opt.importRows, Seed: b.opt.seed + 1000, Years: 1})
	if err != nil {
		return err
	}
	data, err := spreadsheet(rows)
	if err != nil {
		return err
	}

	path := filepath.Join(b.work, "import", "pappu.db")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	defer os.RemoveAll(filepath.Dir(path))
	db, err := sqlite.Open(path, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.Setup(ctx, backend.Setup{OrganisationName: "Banc d'essai",
		SiteName: rows[0].SiteName, UserName: rows[0].UserName}); err != nil {
		return err
	}

	start := time.Now()
	rep, err := importer.Import(ctx, db, "accueils.csv", bytes.NewReader(data),
		int64(len(data)), nil)
	if err != nil {
		return err
	}
	secs := time.Since(start).Seconds()
	fmt.Fprintf(b.log, "import : %d lignes (%.1f Mo) en %.2f s, %d importées, "+
		"%d rejetées, %d personnes créées\n", len(rows), float64(len(data))/1e6, secs,
		rep.Imported, len(rep.Rejected), rep.PersonsCreated)
	b.add(figure{name: "import_rate", value: float64(len(rows)) / secs, unit: "rows/s",
		min: 20000})
	return nil
}

// spreadsheet writes rows as the sample reception log is laid out: ";"
// separated, Windows-1252, CRLF line ends, dates as dd/mm/yyyy.
func spreadsheet(rows []backend.ImportRow) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("Date;Lieu;Intervenant;Nom;Prénom;Sexe;Date de naissance;Nationalité;" +
		"Situation administrative;Thème(s);Orientation;Commentaire\r\n")
	for _, row := range rows {
		v := row.Visit
		var themes []string
		for _, code := range v.Themes {
			themes = append(themes, refdata.ThemeLabel(code))
		}
		cells := []string{v.At.In(paris).Format("02/01/2006"), row.SiteName, row.UserName,
			"", "", sexText(v.Sex), "", countryText(v.Nationality), "",
			strings.Join(themes, ", "), v.Referrals, v.Note}
		if p := row.Person; p != nil {
			cells[3], cells[4], cells[5] = p.LastName, p.FirstNames, sexText(p.Sex)
			cells[6], cells[7] = birthText(p.BirthDate), countryText(p.Nationality)
			if p.AdminSituation != "" {
				cells[8] = refdata.AdminSituationLabel(p.AdminSituation)
			}
		}
		for i, c := range cells {
			if strings.ContainsAny(c, ";\"\r\n") {
				c = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
			}
			if i > 0 {
				buf.WriteByte(';')
			}
			buf.WriteString(c)
		}
		buf.WriteString("\r\n")
	}
	return toWindows1252(buf.String())
}

func sexText(code string) string {
	if code == "" {
		return ""
	}
	return refdata.SexLabel(code)
}

func countryText(code string) string {
	if code == "" {
		return ""
	}
	return refdata.CountryName(code)
}

// birthText writes a birth date as a spreadsheet shows it: dd/mm/yyyy, or
// what is known of it.
func birthText(s string) string {
	switch len(s) {
	case 10:
		return s[8:10] + "/" + s[5:7] + "/" + s[0:4]
	case 7:
		return s[5:7] + "/" + s[0:4]
	}
	return s
}

// toWindows1252 encodes text as Windows-1252; letters it lacks (the Turkish
// ş, ı, ğ) lose their accent, as a spreadsheet export would garble them.
func toWindows1252(s string) ([]byte, error) {
	enc := charmap.Windows1252.NewEncoder()
	var b strings.Builder
	for _, r := range s {
		if _, ok := charmap.Windows1252.EncodeRune(r); ok {
			b.WriteRune(r)
			continue
		}
		base := '?'
		for _, d := range norm.NFD.String(string(r)) {
			if !unicode.Is(unicode.Mn, d) {
				base = d
				break
			}
		}
		if r == 'ı' {
			base = 'i'
		}
		if _, ok := charmap.Windows1252.EncodeRune(base); !ok {
			base = '?'
		}
		b.WriteRune(base)
	}
	return enc.Bytes([]byte(b.String()))
}

var paris = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic(err)
	}
	return loc
}()

// copyFile copies a closed database file into a new folder.
func copyFile(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	// Written to disk now, so that flushing it does not slow the measures.
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func percentile(times []time.Duration, p int) time.Duration {
	s := slices.Clone(times)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100 // nearest rank
	return s[max(0, min(i, len(s))-1)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
