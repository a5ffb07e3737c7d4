package backend

// About is what the "À propos" screen shows: PAPPU's version, where its data
// is, and the data sets built into it with their licences.
type About struct {
	Version  string    `json:"version"`  // as stamped at build time, e.g. "1.2.0-5-g1a2b3c4"
	DataDir  string    `json:"dataDir"`  // the data folder, to find it for a backup
	Database string    `json:"database"` // the database file inside it
	DataSets []DataSet `json:"dataSets"`
}

// DataSet is a data set built into PAPPU, and the licence it comes under.
type DataSet struct {
	Name        string `json:"name"`   // what it is for, in French
	Source      string `json:"source"` // its origin, version and authors
	SourceURL   string `json:"sourceUrl"`
	Licence     string `json:"licence"`
	LicenceURL  string `json:"licenceUrl"`
	Attribution string `json:"attribution"` // what its licence asks to be said, in French
}
