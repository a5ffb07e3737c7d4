package refdata

import "pappu/backend"

// DataSets lists the data sets built into PAPPU and their licences, for the
// "À propos" screen. README.md says the same for developers.
func DataSets() []backend.DataSet {
	return []backend.DataSet{
		{
			Name:       "Pays et nationalités",
			Source:     "world-countries 5.1.0, de Mohammed Le Doze et ses contributeurs",
			SourceURL:  "https://github.com/mledoze/countries",
			Licence:    "Open Database License (ODbL) 1.0",
			LicenceURL: "https://opendatacommons.org/licenses/odbl/1.0/",
			Attribution: "La liste des pays de PAPPU est dérivée de world-countries, " +
				"avec quelques noms et nationalités corrigés en français ; " +
				"elle est mise à disposition sous la même licence.",
		},
		{
			Name:        "Fuseaux horaires",
			Source:      "Base de données des fuseaux horaires de l'IANA (tz), intégrée par Go",
			SourceURL:   "https://www.iana.org/time-zones",
			Licence:     "Domaine public",
			LicenceURL:  "https://data.iana.org/time-zones/tz-link.html",
			Attribution: "Elle permet de dater les accueils à l'heure de Paris sur tout ordinateur.",
		},
	}
}
