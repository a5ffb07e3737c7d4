package importer

import "testing"

func TestParseVisitDate(t *testing.T) {
	tests := []struct {
		in   string
		want string // YYYY-MM-DD HH:MM, "" for an error
	}{
		{"04/07/2024", "2024-07-04 --:--"},
		{"4/7/2024", "2024-07-04 --:--"},
		{"04-07-2024", "2024-07-04 --:--"},
		{"04.07.2024", "2024-07-04 --:--"},
		{"2024-07-04", "2024-07-04 --:--"},
		{"04/07/24", "2024-07-04 --:--"},
		{" 04/07/2024 ", "2024-07-04 --:--"},
		{"04/07/2024 14:30", "2024-07-04 14:30"},
		{"2024-07-04T09:05:00", "2024-07-04 09:05"},
		{"2024-07-04 00:00:00", "2024-07-04 00:00"},
		{"45477", "2024-07-04 --:--"},
		{"45477.5", "2024-07-04 12:00"},
		{"45477,25", "2024-07-04 06:00"},
		{"29/02/2024", "2024-02-29 --:--"},
		{"31/02/2024", ""},
		{"29/02/2023", ""},
		{"00/01/2024", ""},
		{"13/13/2024", ""},
		{"2024/13/01", ""},
		{"04/07", ""},
		{"04/07/202", ""},
		{"12", ""},
		{"juillet 2024", ""},
		{"04/07/2024 25:00", ""},
		{"", ""},
	}
	for _, tt := range tests {
		d, c, err := parseVisitDate(tt.in)
		got := ""
		if err == nil {
			got = d.iso() + " --:--"
			if c.set {
				got = d.iso() + " " + twoDigits(c.h) + ":" + twoDigits(c.m)
			}
		}
		if got != tt.want {
			t.Errorf("parseVisitDate(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func twoDigits(n int) string { return string(rune('0'+n/10)) + string(rune('0'+n%10)) }

func TestParseBirthDate(t *testing.T) {
	visit := day{2024, 7, 4}
	tests := []struct{ in, want string }{
		{"11/04/1967", "1967-04-11"},
		{"1957-11-19", "1957-11-19"},
		{"19-11-1957", "1957-11-19"},
		{"10/05/62", "1962-05-10"}, // would be 2062: last century
		{"10/05/05", "2005-05-10"}, // 2005 is before the visit
		{"05/07/24", "1924-07-05"}, // the day after the visit, in 2024: 1924
		{"04/07/24", "2024-07-04"}, // born on the day of the visit
		{"1985", "1985"},           // year only
		{"07/1985", "1985-07"},     // month and year
		{"1985-07", "1985-07"},     //
		{"24473", "1967-01-01"},    // Excel serial
		{"11/04/1967 00:00:00", "1967-04-11"},
		{"31/02/1990", ""},
		{"1985-13", ""},
		{"ABC", ""},
		{"29/02/00", "2000-02-29"},
	}
	for _, tt := range tests {
		b, err := parseBirthDate(tt.in, visit)
		got := b.iso
		if err != nil {
			got = ""
		}
		if got != tt.want {
			t.Errorf("parseBirthDate(%q) = %q (%v); want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestAgeOn(t *testing.T) {
	visit := day{2024, 7, 4}
	tests := []struct {
		iso  string
		want int
	}{
		{"1990-07-04", 34}, {"1990-07-05", 33}, {"1990", 34}, {"1990-08", 33}, {"2006-07-05", 17},
	}
	for _, tt := range tests {
		b, err := parseBirthDate(tt.iso, visit)
		if err != nil {
			t.Fatal(err)
		}
		if got := b.ageOn(visit); got != tt.want {
			t.Errorf("age of %s = %d; want %d", tt.iso, got, tt.want)
		}
	}
}

func TestParseClock(t *testing.T) {
	tests := map[string]string{
		"14:30": "14:30", "14h30": "14:30", "14H30": "14:30", "14h": "14:00", "9:05:00": "09:05",
		"14 h 30": "14:30", "0.5": "12:00", "14.30": "14:30", "9": "09:00",
		"24:00": "", "14:60": "", "14:3": "", "midi": "", "1.5": "",
	}
	for in, want := range tests {
		c, err := parseClock(in)
		got := ""
		if err == nil {
			got = twoDigits(c.h) + ":" + twoDigits(c.m)
		}
		if got != want {
			t.Errorf("parseClock(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestParseDuration(t *testing.T) {
	tests := map[string]int{
		"45": 45, "45 min": 45, "45mn": 45, "45 minutes": 45, "1h30": 90, "1 h": 60,
		"1:30": 90, "0:45": 45, "2h05": 125, "1h30min": 90, "90'": 90,
		"": 0, "0": 0, "abc": 0, "h30": 0, "-5": 0, "3000": 0,
	}
	for in, want := range tests {
		got, ok := parseDuration(in)
		if ok != (want > 0) || ok && got != want {
			t.Errorf("parseDuration(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
}

func TestAgeBracket(t *testing.T) {
	tests := map[string]string{
		"34": "26-35", "34 ans": "26-35", "17": "0-17", "18": "18-25", "60": "60+",
		"85": "60+", "18-25": "18-25", "18 - 25 ans": "18-25", "26-35": "26-35",
		"46-59": "46-59", "60+": "60+", "60 ans et +": "60+", "plus de 60 ans": "60+",
		"moins de 18 ans": "0-17", "-18": "0-17", "< 18": "0-17", "Mineur": "0-17",
		"0-17": "0-17", "18-30": "", "adulte": "", "150": "", "": "",
	}
	for in, want := range tests {
		got, ok := ageBracket(in)
		if ok != (want != "") || got != want {
			t.Errorf("ageBracket(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestSplitFullName(t *testing.T) {
	tests := []struct {
		in          string
		lastFirst   bool
		last, first string
	}{
		{"KONÉ Awa", true, "KONÉ", "Awa"},
		{"Awa KONÉ", true, "KONÉ", "Awa"},
		{"BEN YOUSSEF Chinedu", true, "BEN YOUSSEF", "Chinedu"},
		{"Marie-Claire MENDY", false, "MENDY", "Marie-Claire"},
		{"Koné Awa", true, "Koné", "Awa"},
		{"Awa Koné", false, "Koné", "Awa"},
		{"Koné", true, "Koné", ""},
		{"", true, "", ""},
	}
	for _, tt := range tests {
		last, first := splitFullName(tt.in, tt.lastFirst)
		if last != tt.last || first != tt.first {
			t.Errorf("splitFullName(%q) = %q, %q; want %q, %q", tt.in, last, first,
				tt.last, tt.first)
		}
	}
}

func TestRecogniseHeader(t *testing.T) {
	tests := map[string]string{
		"Date": FieldDate, "DATE": FieldDate, "Date de passage": FieldDate,
		"Date d'accueil": FieldDate, "Date accueil": FieldDate, "Jour": FieldDate,
		"Date de la permanence": FieldDate, "Heure": FieldTime, "Heure d'arrivée": FieldTime,
		"Lieu": FieldSite, "Lieu d'accueil": FieldSite, "Site": FieldSite,
		"Permanence": FieldSite, "Intervenant": FieldUser, "Intervenant(e)": FieldUser,
		"Accueillant": FieldUser, "Nom de l'intervenant": FieldUser, "Bénévole": FieldUser,
		"Nom": FieldLastName, "NOM": FieldLastName, "Nom d'usage": FieldLastName,
		"Nom de naissance": FieldBirthName, "Nom de jeune fille": FieldBirthName,
		"Prénom": FieldFirstNames, "Prénom(s)": FieldFirstNames, "Prénoms": FieldFirstNames,
		"Nom Prénom": FieldFullName, "Nom et prénom": FieldFullName,
		"Sexe": FieldSex, "Genre": FieldSex, "H/F": FieldSex, "Civilité": FieldSex,
		"Date de naissance": FieldBirthDate, "Né(e) le": FieldBirthDate, "DDN": FieldBirthDate,
		"Lieu de naissance": FieldBirthPlace, "Pays de naissance": FieldBirthPlace,
		"Âge": FieldAge, "Tranche d'âge": FieldAge,
		"Nationalité": FieldNationality, "Pays": FieldNationality,
		"Pays d'origine":           FieldNationality,
		"Situation administrative": FieldAdminSituation, "Statut": FieldAdminSituation,
		"Situation familiale": FieldFamilySituation,
		"Thème(s)":            FieldThemes, "Thèmes": FieldThemes, "Thématique": FieldThemes,
		"Thématiques": FieldThemes, "Objet": FieldThemes, "Objet de la visite": FieldThemes,
		"Motif": FieldThemes, "Thème 2": FieldThemes,
		"Mode": FieldMode, "Mode d'accueil": FieldMode, "Type d'accueil": FieldMode,
		"Durée": FieldDuration, "Durée (min)": FieldDuration,
		"Orientation": FieldReferrals, "Orientation(s)": FieldReferrals,
		"Orienté vers": FieldReferrals, "Démarches effectuées": FieldActions,
		"Commentaire": FieldNote, "Commentaires": FieldNote, "Notes": FieldNote,
		"Observations": FieldNote, "Téléphone": FieldPhone, "Tél.": FieldPhone,
		"Mail": FieldEmail, "Courriel": FieldEmail, "Commune": FieldCommune,
		"Ville": FieldCommune, "Lieu de résidence": FieldCommune,
		"Langue": "", "": "", "Colonne1": "",
	}
	for in, want := range tests {
		if got := recogniseHeader(in); got != want {
			t.Errorf("recogniseHeader(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestFormatKind(t *testing.T) {
	tests := map[string]int{
		"dd/mm/yyyy": kindDate, "d-mmm-yy": kindDate, `[$-40C]dddd d mmmm yyyy`: kindDate,
		"hh:mm": kindTime, `h"h"mm`: kindTime, "[h]:mm": kindTime, "mm:ss": kindTime,
		"dd/mm/yyyy hh:mm": kindDateTime, "0.00": kindNumber, "General": kindNumber,
		`#,##0 "jours"`: kindNumber, `[Red]0`: kindNumber, `0" d"`: kindNumber,
	}
	for in, want := range tests {
		if got := formatKind(in); got != want {
			t.Errorf("formatKind(%q) = %d; want %d", in, got, want)
		}
	}
}
