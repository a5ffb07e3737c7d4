package disttest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// build/windows/sign.sh, given a throwaway self-signed certificate, signs
// pappu.exe and the setup program so that osslsigncode verifies them against
// that certificate, and not against another one.
func TestSigningWithAThrowawayCertificate(t *testing.T) {
	d := windowsDist(t)
	requireTool(t, "osslsigncode", "osslsigncode")
	dir := t.TempDir()
	cert, key := selfSignedCertificate(t, dir, "PAPPU test")
	other, _ := selfSignedCertificate(t, t.TempDir(), "PAPPU test")

	for _, src := range []string{d.exe, d.setup} {
		t.Run(filepath.Base(src), func(t *testing.T) {
			// Signed in a folder with a space, as a developer's may be.
			exe := filepath.Join(dir, "à signer", filepath.Base(src))
			copyFile(t, src, exe)
			if ok, _ := verify(exe, cert); ok {
				t.Fatal("the copy verifies before signing: the build was already signed?")
			}

			run(t, []string{"PAPPU_SIGN_CERT=" + cert, "PAPPU_SIGN_KEY=" + key},
				filepath.Join(repoRoot, "build", "windows", "sign.sh"), exe)

			if ok, out := verify(exe, cert); !ok {
				t.Errorf("osslsigncode verify refuses the signature:\n%s", out)
			}
			if ok, _ := verify(exe, other); ok {
				t.Error("the signature also verifies against an unrelated certificate")
			}
		})
	}
}

// verify runs osslsigncode verify against the certificate caFile.
func verify(exe, caFile string) (bool, string) {
	out, err := exec.Command("osslsigncode", "verify", "-CAfile", caFile, "-in", exe).CombinedOutput()
	return err == nil && strings.Contains(string(out), "Signature verification: ok"), string(out)
}

// selfSignedCertificate writes a code-signing certificate valid for a day
// and its key as PEM files in dir.
func selfSignedCertificate(t *testing.T, dir, name string) (certFile, keyFile string) {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 64))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          serial,
		Subject:               pkix.Name{CommonName: name, Organization: []string{"Projet PAPPU"}},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageCodeSigning},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	writePEM(t, certFile, "CERTIFICATE", der)
	writePEM(t, keyFile, "PRIVATE KEY", keyDER)
	return certFile, keyFile
}

func writePEM(t *testing.T, path, kind string, der []byte) {
	t.Helper()
	data := pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der})
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
