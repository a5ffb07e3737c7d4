package main

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"pappu/backend"
	"pappu/backend/report"
	"pappu/backend/sqlite"
)

// measureStatistics times the statistics of last year: a table by one
// dimension, a cross-table, the annual PDF, and our visits by theme beside
// the same GROUP BY on the base visits table run by the sqlite3 tool.
func (b *bench) measureStatistics(ctx context.Context) error {
	db, err := sqlite.Open(b.dbPath, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	year := time.Now().Year() - 1
	f := backend.StatsFilter{Period: backend.Period{From: fmt.Sprintf("%d-01-01", year),
		To: fmt.Sprintf("%d-12-31", year)}}

	timed := func(runs int, fn func() error) (time.Duration, error) {
		times := make([]time.Duration, 0, runs)
		for range runs {
			start := time.Now()
			if err := fn(); err != nil {
				return 0, err
			}
			times = append(times, time.Since(start))
		}
		return percentile(times, 50), nil
	}
	runs := b.opt.dashboardRuns

	// One dimension: every dimension's table, the slowest reported.
	var slowest time.Duration
	var slowDim string
	for _, d := range backend.Dimensions {
		p50, err := timed(max(3, runs/4), func() error {
			_, err := db.StatsTable(ctx, f, d.Code)
			return err
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(b.log, "stats_table %s %d : %.1f ms\n", d.Code, year, ms(p50))
		if p50 > slowest {
			slowest, slowDim = p50, d.Code
		}
	}
	fmt.Fprintf(b.log, "stats_table_year : la plus lente est par %s\n", slowDim)
	b.add(figure{name: "stats_table_year", value: ms(slowest), unit: "ms", max: 150})

	cross, err := timed(max(3, runs/4), func() error {
		_, err := db.StatsCross(ctx, f, backend.DimTheme, backend.DimSex)
		return err
	})
	if err != nil {
		return err
	}
	b.add(figure{name: "stats_cross_year", value: ms(cross), unit: "ms", max: 400})

	pdf, err := timed(3, func() error {
		a, err := report.Build(ctx, db, year, time.Now())
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		return report.WritePDF(&buf, a)
	})
	if err != nil {
		return err
	}
	b.add(figure{name: "stats_report_pdf", value: pdf.Seconds(), unit: "s", max: 3})

	return b.compareWithSQLite(ctx, db, f, timed, runs)
}

// compareWithSQLite times our visits by theme over the year beside the
// plain GROUP BY on the base table, run by the sqlite3 command-line tool on
// the same file (its own timer, so that starting the tool is not counted).
func (b *bench) compareWithSQLite(ctx context.Context, db *sqlite.DB, f backend.StatsFilter,
	timed func(int, func() error) (time.Duration, error), runs int) error {
	ours, err := timed(runs, func() error {
		_, err := db.StatsTable(ctx, f, backend.DimTheme)
		return err
	})
	if err != nil {
		return err
	}
	query := fmt.Sprintf(`SELECT theme.value, count(*) FROM visits, json_each(visits.themes)
		AS theme WHERE visits.deleted_at IS NULL AND visits.day BETWEEN '%s' AND '%s'
		GROUP BY theme.value;`, f.Period.From, f.Period.To)
	if _, err := exec.LookPath("sqlite3"); err != nil {
		fmt.Fprintln(b.log, "sqlite3 (paquet Debian sqlite3) absent : comparaison sautée")
		return nil
	}
	realTime := regexp.MustCompile(`Run Time: real ([0-9.]+)`)
	var theirs []time.Duration
	for range max(3, runs/4) {
		cmd := exec.CommandContext(ctx, "sqlite3", "-readonly", b.dbPath)
		cmd.Stdin = strings.NewReader(".timer on\n" + query + "\n")
		out, err := cmd.CombinedOutput()
		if err != nil {
			return fmt.Errorf("sqlite3: %w: %s", err, out)
		}
		m := realTime.FindSubmatch(out)
		if m == nil {
			return fmt.Errorf("sqlite3: no timing in %q", out)
		}
		secs, _ := strconv.ParseFloat(string(m[1]), 64)
		theirs = append(theirs, time.Duration(secs*float64(time.Second)))
	}
	slices.Sort(theirs)
	base := theirs[len(theirs)/2]
	b.add(figure{name: "stats_theme_year_ours", value: ms(ours), unit: "ms"})
	b.add(figure{name: "stats_theme_year_sqlite3", value: ms(base), unit: "ms"})
	b.add(figure{name: "stats_theme_ratio", value: float64(ours) / float64(base), unit: "x",
		max: 1.5})
	return nil
}
