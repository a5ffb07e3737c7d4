package demo

import (
	"context"
	"math/rand/v2"
	"time"

	"pappu/backend"
	"pappu/backend/refdata"
	"pappu/backend/sqlite"
)

// Shapes of the generated procedures: how many persons have 0, 1, 2 or 3.
var proceduresPerPerson = newWeighted([]int{0, 1, 2, 3}, []float64{0.55, 0.27, 0.13, 0.05})

// procedureKind is a procedure type, how common it is, who handles it, and
// whether a favourable decision gives a permit that runs until a date.
type procedureKind struct {
	code      string
	weight    float64
	authority string
	permit    bool
}

var procedureKinds = []procedureKind{
	{refdata.ProcedureRenewal, 0.22, "Préfecture des Bouches-du-Rhône", true},
	{refdata.ProcedureFirstPermit, 0.12, "Préfecture des Bouches-du-Rhône", true},
	{"changement_statut", 0.04, "Préfecture des Bouches-du-Rhône", true},
	{"regroupement_familial", 0.04, "OFII", false},
	{"naturalisation", 0.03, "Préfecture des Bouches-du-Rhône", false},
	{refdata.ProcedureAsylum, 0.10, "OFPRA", true},
	{"reexamen", 0.02, "OFPRA", false},
	{"recours_cnda", 0.04, "CNDA", true},
	{"recours_ta", 0.04, "Tribunal administratif de Marseille", false},
	{"ame", 0.08, "CPAM des Bouches-du-Rhône", false},
	{"puma_css", 0.10, "CPAM des Bouches-du-Rhône", false},
	{"caf", 0.09, "CAF des Bouches-du-Rhône", false},
	{"domiciliation", 0.05, "CCAS de Marseille", false},
	{"etat_civil", 0.02, "OFPRA", false},
	{refdata.ProcedureOther, 0.01, "", false},
}

var pickKind = indexes(procedureKinds, func(k procedureKind) float64 { return k.weight })

// nextStep says how a procedure goes on from a status: its next statuses,
// weighted; the chance it stays where it is (still waiting) comes first.
var nextStep = map[string]weighted[string]{
	backend.StatusToPrepare: newWeighted([]string{"", backend.StatusFiled, backend.StatusClosed},
		[]float64{0.15, 0.75, 0.10}),
	backend.StatusFiled: newWeighted([]string{"", backend.StatusReceipt, backend.StatusGranted,
		backend.StatusRefused, backend.StatusClosed}, []float64{0.15, 0.40, 0.20, 0.15, 0.10}),
	backend.StatusReceipt: newWeighted([]string{"", backend.StatusGranted, backend.StatusRefused,
		backend.StatusClosed}, []float64{0.15, 0.55, 0.25, 0.05}),
	backend.StatusGranted: newWeighted([]string{"", backend.StatusClosed}, []float64{0.4, 0.6}),
	backend.StatusRefused: newWeighted([]string{"", backend.StatusAppeal, backend.StatusClosed},
		[]float64{0.2, 0.4, 0.4}),
	backend.StatusAppeal: newWeighted([]string{"", backend.StatusGranted, backend.StatusRefused,
		backend.StatusClosed}, []float64{0.2, 0.35, 0.35, 0.1}),
}

// addProcedures gives a share of the generated persons one to three
// procedures, opened after one of their visits, each moved through
// plausible steps up to today. Drawn from the seed alone; a person who
// already has procedures gets none, so running again writes nothing.
func addProcedures(ctx context.Context, db *sqlite.DB, p *plan) (int, error) {
	all := p.procedures()
	written := 0
	for from := 0; from < len(all); from += batchSize {
		if err := ctx.Err(); err != nil {
			return written, err
		}
		n, err := db.ImportProcedures(ctx, all[from:min(from+batchSize, len(all))])
		if err != nil {
			return written, err
		}
		written += n
	}
	return written, nil
}

// procedures draws the procedures of every person, keyed by their first
// visit.
func (p *plan) procedures() []sqlite.ProcedureImport {
	r := rand.New(rand.NewPCG(uint64(p.seed), 0x9d0c))
	first := make([]int, len(p.persons))
	for i := range first {
		first[i] = -1
	}
	for n, v := range p.visits {
		if v.person >= 0 && first[v.person] < 0 {
			first[v.person] = n
		}
	}
	today := p.cal.date(p.cal.days - 1)
	var out []sqlite.ProcedureImport
	for _, n := range first {
		if n < 0 {
			continue
		}
		for range proceduresPerPerson.pick(r) {
			visitDay := time.Unix(p.visits[n].at, 0).In(paris)
			start := time.Date(visitDay.Year(), visitDay.Month(), visitDay.Day(), 0, 0, 0, 0,
				time.UTC).AddDate(0, 0, r.IntN(60))
			if start.After(today) {
				continue
			}
			out = append(out, sqlite.ProcedureImport{PersonKey: key(p.seed, n),
				Procedure: drawProcedure(r, start, today)})
		}
	}
	return out
}

// drawProcedure opens a procedure on start and moves it on, a few weeks
// between steps, until it waits, closes, or reaches today.
func drawProcedure(r *rand.Rand, start, today time.Time) backend.Procedure {
	kind := procedureKinds[pickKind.pick(r)]
	pr := backend.Procedure{Type: kind.code, Status: backend.StatusToPrepare,
		Authority: kind.authority}
	pr.Steps = []backend.ProcedureStep{{ToStatus: pr.Status, Day: start.Format(time.DateOnly)}}
	day := start
	for pr.Status != backend.StatusClosed {
		to := nextStep[pr.Status].pick(r)
		day = day.AddDate(0, 0, 7+r.IntN(84))
		if to == "" || day.After(today) {
			break
		}
		d := day.Format(time.DateOnly)
		switch to {
		case backend.StatusFiled:
			pr.SubmittedOn = d
		case backend.StatusReceipt:
			pr.ReceiptUntil = day.AddDate(0, 3+3*r.IntN(2), 0).Format(time.DateOnly)
		case backend.StatusGranted:
			pr.DecisionOn = d
			if kind.permit {
				pr.PermitUntil = day.AddDate(1+r.IntN(4), 0, 0).Format(time.DateOnly)
			}
		case backend.StatusRefused:
			pr.DecisionOn = d
		}
		pr.Status = to
		pr.Steps = append(pr.Steps, backend.ProcedureStep{ToStatus: to, Day: d})
	}
	provided := 0.4
	if pr.Status != backend.StatusToPrepare {
		provided = 0.85
	}
	for _, doc := range refdata.DocumentChecklist(kind.code) {
		pr.Documents = append(pr.Documents, backend.DocumentItem{Code: doc.Code,
			Provided: r.Float64() < provided})
	}
	return pr
}
