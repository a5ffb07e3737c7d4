package importer

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"pappu/backend"
)

// parseDuration reads a duration in minutes: 45, 45 min, 45mn, 1h30, 1 h,
// 1:30.
func parseDuration(s string) (int, bool) {
	s = strings.ToLower(strings.ReplaceAll(s, " ", ""))
	for _, unit := range []string{"minutes", "minute", "mins", "min", "mn", "m", "'"} {
		if t, ok := strings.CutSuffix(s, unit); ok {
			s = t
			break
		}
	}
	mins := 0
	if h, m, ok := strings.Cut(strings.ReplaceAll(s, ":", "h"), "h"); ok {
		hours := atoi(h)
		if hours < 0 || m != "" && atoi(m) < 0 {
			return 0, false
		}
		mins = hours * 60
		if m != "" {
			mins += atoi(m)
		}
	} else if mins = atoi(s); mins < 0 {
		return 0, false
	}
	return mins, mins > 0 && mins <= 24*60
}

// bracketFloors are the lowest ages of backend.AgeBrackets, in order.
var bracketFloors = func() []int {
	floors := make([]int, len(backend.AgeBrackets))
	for i, b := range backend.AgeBrackets {
		floors[i] = atoi(strings.TrimRight(strings.SplitN(b, "-", 2)[0], "+"))
	}
	return floors
}()

// bracketOf returns the age bracket of an age, or "" for a negative age.
func bracketOf(age int) string {
	bracket := ""
	for i, floor := range bracketFloors {
		if age >= floor {
			bracket = backend.AgeBrackets[i]
		}
	}
	return bracket
}

// ageBracket reads an age ("34", "34 ans") or an age bracket ("18-25 ans",
// "60 ans et +", "moins de 18 ans", "mineur") into one of backend.AgeBrackets.
// A bracket that overlaps two of them ("18-30") is not guessed.
func ageBracket(s string) (string, bool) {
	lower := strings.ToLower(strings.TrimSpace(s))
	if strings.Contains(backend.Fold(lower), "mineur") {
		return bracketOf(0), true
	}
	under := strings.Contains(lower, "moins") || strings.HasPrefix(lower, "<") ||
		strings.HasPrefix(lower, "-")
	nums := numbers(lower)
	var lo, hi int
	switch {
	case len(nums) == 1 && under:
		lo, hi = 0, nums[0]-1
	case len(nums) == 1:
		lo, hi = nums[0], nums[0]
	case len(nums) == 2:
		lo, hi = nums[0], nums[1]
	default:
		return "", false
	}
	if lo < 0 || hi > 130 || lo > hi || bracketOf(lo) != bracketOf(hi) {
		return "", false
	}
	return bracketOf(lo), true
}

// numbers returns the whole numbers written in s, in order.
func numbers(s string) []int {
	var out []int
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r < '0' || r > '9' }) {
		if n, err := strconv.Atoi(f); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// splitFullName cuts "KONÉ Awa" into last and first names: words in capitals
// are the last name; failing that, word order follows the header.
func splitFullName(s string, lastFirst bool) (last, first string) {
	words := strings.Fields(s)
	var upper, other []string
	for _, w := range words {
		if isUpperWord(w) {
			upper = append(upper, w)
		} else {
			other = append(other, w)
		}
	}
	switch {
	case len(words) == 0:
		return "", ""
	case len(upper) > 0 && len(other) > 0:
		return strings.Join(upper, " "), strings.Join(other, " ")
	case len(words) == 1:
		return words[0], ""
	case lastFirst:
		return words[0], strings.Join(words[1:], " ")
	}
	return strings.Join(words[1:], " "), words[0]
}

// isUpperWord reports whether w has two letters or more, all capitals.
func isUpperWord(w string) bool {
	letters := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

// sortUnresolved puts the most frequent values first.
func sortUnresolved(list []Unresolved) {
	slices.SortFunc(list, func(a, b Unresolved) int {
		return cmp.Or(cmp.Compare(b.Lines, a.Lines), cmp.Compare(a.Field, b.Field),
			cmp.Compare(a.Value, b.Value))
	})
}
