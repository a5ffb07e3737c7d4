package demo

import (
	"context"
	"math/rand/v2"
	"time"

	"pappu/backend"
	"pappu/backend/refdata"
	"pappu/backend/sqlite"
)

// demoPartners is a made-up partner directory of a Marseille network: the
// names describe no real organisation.
var demoPartners = []backend.Partner{
	{Name: "Association Horizons Sud", Kind: backend.PartnerAssociation,
		Themes: []string{"asile", "sejour"}, Address: "12 rue des Glycines", PostalCode: "13001",
		Commune: "Marseille", Phone: "04 00 00 00 01",
		Contacts: []backend.PartnerContact{{Name: "Lina Perrot", Role: "juriste"}}},
	{Name: "Collectif Passerelles", Kind: backend.PartnerAssociation,
		Themes: []string{"domiciliation", "droits_sociaux"}, PostalCode: "13003",
		Commune: "Marseille"},
	{Name: "Plateforme asile des Tilleuls", Organisation: "Association Horizons Sud",
		Kind: backend.PartnerAssociation, Themes: []string{"asile"}, Commune: "Marseille"},
	{Name: "Guichet séjour (démonstration)", Organisation: "Préfecture fictive",
		Kind: backend.PartnerAdministration, Themes: []string{"sejour", "sejour_renouvellement"},
		Commune: "Marseille"},
	{Name: "Caisse d'allocations (démonstration)", Kind: backend.PartnerAdministration,
		Themes: []string{"droits_sociaux"}, Commune: "Marseille"},
	{Name: "Cabinet Maître Valbonne", Kind: backend.PartnerLawyer,
		Themes: []string{"eloignement", "sejour"}, Commune: "Marseille",
		Contacts: []backend.PartnerContact{{Name: "Claire Valbonne", Role: "avocate"}}},
	{Name: "Cabinet Ferrand et associés", Kind: backend.PartnerLawyer,
		Themes: []string{"asile"}, Commune: "Aix-en-Provence", PostalCode: "13100"},
	{Name: "Centre de santé des Lauriers", Kind: backend.PartnerHealth,
		Themes: []string{"sante"}, Commune: "Marseille",
		Contacts: []backend.PartnerContact{{Name: "Dr Samir Haddad", Role: "médecin"}}},
	{Name: "Service social du secteur Est", Kind: backend.PartnerSocial,
		Themes: []string{"droits_sociaux", "logement"}, Commune: "Marseille"},
	{Name: "Maison des solidarités du Vallon", Kind: backend.PartnerSocial,
		Commune: "Aubagne", PostalCode: "13400"},
	{Name: "Accueil de nuit Les Amandiers", Kind: backend.PartnerHousing,
		Themes: []string{"logement"}, Commune: "Marseille"},
	{Name: "Point d'accès au droit du Vieux-Port", Kind: backend.PartnerOther,
		Commune: "Marseille"},
}

// Shapes of the generated directory activity.
const (
	maxReferrals     = 2000 // referrals made from visits, at most
	supportsPerWeek  = 2.0  // support records to partners, on average
	outcomeAfterDays = 14   // referrals older than this have an outcome
)

var supportQuestions = []string{
	"Pièces pour un renouvellement de titre", "Délais de la préfecture",
	"Droits CAF d'une personne sous récépissé", "Procédure Dublin : que faire ?",
	"Accès à l'AME sans domiciliation", "Recours contre une OQTF",
	"Présentation des permanences", "Formation au droit des étrangers",
}

// generateDirectory adds the made-up partners, referrals from the generated
// visits that mention one, and support records. A second run with the same
// seed adds nothing: partners are matched by name, a visit refers once to a
// partner, and support is generated only when the first partner has none.
func generateDirectory(ctx context.Context, db *sqlite.DB, opt Options, p *plan) error {
	lines := make([]backend.PartnerLine, len(demoPartners))
	for i, partner := range demoPartners {
		lines[i] = backend.PartnerLine{Line: i + 1, Partner: partner}
	}
	if _, err := db.ImportPartners(ctx, lines); err != nil {
		return err
	}
	ids, err := demoPartnerIDs(ctx, db)
	if err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(uint64(opt.Seed), 0xd1ec7))
	if err := generateReferrals(ctx, db, opt, p, ids, r); err != nil {
		return err
	}
	return generateSupports(ctx, db, opt, p, ids, r)
}

// demoPartnerIDs returns the ids of the made-up partners, in list order.
func demoPartnerIDs(ctx context.Context, db *sqlite.DB) ([]string, error) {
	all, err := db.AllPartners(ctx)
	if err != nil {
		return nil, err
	}
	byName := map[string]string{}
	for _, partner := range all {
		byName[partner.Name] = partner.ID
	}
	ids := make([]string, len(demoPartners))
	for i, partner := range demoPartners {
		ids[i] = byName[partner.Name]
	}
	return ids, nil
}

// generateReferrals refers the persons of the visits whose text mentions a
// referral, at most maxReferrals of them spread over the period.
func generateReferrals(ctx context.Context, db *sqlite.DB, opt Options, p *plan,
	partners []string, r *rand.Rand) error {
	var keys []string
	for n, v := range p.visits {
		if v.person >= 0 && v.referral != noText {
			keys = append(keys, key(p.seed, n))
		}
	}
	stride := max(1, (len(keys)+maxReferrals-1)/maxReferrals)
	var picked []string
	for i := 0; i < len(keys); i += stride {
		picked = append(picked, keys[i])
	}
	visits, err := db.VisitsByImportKey(ctx, picked)
	if err != nil {
		return err
	}
	today := opt.Today.In(paris).Format(time.DateOnly)
	for _, k := range picked {
		partner := partners[r.IntN(len(partners))]
		outcome, draw := pickOutcome(r), r.IntN(28)+2
		id, ok := visits[k]
		if !ok {
			continue
		}
		made, err := db.CreateReferrals(ctx, backend.NewReferrals{VisitID: id,
			PartnerIDs: []string{partner}, Reason: "Orientation lors de l'accueil"})
		if err != nil || len(made) == 0 {
			if err != nil {
				return err
			}
			continue
		}
		day, _ := time.Parse(time.DateOnly, made[0].Day)
		on := day.AddDate(0, 0, draw).Format(time.DateOnly)
		if on > today || outcome == backend.ReferralPending ||
			day.AddDate(0, 0, outcomeAfterDays).Format(time.DateOnly) > today {
			continue
		}
		if _, err := db.SetReferralOutcome(ctx, made[0].ID, outcome, on); err != nil {
			return err
		}
	}
	return nil
}

// pickOutcome draws what became of a referral.
func pickOutcome(r *rand.Rand) string {
	switch x := r.Float64(); {
	case x < 0.6:
		return backend.ReferralTaken
	case x < 0.7:
		return backend.ReferralRefused
	case x < 0.85:
		return backend.ReferralNoNews
	}
	return backend.ReferralPending
}

// generateSupports records about supportsPerWeek support records a week
// over the period, the first one to the first partner.
func generateSupports(ctx context.Context, db *sqlite.DB, opt Options, p *plan,
	partners []string, r *rand.Rand) error {
	have, err := db.SupportsOfPartner(ctx, partners[0])
	if err != nil || len(have) > 0 {
		return err
	}
	c, err := db.Context(ctx)
	if err != nil {
		return err
	}
	last := opt.Today.In(paris)
	first := last.AddDate(-opt.Years, 0, 0)
	days := int(last.Sub(first).Hours() / 24)
	n := int(float64(days) / 7 * supportsPerWeek)
	modes := refdata.SupportModes()
	themes := refdata.Themes()
	for i := range n {
		partner := partners[0]
		if i > 0 {
			partner = partners[r.IntN(len(partners))]
		}
		mode := modes[r.IntN(len(modes))].Code
		s := backend.PartnerSupport{
			Day:       first.AddDate(0, 0, r.IntN(days+1)).Format(time.DateOnly),
			PartnerID: partner, UserID: c.Users[r.IntN(len(c.Users))].ID, Mode: mode,
			Themes:      []string{themes[r.IntN(len(themes))].Code},
			DurationMin: supportMinutes(mode, r),
			Question:    supportQuestions[r.IntN(len(supportQuestions))],
			FollowUp:    r.IntN(5) == 0,
		}
		if r.IntN(3) == 0 {
			s.Themes = append(s.Themes, themes[r.IntN(len(themes))].Code)
		}
		if _, err := db.RecordSupport(ctx, s); err != nil {
			return err
		}
	}
	return nil
}

// supportMinutes draws a plausible duration for a mode of support.
func supportMinutes(mode string, r *rand.Rand) int {
	switch mode {
	case backend.SupportTraining:
		return 120 + 60*r.IntN(4)
	case backend.SupportGroup:
		return 60 + 30*r.IntN(4)
	case backend.SupportMeeting:
		return 30 + 15*r.IntN(4)
	}
	return 5 + 5*r.IntN(6)
}
