package backup

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testKey is derived with small parameters: these tests are about the
// format, not about the cost of guessing.
var testKey = func() Key {
	k, err := DeriveKey([]byte("phrase de passe de test"), Params{Time: 1, Memory: 64, Threads: 1})
	if err != nil {
		panic(err)
	}
	return k
}()

func TestEncryptDecryptAtChunkBoundaries(t *testing.T) {
	ctx := context.Background()
	for _, size := range []int{0, 1, chunkSize - 1, chunkSize, chunkSize + 1, 3 * chunkSize,
		3*chunkSize + 17} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			plain := make([]byte, size)
			rand.Read(plain)
			file := filepath.Join(t.TempDir(), "f.pappubak")
			var sealedBuf bytes.Buffer
			if err := encrypt(ctx, &sealedBuf, bytes.NewReader(plain), int64(size), testKey); err != nil {
				t.Fatal(err)
			}
			os.WriteFile(file, sealedBuf.Bytes(), 0o600)
			wantSize := headerSize + size + tagSize*(size/chunkSize+1)
			if sealedBuf.Len() != wantSize {
				t.Errorf("file of %d bytes, want %d", sealedBuf.Len(), wantSize)
			}

			s, err := openSealed(file, []byte("phrase de passe de test"))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			var got bytes.Buffer
			if err := s.decrypt(ctx, &got); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), plain) {
				t.Error("the plaintext differs")
			}
			// Verifying in parts checks every chunk: the file passes, and
			// any byte changed in it (header excluded) fails.
			if err := s.authenticate(ctx); err != nil {
				t.Fatalf("authenticate: %v", err)
			}
			data := sealedBuf.Bytes()
			for _, at := range []int{headerSize, (headerSize + len(data)) / 2, len(data) - 1} {
				changed := bytes.Clone(data)
				changed[at] ^= 1
				os.WriteFile(file, changed, 0o600)
				if err := s.authenticate(ctx); err == nil {
					t.Errorf("byte %d of %d changed, authenticate passed", at, len(data))
				}
			}
		})
	}
}

// TestFinalChunkDropped removes the empty final chunk of a file whose
// plaintext fills whole chunks: what is left ends on a complete chunk, and
// is still refused as truncated.
func TestFinalChunkDropped(t *testing.T) {
	var buf bytes.Buffer
	plain := make([]byte, 2*chunkSize)
	if err := encrypt(context.Background(), &buf, bytes.NewReader(plain), int64(len(plain)),
		testKey); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "f.pappubak")
	os.WriteFile(file, buf.Bytes()[:buf.Len()-tagSize], 0o600) // an empty chunk is its tag
	_, err := openSealedWithKey(file, testKey)
	if err == nil || !strings.Contains(err.Error(), "incomplet (tronqué)") {
		t.Fatalf("got %v, want a truncated file", err)
	}
}

func TestKeyEncoding(t *testing.T) {
	k2, err := ParseKey(testKey.Encode())
	if err != nil {
		t.Fatal(err)
	}
	if k2 != testKey {
		t.Error("the key changed through Encode and ParseKey")
	}
	good := testKey.Encode()
	for _, bad := range []string{"", "argon2id", "scrypt$t=1,m=64,p=1$AAAA$AAAA",
		"argon2id$t=1,m=64,p=1$AAAA$AAAA", strings.Replace(good, "t=1", "t=0", 1),
		strings.Replace(good, "m=64", "m=99999999", 1), strings.Replace(good, "p=1", "p=300", 1),
		strings.Replace(good, "p=1", "p=1,x=2", 1), good + "$"} {
		if _, err := ParseKey(bad); err == nil {
			t.Errorf("ParseKey(%q) accepted", bad)
		}
	}
}

// TestKeyStaysSecret prints, logs and marshals a key: the secret never shows.
func TestKeyStaysSecret(t *testing.T) {
	secret := b64.EncodeToString(testKey.master[:])
	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("x", "key", testKey)
	j, _ := json.Marshal(testKey)
	for _, shown := range []string{fmt.Sprint(testKey), fmt.Sprintf("%v %+v %#v %s", testKey,
		testKey, testKey, testKey), logged.String(), string(j),
		fmt.Sprint(Config{Folder: "E:", Key: testKey})} {
		if strings.Contains(shown, secret) || strings.Contains(shown, fmt.Sprint(testKey.master[:4])) {
			t.Errorf("the secret shows in %q", shown)
		}
	}
}

func TestDefaultParamsAreValid(t *testing.T) {
	if !DefaultParams.valid() {
		t.Fatal("DefaultParams out of the bounds files are checked against")
	}
}
