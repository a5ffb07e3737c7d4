package refdata_test

import (
	"slices"
	"testing"

	"pappu/backend"
	"pappu/backend/refdata"
)

func TestResolveCountry(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		// Every nationality written in the sample reception log.
		{"Comorien", "KM"}, {"comorienne", "KM"}, {"Comores", "KM"},
		{"Nigeria", "NG"}, {"Nigéria", "NG"}, {"nigériane", "NG"},
		{"turque", "TR"}, {"Turquie", "TR"},
		{"Ukraine", "UA"}, {"ukrainienne", "UA"},
		{"Sénégalaise", "SN"}, {"Sénégal", "SN"}, {"senegal", "SN"},
		{"ALGERIE", "DZ"}, {"Algerie", "DZ"}, {"algerie", "DZ"},
		{"Algérien", "DZ"}, {"Algérienne", "DZ"},
		{"malienne", "ML"}, {"Mali", "ML"},
		{"Côte d'Ivoire", "CI"}, {"Cote d'Ivoire", "CI"}, {"ivoirienne", "CI"},
		{"tunisienne", "TN"}, {"Tunisie", "TN"}, {"Tunisien", "TN"},
		{"Afghanistan", "AF"}, {"Afghan", "AF"}, {"afghane", "AF"},
		{"République démocratique du Congo", "CD"}, {"Congo (RDC)", "CD"}, {"RDC", "CD"},
		{"Maroc", "MA"}, {"MAROC", "MA"}, {"marocaine", "MA"}, {"Marocain", "MA"},
		{"albanaise", "AL"}, {"Albanie", "AL"},
		{"guinéenne", "GN"}, {"Guinée", "GN"},
		{"georgie", "GE"}, {"Géorgie", "GE"}, {"Géorgienne", "GE"},
		// Codes, variants and aliases.
		{"MA", "MA"}, {"ma", "MA"}, {"DZA", "DZ"}, {" fr ", "FR"},
		{"Cote divoire", "CI"}, {"COTE-D'IVOIRE", "CI"}, {"ivoirien(ne)", "CI"},
		{"marocain(e)", "MA"}, {"Congo RDC", "CD"}, {"Congo-Brazzaville", "CG"},
		{"Guinée Conakry", "GN"}, {"Guinée-Bissau", "GW"}, {"Russie", "RU"},
		{"russe", "RU"}, {"USA", "US"}, {"Etats-Unis", "US"}, {"américaine", "US"},
		{"Grande-Bretagne", "GB"}, {"britannique", "GB"}, {"Morocco", "MA"},
		{"Germany", "DE"}, {"Allemande", "DE"}, {"française", "FR"}, {"Français", "FR"},
		{"néerlandais", "NL"}, {"samoan", "WS"}, {"Vietnam", "VN"}, {"Viet Nam", "VN"},
		{"Kosovo", "XK"}, {"kosovare", "XK"}, {"Swaziland", "SZ"}, {"Eswatini", "SZ"},
		{"sri lankais", "LK"}, {"Sri-Lanka", "LK"}, {"Birmanie", "MM"}, {"Myanmar", "MM"},
		{"érythréenne", "ER"}, {"soudanais", "SD"}, {"sud-soudanaise", "SS"},
		{"nigérien", "NE"}, {"Niger", "NE"}, {"Haiti", "HT"}, {"haïtienne", "HT"},
		{"Cap Vert", "CV"}, {"capverdienne", "CV"}, {"bosniaque", "BA"},
	}
	for _, tt := range tests {
		got, ok := refdata.ResolveCountry(tt.in)
		if !ok || got != tt.want {
			t.Errorf("ResolveCountry(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestResolveCountryRefuses(t *testing.T) {
	// Ambiguous or meaningless input resolves to nothing rather than a guess.
	for _, in := range []string{"", "  ", "Congo", "congolais", "congolaise", "Corée",
		"apatride", "xyz", "Saint-Martinois", "-"} {
		if got, ok := refdata.ResolveCountry(in); ok {
			t.Errorf("ResolveCountry(%q) = %q; want no match", in, got)
		}
	}
}

func TestCountries(t *testing.T) {
	list := refdata.Countries()
	if len(list) < 240 {
		t.Fatalf("%d countries; want at least 240", len(list))
	}
	seen := map[string]bool{}
	for i, c := range list {
		if len(c.Code) != 2 || c.Name == "" || c.Masculine == "" || c.Feminine == "" {
			t.Errorf("incomplete country %+v", c)
		}
		if seen[c.Code] {
			t.Errorf("duplicate code %s", c.Code)
		}
		seen[c.Code] = true
		if i > 0 && backend.Fold(list[i-1].Name) > backend.Fold(c.Name) {
			t.Errorf("%q sorted before %q", list[i-1].Name, c.Name)
		}
		// Every country resolves from its code, its name and its adjectives,
		// unless the adjective is shared with another country.
		for _, in := range []string{c.Code, c.Name} {
			if got, ok := refdata.ResolveCountry(in); !ok || got != c.Code {
				t.Errorf("ResolveCountry(%q) = %q, %v; want %s", in, got, ok, c.Code)
			}
		}
	}
	// Accent-blind collation: Égypte sorts among the E, not after Z.
	if next := list[indexOf(list, "EG")+1].Name; next != "Émirats arabes unis" {
		t.Errorf("Égypte followed by %q", next)
	}
}

func indexOf(list []backend.Country, code string) int {
	return slices.IndexFunc(list, func(c backend.Country) bool { return c.Code == code })
}

func TestCountryName(t *testing.T) {
	tests := map[string]string{"MA": "Maroc", "CI": "Côte d'Ivoire", "DZ": "Algérie",
		"CD": "République démocratique du Congo", "ZZ": "ZZ", "": ""}
	for code, want := range tests {
		if got := refdata.CountryName(code); got != want {
			t.Errorf("CountryName(%q) = %q; want %q", code, got, want)
		}
	}
	countries := refdata.Countries()
	if c := countries[indexOf(countries, "MA")]; c.Masculine != "marocain" ||
		c.Feminine != "marocaine" {
		t.Errorf("Morocco adjectives = %q, %q", c.Masculine, c.Feminine)
	}
}

func TestResolveTheme(t *testing.T) {
	tests := []struct{ in, want string }{
		// Every theme written in the sample reception log.
		{"Asile", "asile"}, {"Naturalisation", "naturalisation"},
		{"Domiciliation", "domiciliation"}, {"Visa", "visa"},
		{"État civil", "etat_civil"}, {"Santé (AME)", "sante"},
		{"Regroupement familial", "regroupement_familial"},
		{"Droits sociaux", "droits_sociaux"}, {"Séjour", "sejour"},
		{"OQTF / recours", "eloignement"}, {"Logement", "logement"},
		{"Travail", "travail"},
		// Variants.
		{"Titre de séjour", "sejour"}, {"SEJOUR", "sejour"}, {"Santé", "sante"},
		{"AME", "sante"}, {"CMU", "sante"}, {"PUMa", "sante"}, {"CAF", "droits_sociaux"},
		{"RSA", "droits_sociaux"}, {"Hébergement", "logement"}, {"115", "logement"},
		{"Nationalité", "naturalisation"}, {"etat-civil", "etat_civil"},
		{"Renouvellement", "sejour_renouvellement"}, {"1ère demande", "sejour_premiere"},
		{"Changement de statut", "sejour_changement"}, {"OQTF", "eloignement"},
		{"Éloignement / OQTF / recours", "eloignement"}, {"violences conjugales", "violences"},
		{"scolarité", "scolarite"}, {"Divers", "autre"}, {"sejour_premiere", "sejour_premiere"},
		{"Thème(s)", ""}, {"", ""},
	}
	for _, tt := range tests {
		got, ok := refdata.ResolveTheme(tt.in)
		if ok != (tt.want != "") || got != tt.want {
			t.Errorf("ResolveTheme(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestResolveThemeList(t *testing.T) {
	tests := []struct {
		in      string
		codes   []string
		unknown []string
	}{
		{"Asile; Naturalisation", []string{"asile", "naturalisation"}, nil},
		{"Domiciliation, Asile", []string{"domiciliation", "asile"}, nil},
		{"Visa / OQTF / recours", []string{"visa", "eloignement"}, nil},
		{"Logement / OQTF / recours / Asile", []string{"logement", "eloignement", "asile"}, nil},
		{"OQTF / recours, Regroupement familial, Visa",
			[]string{"eloignement", "regroupement_familial", "visa"}, nil},
		{"Séjour; Santé (AME); Séjour", []string{"sejour", "sante"}, nil},
		{"Asile / truc", []string{"asile"}, []string{"truc"}},
		{" ; , / ", nil, nil},
	}
	for _, tt := range tests {
		codes, unknown := refdata.ResolveThemeList(tt.in)
		if !slices.Equal(codes, tt.codes) || !slices.Equal(unknown, tt.unknown) {
			t.Errorf("ResolveThemeList(%q) = %q, %q; want %q, %q",
				tt.in, codes, unknown, tt.codes, tt.unknown)
		}
	}
}

func TestResolveAdminSituation(t *testing.T) {
	tests := []struct{ in, want string }{
		// Every situation written in the sample reception log.
		{"Titre de séjour", "titre_sejour"}, {"Récépissé", "recepisse"}, {"APS", "aps"},
		{"Demandeur d'asile", "demandeur_asile"}, {"Sans titre", "sans_titre"},
		{"Visa", "visa"}, {"Réfugié", "refugie"},
		// Variants.
		{"sans papiers", "sans_titre"}, {"Sans-papiers", "sans_titre"},
		{"demandeuse d'asile", "demandeur_asile"}, {"recepisse", "recepisse"},
		{"Carte de résident", "carte_resident"}, {"réfugiée", "refugie"},
		{"protection subsidiaire", "refugie"}, {"Ressortissant UE", "ue"},
		{"Nationalité française", "francais"}, {"OQTF", "oqtf"}, {"Inconnue", "inconnue"},
		{"Autre", "autre"}, {"CST", "titre_sejour"},
	}
	for _, tt := range tests {
		got, ok := refdata.ResolveAdminSituation(tt.in)
		if !ok || got != tt.want {
			t.Errorf("ResolveAdminSituation(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestResolveSex(t *testing.T) {
	tests := []struct{ in, want string }{
		{"F", "F"}, {"f", "F"}, {"Femme", "F"}, {"Mme", "F"}, {"Madame", "F"},
		{"Mlle", "F"}, {"féminin", "F"}, {"FEMININ", "F"},
		{"M", "M"}, {"M.", "M"}, {"H", "M"}, {"Homme", "M"}, {"Monsieur", "M"},
		{"masculin", "M"}, {"Mr", "M"},
		{"X", "X"}, {"Autre", "X"}, {"non binaire", "X"},
	}
	for _, tt := range tests {
		got, ok := refdata.ResolveSex(tt.in)
		if !ok || got != tt.want {
			t.Errorf("ResolveSex(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
	if got, ok := refdata.ResolveSex("Z"); ok {
		t.Errorf("ResolveSex(Z) = %q; want no match", got)
	}
}

func TestResolveVisitMode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Sans RDV", "walk_in"}, {"sur place", "walk_in"}, {"RDV", "appointment"},
		{"Sur rendez-vous", "appointment"}, {"Tél.", "phone"}, {"téléphone", "phone"},
		{"mail", "email"}, {"Courriel", "email"}, {"courrier", "letter"},
		{"Maraude", "outreach"}, {"hors les murs", "outreach"}, {"walk_in", "walk_in"},
	}
	for _, tt := range tests {
		got, ok := refdata.ResolveVisitMode(tt.in)
		if !ok || got != tt.want {
			t.Errorf("ResolveVisitMode(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestLabels(t *testing.T) {
	tests := []struct{ got, want string }{
		{refdata.ThemeLabel("sante"), "Santé (AME, PUMa, CSS)"},
		{refdata.ThemeLabel("nope"), "nope"},
		{refdata.VisitModeLabel("phone"), "Téléphone"},
		{refdata.AdminSituationLabel("aps"), "Autorisation provisoire de séjour (APS)"},
		{refdata.SexLabel("M"), "Homme"},
		{refdata.SexLabel("F"), "Femme"},
		{refdata.SexLabel("X"), "Autre"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("label %q; want %q", tt.got, tt.want)
		}
	}
}

func TestListsAreCodedAndResolvable(t *testing.T) {
	lists := map[string]struct {
		items   []backend.RefItem
		resolve func(string) (string, bool)
	}{
		"themes":     {refdata.Themes(), refdata.ResolveTheme},
		"modes":      {refdata.VisitModes(), refdata.ResolveVisitMode},
		"situations": {refdata.AdminSituations(), refdata.ResolveAdminSituation},
		"sexes":      {refdata.Sexes(), refdata.ResolveSex},
	}
	for name, l := range lists {
		seen := map[string]bool{}
		for _, it := range l.items {
			if it.Code == "" || it.Label == "" || seen[it.Code] {
				t.Errorf("%s: bad or duplicate item %+v", name, it)
			}
			seen[it.Code] = true
			for _, in := range []string{it.Code, it.Label} {
				if got, ok := l.resolve(in); !ok || got != it.Code {
					t.Errorf("%s: resolve(%q) = %q, %v; want %q", name, in, got, ok, it.Code)
				}
			}
		}
	}
	refs := refdata.References()
	if len(refs.Themes) < 17 || len(refs.Countries) < 240 || len(refs.AgeBrackets) == 0 {
		t.Errorf("References incomplete: %d themes, %d countries",
			len(refs.Themes), len(refs.Countries))
	}
}

func BenchmarkResolveCountry(b *testing.B) {
	inputs := []string{"marocaine", "ALGERIE", "Côte d'Ivoire", "Congo (RDC)", "xyz"}
	refdata.ResolveCountry("warm up")
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		refdata.ResolveCountry(inputs[i%len(inputs)])
	}
}

func TestAdjectivesResolve(t *testing.T) {
	// An adjective resolves to its country, or to the state whose territory
	// shares it ("français" for the TAAF); "congolais" and "saint-martinois"
	// name two places alike and resolve to none.
	shared := map[string]bool{"congolais": true, "congolaise": true,
		"saint-martinois": true, "saint-martinoise": true}
	countries := refdata.Countries()
	for _, c := range countries {
		for _, adj := range []string{c.Masculine, c.Feminine} {
			got, ok := refdata.ResolveCountry(adj)
			switch {
			case shared[adj]:
				if ok {
					t.Errorf("%s: %q resolves to %s; want no match", c.Code, adj, got)
				}
			case !ok:
				t.Errorf("%s: %q does not resolve", c.Code, adj)
			case got != c.Code:
				other := countries[indexOf(countries, got)]
				if other.Masculine != c.Masculine && other.Feminine != c.Feminine {
					t.Errorf("%s: %q resolves to %s", c.Code, adj, got)
				}
			}
		}
	}
}
