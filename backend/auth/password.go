// Package auth holds what accounts need that is not storage: hashing
// passwords with argon2id, judging their strength, and slowing down
// repeated failed logins. The rules of who may do what are backend.Can.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"pappu/backend"
)

// Params are argon2id's costs. Default keeps a login under half a second on
// a modest PC (measured by make bench) while making each guess expensive.
type Params struct {
	Time    uint32
	Memory  uint32 // KiB
	Threads uint8
}

// Default is used for every new hash; old hashes keep the parameters they
// were made with, written in the hash itself.
var Default = Params{Time: 2, Memory: 64 * 1024, Threads: 2}

const keyLen = 32

// Hash returns the password's argon2id hash in the usual encoded form:
// $argon2id$v=19$m=65536,t=2,p=2$salt$key.
func Hash(password string, p Params) string {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		panic("auth: no randomness: " + err.Error())
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, keyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		p.Memory, p.Time, p.Threads, enc.EncodeToString(salt), enc.EncodeToString(key))
}

// Verify reports whether password matches the encoded hash.
func Verify(password, encoded string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var p Params
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time,
		&p.Threads); err != nil {
		return false
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[4])
	want, err2 := enc.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads,
		uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// MinLength is the shortest password accepted.
const MinLength = 10

// common are passwords tried first by anyone guessing, in folded form.
var common = map[string]bool{
	"motdepasse": true, "azertyuiop": true, "0123456789": true, "1234567890": true,
	"password123": true, "motdepasse1": true, "qwertyuiop": true, "azerty1234": true,
	"soleil1234": true, "bonjour123": true, "marseille13": true, "pappupappu": true,
	"administrateur": true, "1234567891": true, "azertyuiop1": true,
}

// CheckStrength refuses a weak password with a French message for the field
// "password". names are words the password must not be built on (the user's
// name and login).
func CheckStrength(password string, names ...string) error {
	if utf8.RuneCountInString(password) < MinLength {
		return backend.Invalid("password",
			"Le mot de passe doit contenir au moins %d caractères.", MinLength)
	}
	if utf8.RuneCountInString(password) > 200 {
		return backend.Invalid("password", "Le mot de passe dépasse 200 caractères.")
	}
	folded := strings.ReplaceAll(backend.Fold(password), " ", "")
	if common[folded] {
		return backend.Invalid("password", "Ce mot de passe est trop courant.")
	}
	for _, n := range names {
		for _, w := range backend.FoldWords(n) {
			if len(w) >= 3 && strings.Contains(folded, w) {
				return backend.Invalid("password",
					"Le mot de passe ne doit pas contenir votre nom ou votre identifiant.")
			}
		}
	}
	if classes(password) < 3 && utf8.RuneCountInString(password) < 16 {
		return backend.Invalid("password", "Mélangez au moins trois sortes de caractères "+
			"(minuscules, majuscules, chiffres, symboles), ou choisissez une phrase "+
			"d'au moins 16 caractères.")
	}
	if distinct(password) < 5 {
		return backend.Invalid("password", "Le mot de passe répète trop les mêmes caractères.")
	}
	return nil
}

func classes(s string) int {
	var lower, upper, digit, other int
	for _, r := range s {
		switch {
		case unicode.IsLower(r):
			lower = 1
		case unicode.IsUpper(r):
			upper = 1
		case unicode.IsDigit(r):
			digit = 1
		default:
			other = 1
		}
	}
	return lower + upper + digit + other
}

func distinct(s string) int {
	seen := map[rune]bool{}
	for _, r := range s {
		seen[r] = true
	}
	return len(seen)
}

// FreeAttempts is how many failed logins in a row pass without delay.
const FreeAttempts = 3

// maxDelay caps the wait after many failures.
const maxDelay = 15 * time.Minute

// RetryAfter returns when the next login attempt is allowed after failed
// consecutive failures, the last at last: from the fourth failure on, the
// wait doubles from 2 seconds up to 15 minutes.
func RetryAfter(failed int, last time.Time) time.Time {
	if failed < FreeAttempts {
		return time.Time{}
	}
	delay := 2 * time.Second
	for i := FreeAttempts; i < failed && delay < maxDelay; i++ {
		delay *= 2
	}
	return last.Add(min(delay, maxDelay))
}
