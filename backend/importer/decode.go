package importer

import (
	"bytes"
	"encoding/binary"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"pappu/backend"
)

// Encodings, as Preview names them.
const (
	encUTF8    = "UTF-8"
	encUTF8BOM = "UTF-8 (BOM)"
	encUTF16LE = "UTF-16 LE"
	encUTF16BE = "UTF-16 BE"
	encCP1252  = "Windows-1252"
)

// Byte order marks.
var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
	bomUTF32LE = []byte{0xFF, 0xFE, 0x00, 0x00}
	bomUTF32BE = []byte{0x00, 0x00, 0xFE, 0xFF}
)

// decodeText turns the bytes of a text file into a string. Without a byte
// order mark, text that is not valid UTF-8 is read as Windows-1252, the
// encoding of spreadsheets saved as "CSV" on a French Windows (it is a superset
// of Latin-1 for every printable character).
func decodeText(data []byte) (text, encoding string, err error) {
	switch {
	case bytes.HasPrefix(data, bomUTF32LE), bytes.HasPrefix(data, bomUTF32BE):
		return "", "", backend.Invalid(fieldFile, "Ce fichier est encodé en UTF-32, "+
			"qui n'est pas pris en charge : enregistrez-le en CSV UTF-8.")
	case bytes.HasPrefix(data, bomUTF8):
		text, encoding = string(data[len(bomUTF8):]), encUTF8BOM
	case bytes.HasPrefix(data, bomUTF16LE):
		text, encoding = decodeUTF16(data[2:], binary.LittleEndian), encUTF16LE
	case bytes.HasPrefix(data, bomUTF16BE):
		text, encoding = decodeUTF16(data[2:], binary.BigEndian), encUTF16BE
	default:
		text, encoding = decodeWithoutBOM(data)
	}
	if encoding == encUTF8BOM && !utf8.ValidString(text) {
		return "", "", backend.Invalid(fieldFile, "Ce fichier se dit encodé en UTF-8 mais "+
			"contient des caractères invalides : enregistrez-le de nouveau en CSV UTF-8.")
	}
	if looksBinary(text) {
		return "", "", errNotATable("contenu binaire")
	}
	return text, encoding, nil
}

// decodeWithoutBOM guesses UTF-16 from the zero bytes of ASCII text, then
// tries UTF-8, then falls back to Windows-1252.
func decodeWithoutBOM(data []byte) (string, string) {
	switch utf16Order(data) {
	case 'L':
		return decodeUTF16(data, binary.LittleEndian), encUTF16LE
	case 'B':
		return decodeUTF16(data, binary.BigEndian), encUTF16BE
	}
	if utf8.Valid(data) {
		return string(data), encUTF8
	}
	text, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil { // cannot happen: every byte has a mapping or U+FFFD
		return string(data), encUTF8
	}
	return string(text), encCP1252
}

// utf16Order returns 'L' or 'B' when the start of data looks like UTF-16
// text without a byte order mark: most odd (LE) or even (BE) bytes are zero,
// and almost none of the others.
func utf16Order(data []byte) byte {
	n := min(len(data), 4096) &^ 1
	if n < 4 {
		return 0
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if data[i] == 0 {
			even++
		}
		if data[i+1] == 0 {
			odd++
		}
	}
	pairs := n / 2
	switch {
	case odd*10 >= pairs*7 && even*10 <= pairs:
		return 'L'
	case even*10 >= pairs*7 && odd*10 <= pairs:
		return 'B'
	}
	return 0
}

func decodeUTF16(data []byte, order binary.ByteOrder) string {
	units := make([]uint16, len(data)/2)
	for i := range units {
		units[i] = order.Uint16(data[2*i:])
	}
	return string(utf16.Decode(units))
}

// looksBinary reports whether the start of text holds a zero byte or more
// than 1 % of control characters and undecodable bytes, which no spreadsheet
// export does.
func looksBinary(text string) bool {
	if len(text) > 64<<10 {
		text = text[:64<<10]
	}
	bad, n := 0, 0
	for _, r := range text {
		n++
		switch {
		case r == 0:
			return true
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r',
			r >= 0x7F && r < 0xA0, r == utf8.RuneError:
			bad++
		}
	}
	return bad*100 > n
}
