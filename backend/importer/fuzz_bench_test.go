package importer_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"pappu/backend"
	"pappu/backend/importer"
)

// FuzzReadCSV feeds arbitrary bytes to the whole reading path: it may refuse
// them, never panic, and every row it takes must be well formed.
func FuzzReadCSV(f *testing.F) {
	f.Add([]byte(sampleText))
	f.Add(csvFile(basicHeader, `04/07/2024;"Koné";Awa;10/05/62;ALGERIE;"Asile; Séjour";"a`,
		`b"`, ";;;;;;", `31/02/2024;x;y;;;;`))
	f.Add([]byte("Date,Nom\n\"unclosed,\n"))
	f.Add([]byte("\xff\xfeD\x00a\x00t\x00e\x00\n\x00"))
	f.Add([]byte("Date\tThèmes\n45477.5\tOQTF / recours / / ;\n"))
	f.Add([]byte("Date;Âge;Durée\r04/07/24;-18;1h30\r"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sink := newMemSink()
		report, err := testConfig.Import(context.Background(), sink, "fuzz.csv",
			bytes.NewReader(data), int64(len(data)), nil)
		if err != nil {
			if backend.ErrorCode(err) != backend.EInvalid {
				t.Fatalf("error %v is not an invalid input error", err)
			}
			return
		}
		for _, row := range sink.visits {
			if row.Key == "" || row.Line < 2 || row.Visit.At.IsZero() {
				t.Fatalf("bad row %+v", row)
			}
		}
		for _, r := range report.Rejected {
			if !strings.HasPrefix(r.Reason, fmt.Sprintf("ligne %d : ", r.Line)) {
				t.Fatalf("bad reason %q", r.Reason)
			}
		}
	})
}

// generatedLog builds a reception log of n rows in the sample's style.
func generatedLog(n int) []byte {
	var b bytes.Buffer
	b.WriteString("Date;Lieu;Intervenant;Nom;Prénom;Sexe;Date de naissance;Nationalité;" +
		"Situation administrative;Thème(s);Orientation;Commentaire\r\n")
	nats := []string{"Maroc", "algérienne", "Comorien", "Côte d'Ivoire", "MALI", "Tunisie"}
	themes := []string{"Asile", `"Séjour; Santé (AME)"`, "OQTF / recours, Visa", "Logement"}
	for i := range n {
		name, first, birth := fmt.Sprintf("Nom%d", i%5000), "Prénom", "12/03/1985"
		if i%7 == 0 {
			name, first, birth = "", "", ""
		}
		fmt.Fprintf(&b, "%02d/%02d/2024;PAADE %d;Hélène R.;%s;%s;F;%s;%s;Récépissé;%s;CAF;%s\r\n",
			i%28+1, i%12+1, i%3, name, first, birth, nats[i%len(nats)], themes[i%len(themes)],
			`"Sœur hébergeante`+"\r\n"+`à recontacter"`)
	}
	return b.Bytes()
}

// BenchmarkParse reads, checks and converts a 100,000-row log, without
// storage: the whole of ReadPreview.
func BenchmarkParse(b *testing.B) {
	data := generatedLog(100_000)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		p, err := testConfig.ReadPreview("bench.csv", bytes.NewReader(data),
			int64(len(data)), nil)
		if err != nil || p.Lines != 100_000 || len(p.Rejected) != 0 {
			b.Fatalf("%v, %d lines, %d rejected", err, p.Lines, len(p.Rejected))
		}
	}
	b.ReportMetric(float64(100_000*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// nopSink accepts everything.
type nopSink struct{}

func (nopSink) ImportBatch(_ context.Context, rows []backend.ImportRow) (
	backend.ImportBatchResult, error) {
	return backend.ImportBatchResult{Imported: len(rows)}, nil
}

// BenchmarkImport adds keys, grouping by person and batching to BenchmarkParse.
func BenchmarkImport(b *testing.B) {
	data := generatedLog(100_000)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		r, err := importer.Import(context.Background(), nopSink{}, "bench.csv",
			bytes.NewReader(data), int64(len(data)), nil)
		if err != nil || r.Imported != 100_000 {
			b.Fatalf("%v, %d imported", err, r.Imported)
		}
	}
	b.ReportMetric(float64(100_000*b.N)/b.Elapsed().Seconds(), "rows/s")
}
