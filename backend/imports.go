package backend

// ImportRow is one spreadsheet line, parsed and checked, ready to store.
// Storage resolves SiteName and UserName to rows (creating them when new),
// matches Person against existing persons by folded first and last names and
// birth date, and skips the row when a visit with the same Key exists, so that
// importing a file twice changes nothing.
type ImportRow struct {
	Line     int     // row number as a spreadsheet shows it (header = 1)
	Key      string  // stable identity of the line's content; see importer
	Visit    Visit   // PersonID, SiteID and UserID left empty
	SiteName string  // "" means the structure's first site
	UserName string  // "" means the importing user
	Person   *Person // nil for an anonymous visit
}

// ImportBatchResult counts what storing a batch of rows did.
type ImportBatchResult struct {
	Imported       int `json:"imported"`        // visits written
	PersonsCreated int `json:"persons_created"` // persons new to the database
	PersonsMatched int `json:"persons_matched"` // distinct existing persons found again
	Anonymous      int `json:"anonymous"`       // anonymous visits among Imported
	Skipped        int `json:"skipped"`         // rows already imported before

	// Rejected lists rows that storage refused (an unknown code, say).
	Rejected []RejectedLine `json:"rejected"`
	// The ids behind PersonsCreated and PersonsMatched, so that an import
	// made of several batches counts each person once: a person created by
	// one batch and found again by the next is not "matched".
	CreatedPersonIDs []string `json:"-"`
	MatchedPersonIDs []string `json:"-"`
}

// RejectedLine is a line an import did not take, and why (in French).
type RejectedLine struct {
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

// ImportReport is what an import answers.
type ImportReport struct {
	Imported       int            `json:"imported"`
	PersonsCreated int            `json:"persons_created"`
	PersonsMatched int            `json:"persons_matched"`
	Anonymous      int            `json:"anonymous"`
	Skipped        int            `json:"skipped"`
	Rejected       []RejectedLine `json:"rejected"`
}
