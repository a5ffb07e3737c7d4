package backup

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"
)

// Params are argon2id's cost parameters.
type Params struct {
	Time    uint32 // passes over the memory
	Memory  uint32 // KiB
	Threads uint8
}

// DefaultParams are RFC 9106's second recommended option (t=3, 64 MiB,
// p=4): about 0.1 s on the 2-core machine PAPPU is developed on, so a PC
// several times slower still derives the key in well under a second.
var DefaultParams = Params{Time: 3, Memory: 64 << 10, Threads: 4}

// Limits on the parameters read from a file: a forged header must not make
// a restore allocate gigabytes or run for an hour.
const (
	maxTime    = 64
	maxMemory  = 1 << 20 // KiB, so 1 GiB
	maxThreads = 64
)

func (p Params) valid() bool {
	return p.Time >= 1 && p.Time <= maxTime && p.Threads >= 1 && p.Threads <= maxThreads &&
		p.Memory >= 8*uint32(p.Threads) && p.Memory <= maxMemory
}

const (
	saltSize = 16
	keySize  = 32
)

// Key is a key derived from a backup passphrase, with the salt and
// parameters that derived it; every file it encrypts records them, so the
// passphrase alone opens the file later. It prints as a redacted value.
type Key struct {
	params Params
	salt   [saltSize]byte
	master [keySize]byte
}

// DeriveKey derives a key from pass with a new random salt. The passphrase
// is normalised to Unicode NFC first, so "é" typed on any system gives the
// same key, and must have at least MinPassphraseLength characters.
func DeriveKey(pass []byte, p Params) (Key, error) {
	if !p.valid() {
		return Key{}, internal("derive key", fmt.Errorf("invalid argon2id parameters %+v", p))
	}
	if utf8.RuneCount(norm.NFC.Bytes(pass)) < MinPassphraseLength {
		return Key{}, errShortPassphrase()
	}
	var salt [saltSize]byte
	if _, err := rand.Read(salt[:]); err != nil {
		return Key{}, internal("salt", err)
	}
	return deriveKey(pass, p, salt), nil
}

// Opens reports whether pass is the passphrase k was derived from.
func (k Key) Opens(pass []byte) bool {
	other := deriveKey(pass, k.params, k.salt)
	return subtle.ConstantTimeCompare(other.master[:], k.master[:]) == 1
}

func deriveKey(pass []byte, p Params, salt [saltSize]byte) Key {
	k := Key{params: p, salt: salt}
	master := argon2.IDKey(norm.NFC.Bytes(pass), salt[:], p.Time, p.Memory, p.Threads, keySize)
	copy(k.master[:], master)
	clear(master)
	return k
}

// Params returns the parameters that derived the key.
func (k Key) Params() Params { return k.params }

// IsZero reports whether k is the zero Key, one no passphrase derived.
func (k Key) IsZero() bool { return k.master == [keySize]byte{} }

// subkey derives a key for one purpose, so the cipher key and the key check
// stored in every header never share a value.
func (k Key) subkey(purpose string) []byte {
	m := hmac.New(sha256.New, k.master[:])
	m.Write([]byte("PAPPUBAK v1 " + purpose))
	return m.Sum(nil)
}

// keyEncoding is how Encode writes the key: argon2id, its parameters, the
// salt and the derived key, in unpadded base64url.
const keyEncoding = "argon2id"

var b64 = base64.RawURLEncoding

// Encode returns the key as text, for the local settings of the database
// (see the package documentation for why this is acceptable). Anyone holding
// this text can read every backup made with the key.
func (k Key) Encode() string {
	return fmt.Sprintf("%s$t=%d,m=%d,p=%d$%s$%s", keyEncoding, k.params.Time,
		k.params.Memory, k.params.Threads, b64.EncodeToString(k.salt[:]),
		b64.EncodeToString(k.master[:]))
}

// ParseKey reads a key written by Encode.
func ParseKey(s string) (Key, error) {
	bad := func(why string) (Key, error) {
		return Key{}, internal("parse key", errors.New(why))
	}
	parts := strings.Split(s, "$")
	if len(parts) != 4 || parts[0] != keyEncoding {
		return bad("not an encoded argon2id key")
	}
	var k Key
	for _, kv := range strings.Split(parts[1], ",") {
		name, value, _ := strings.Cut(kv, "=")
		n, err := strconv.ParseUint(value, 10, 32)
		if err != nil {
			return bad("parameter " + name)
		}
		switch name {
		case "t":
			k.params.Time = uint32(n)
		case "m":
			k.params.Memory = uint32(n)
		case "p":
			if n > 255 {
				return bad("threads")
			}
			k.params.Threads = uint8(n)
		default:
			return bad("unknown parameter " + name)
		}
	}
	salt, err1 := b64.DecodeString(parts[2])
	master, err2 := b64.DecodeString(parts[3])
	if err1 != nil || err2 != nil || len(salt) != saltSize || len(master) != keySize {
		return bad("salt or key")
	}
	if !k.params.valid() {
		return bad("parameters out of range")
	}
	copy(k.salt[:], salt)
	copy(k.master[:], master)
	return k, nil
}

// String keeps the key out of logs and error messages.
func (k Key) String() string {
	return fmt.Sprintf("backup.Key{argon2id t=%d m=%d p=%d, secret redacted}",
		k.params.Time, k.params.Memory, k.params.Threads)
}

// GoString keeps the key out of %#v too.
func (k Key) GoString() string { return k.String() }

// LogValue keeps the key out of slog lines.
func (k Key) LogValue() slog.Value { return slog.StringValue(k.String()) }
