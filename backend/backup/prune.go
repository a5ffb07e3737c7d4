package backup

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The rotation policy: the newest backup of each of the 7 most recent days,
// 4 most recent ISO weeks and 12 most recent months that have one.
const (
	KeepDaily   = 7
	KeepWeekly  = 4
	KeepMonthly = 12
)

// dated is a backup file and the time its name gives; seq orders the
// backups of one second (pappu-…T150405-2.pappubak has seq 2).
type dated struct {
	name string
	at   time.Time
	seq  int
}

// Prune removes from destDir the backups the rotation policy no longer
// keeps, and unfinished files more than a day old; it returns their paths.
// Dates come from the names, read in now's time zone: copying files around
// changes their modification times, not their names. Periods are counted
// among those that have a backup, as restic does, so a PC left off for a
// month still keeps 7 daily backups. A file dated after now is kept and not
// counted: a clock that was wrong once must not push out the real backups.
// Files not named like a backup are never touched.
func Prune(destDir string, now time.Time) (removed []string, err error) {
	if err := checkFolder(destDir); err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(destDir)
	if err != nil {
		return nil, errUnwritable(destDir, err)
	}
	var files []dated
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		if at, seq, ok := parseName(e.Name(), now.Location()); ok {
			files = append(files, dated{e.Name(), at, seq})
		}
	}

	removed = removeStale(destDir, tempPrefix)
	keep := kept(files, now)
	for _, f := range files {
		if keep[f.name] {
			continue
		}
		p := filepath.Join(destDir, f.name)
		if err := os.Remove(p); err != nil {
			return removed, errUnwritable(destDir, err)
		}
		removed = append(removed, p)
	}
	return removed, nil
}

// parseFileName returns the time a backup file's name gives, if it is one.
func parseFileName(name string, loc *time.Location) (time.Time, bool) {
	at, _, ok := parseName(name, loc)
	return at, ok
}

// parseName reads a backup file's name: pappu-, a date to the second or,
// in older names, to the minute, an optional -N for a second backup within
// the same second, then the extension. It returns the date and N (1 when
// there is none).
func parseName(name string, loc *time.Location) (time.Time, int, bool) {
	stamp, ok := strings.CutPrefix(name, "pappu-")
	if !ok {
		return time.Time{}, 0, false
	}
	if stamp, ok = strings.CutSuffix(stamp, FileExt); !ok {
		return time.Time{}, 0, false
	}
	seq := 1
	if i := strings.LastIndexByte(stamp, '-'); i > len("2006-01-02") {
		n, err := strconv.Atoi(stamp[i+1:])
		if err != nil || n < 2 || strconv.Itoa(n) != stamp[i+1:] {
			return time.Time{}, 0, false
		}
		stamp, seq = stamp[:i], n
	}
	for _, layout := range []string{nameLayout, oldNameLayout} {
		at, err := time.ParseInLocation(layout, stamp, loc)
		if err == nil && at.Format(layout) == stamp {
			return at, seq, true
		}
	}
	return time.Time{}, 0, false
}

// kept returns the names of the files the policy keeps.
func kept(files []dated, now time.Time) map[string]bool {
	sorted := append([]dated(nil), files...)
	sort.Slice(sorted, func(i, j int) bool {
		if !sorted[i].at.Equal(sorted[j].at) {
			return sorted[i].at.After(sorted[j].at)
		}
		return sorted[i].seq > sorted[j].seq
	})

	keep := map[string]bool{}
	policies := []struct {
		n      int
		period func(time.Time) string
	}{
		{KeepDaily, func(t time.Time) string { return t.Format("2006-01-02") }},
		{KeepWeekly, func(t time.Time) string {
			y, w := t.ISOWeek()
			return fmt.Sprintf("%d-W%02d", y, w)
		}},
		{KeepMonthly, func(t time.Time) string { return t.Format("2006-01") }},
	}
	for _, p := range policies {
		last, count := "", 0
		for _, f := range sorted {
			if f.at.After(now) {
				keep[f.name] = true
				continue
			}
			if period := p.period(f.at); period != last && count < p.n {
				keep[f.name] = true // the newest of its period
				last = period
				count++
			}
		}
	}
	return keep
}
