package disttest

import (
	"debug/pe"
	"encoding/binary"
	"errors"
	"fmt"
	"unicode/utf16"
)

// versionInfo is what a Windows version resource says: the fixed numbers
// Windows compares, and the texts Explorer shows (first string table).
type versionInfo struct {
	fileVersion    [4]uint16
	productVersion [4]uint16
	strings        map[string]string
}

func (v versionInfo) String() string {
	return fmt.Sprintf("file %s, product %s, strings %v",
		dotted(v.fileVersion), dotted(v.productVersion), v.strings)
}

func dotted(v [4]uint16) string { return fmt.Sprintf("%d.%d.%d.%d", v[0], v[1], v[2], v[3]) }

const (
	rtVersion        = 16         // RT_VERSION
	fixedSignature   = 0xFEEF04BD // VS_FIXEDFILEINFO.dwSignature
	subdirectoryFlag = 0x80000000
)

// readVersionInfo finds the RT_VERSION resource of a PE file and decodes it.
func readVersionInfo(f *pe.File) (versionInfo, error) {
	rsrc := f.Section(".rsrc")
	if rsrc == nil {
		return versionInfo{}, errors.New("no .rsrc section")
	}
	data, err := rsrc.Data()
	if err != nil {
		return versionInfo{}, fmt.Errorf("read .rsrc: %w", err)
	}
	rva, size, err := findResource(data, rtVersion)
	if err != nil {
		return versionInfo{}, err
	}
	start := int64(rva) - int64(rsrc.VirtualAddress)
	if start < 0 || start+int64(size) > int64(len(data)) {
		return versionInfo{}, fmt.Errorf("version resource at %#x+%d lies outside .rsrc", rva, size)
	}
	return parseVersionInfo(data[start : start+int64(size)])
}

// findResource walks the resource tree (type, then name, then language)
// and returns the address and size of the first resource of type typ.
func findResource(rsrc []byte, typ uint32) (rva, size uint32, err error) {
	// The root lists types, a type's directory names, a name's directory
	// languages.
	dir := uint32(0)
	for level := 0; level < 2; level++ {
		entry, err := directoryEntry(rsrc, dir, typ, level == 0)
		if err != nil {
			return 0, 0, err
		}
		if entry&subdirectoryFlag == 0 {
			return 0, 0, fmt.Errorf("resource tree: level %d is not a directory", level)
		}
		dir = entry &^ subdirectoryFlag
	}
	// The language directory's first entry points at the data entry.
	entry, err := directoryEntry(rsrc, dir, 0, false)
	if err != nil {
		return 0, 0, err
	}
	if entry&subdirectoryFlag != 0 || int(entry)+8 > len(rsrc) {
		return 0, 0, errors.New("resource tree: bad data entry")
	}
	return binary.LittleEndian.Uint32(rsrc[entry:]), binary.LittleEndian.Uint32(rsrc[entry+4:]), nil
}

// directoryEntry returns the target of the entry with the given id (when
// match) or of the first entry in the directory at offset dir.
func directoryEntry(rsrc []byte, dir, id uint32, match bool) (uint32, error) {
	if int(dir)+16 > len(rsrc) {
		return 0, errors.New("resource directory outside .rsrc")
	}
	named := binary.LittleEndian.Uint16(rsrc[dir+12:])
	ids := binary.LittleEndian.Uint16(rsrc[dir+14:])
	for i := uint32(0); i < uint32(named)+uint32(ids); i++ {
		e := dir + 16 + 8*i
		if int(e)+8 > len(rsrc) {
			break
		}
		name := binary.LittleEndian.Uint32(rsrc[e:])
		if !match || (i >= uint32(named) && name == id) {
			return binary.LittleEndian.Uint32(rsrc[e+4:]), nil
		}
	}
	if match {
		return 0, fmt.Errorf("no resource of type %d", id)
	}
	return 0, errors.New("empty resource directory")
}

// block is one node of a VS_VERSIONINFO tree: a key, a value, children.
type block struct {
	key      string
	value    []byte // raw bytes; text values are UTF-16
	text     bool
	children []byte
	rest     []byte // all that follows the key: value and children
}

// readBlock reads the block at the start of b and returns it with its
// length rounded up to the next 32-bit boundary.
func readBlock(b []byte) (block, int, error) {
	if len(b) < 6 {
		return block{}, 0, errors.New("version block too short")
	}
	length := int(binary.LittleEndian.Uint16(b))
	valueLength := int(binary.LittleEndian.Uint16(b[2:]))
	text := binary.LittleEndian.Uint16(b[4:]) == 1
	if length < 6 || length > len(b) {
		return block{}, 0, fmt.Errorf("version block of length %d in %d bytes", length, len(b))
	}
	b = b[:length]
	key, end := utf16z(b, 6)
	pos := align4(end)
	blk := block{key: key, text: text}
	if text {
		valueLength *= 2 // a text value's length counts UTF-16 units
	}
	if pos < len(b) {
		blk.rest = b[pos:]
	}
	if valueLength > 0 && pos+valueLength <= len(b) {
		blk.value = b[pos : pos+valueLength]
		pos = align4(pos + valueLength)
	}
	if pos < len(b) {
		blk.children = b[pos:]
	}
	return blk, align4(length), nil
}

// blocks reads consecutive blocks.
func blocks(b []byte) ([]block, error) {
	var out []block
	for len(b) >= 6 {
		blk, n, err := readBlock(b)
		if err != nil {
			return nil, err
		}
		out = append(out, blk)
		if n >= len(b) {
			break
		}
		b = b[n:]
	}
	return out, nil
}

func parseVersionInfo(b []byte) (versionInfo, error) {
	root, _, err := readBlock(b)
	if err != nil {
		return versionInfo{}, err
	}
	if root.key != "VS_VERSION_INFO" {
		return versionInfo{}, fmt.Errorf("version resource key %q", root.key)
	}
	if len(root.value) < 52 || binary.LittleEndian.Uint32(root.value) != fixedSignature {
		return versionInfo{}, errors.New("no VS_FIXEDFILEINFO")
	}
	v := versionInfo{
		fileVersion:    fourParts(root.value[8:]),
		productVersion: fourParts(root.value[16:]),
		strings:        map[string]string{},
	}
	children, err := blocks(root.children)
	if err != nil {
		return v, err
	}
	for _, c := range children {
		if c.key != "StringFileInfo" {
			continue
		}
		tables, err := blocks(c.children)
		if err != nil || len(tables) == 0 {
			return v, fmt.Errorf("StringFileInfo without a string table (%v)", err)
		}
		entries, err := blocks(tables[0].children)
		if err != nil {
			return v, err
		}
		for _, e := range entries {
			// A string's value runs to its NUL, whatever its length field
			// says (writers disagree on bytes or characters).
			v.strings[e.key], _ = utf16z(e.rest, 0)
		}
	}
	return v, nil
}

// fourParts reads a version as two 32-bit words, most significant first.
func fourParts(b []byte) [4]uint16 {
	ms, ls := binary.LittleEndian.Uint32(b), binary.LittleEndian.Uint32(b[4:])
	return [4]uint16{uint16(ms >> 16), uint16(ms), uint16(ls >> 16), uint16(ls)}
}

// utf16z decodes a NUL-terminated UTF-16 string at b[at:] and returns it
// with the offset just past its NUL.
func utf16z(b []byte, at int) (string, int) {
	var units []uint16
	i := at
	for ; i+1 < len(b); i += 2 {
		u := binary.LittleEndian.Uint16(b[i:])
		if u == 0 {
			i += 2
			break
		}
		units = append(units, u)
	}
	return string(utf16.Decode(units)), i
}

func align4(n int) int { return (n + 3) &^ 3 }
