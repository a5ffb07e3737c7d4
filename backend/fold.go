package backend

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold reduces a name to the form used to compare and search: lower case,
// without accents, with hyphens, apostrophes and runs of spaces made one
// space. "KONÉ" and "Koné" fold alike, so do "Fatima-Zahra" and "Fatima Zahra".
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := true // drops leading separators
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(foldRune(unicode.ToLower(r)))
			space = false
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
		}
	}
	return strings.TrimRight(b.String(), " ")
}

// foldRune spells the letters that NFD does not decompose.
func foldRune(r rune) rune {
	switch r {
	case 'ß':
		return 's'
	case 'ø':
		return 'o'
	case 'æ':
		return 'a'
	case 'œ':
		return 'o'
	case 'ł':
		return 'l'
	case 'đ':
		return 'd'
	case 'ı':
		return 'i'
	}
	return r
}

// FoldWords folds s and splits it into words.
func FoldWords(s string) []string {
	return strings.Fields(Fold(s))
}
