package importer_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"pappu/backend"
	"pappu/backend/importer"
)

// testConfig fixes "now" to the end of 2024, so that tests do not age.
var testConfig = importer.Config{
	Now: func() time.Time { return time.Date(2024, 12, 31, 12, 0, 0, 0, time.UTC) },
}

// csvFile builds a CSV file from lines joined by CRLF.
func csvFile(lines ...string) []byte {
	return []byte(strings.Join(lines, "\r\n") + "\r\n")
}

func preview(t *testing.T, data []byte) importer.Preview {
	t.Helper()
	p, err := testConfig.ReadPreview("test.csv", bytes.NewReader(data), int64(len(data)), nil)
	if err != nil {
		t.Fatalf("ReadPreview: %v", err)
	}
	return p
}

// importData imports data into a new memSink.
func importData(t *testing.T, data []byte, m importer.Mapping) (backend.ImportReport,
	*memSink) {
	t.Helper()
	sink := newMemSink()
	report, err := testConfig.Import(context.Background(), sink, "test",
		bytes.NewReader(data), int64(len(data)), m)
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	return report, sink
}

// importError imports data and returns the error, which must be an invalid
// input error about the file.
func importError(t *testing.T, data []byte) *backend.Error {
	t.Helper()
	_, err := testConfig.Import(context.Background(), newMemSink(), "test",
		bytes.NewReader(data), int64(len(data)), nil)
	return asInvalid(t, err)
}

func asInvalid(t *testing.T, err error) *backend.Error {
	t.Helper()
	if err == nil {
		t.Fatal("no error")
	}
	e, ok := err.(*backend.Error)
	if !ok || e.Code != backend.EInvalid {
		t.Fatalf("error %v (%T); want an invalid input error", err, err)
	}
	return e
}

func lines(rejected []backend.RejectedLine) []int {
	out := []int{}
	for _, r := range rejected {
		out = append(out, r.Line)
	}
	return out
}

// basicHeader is a minimal reception log header.
const basicHeader = "Date;Nom;Prénom;Date de naissance;Nationalité;Thèmes;Commentaire"
