package backup

import (
	"context"
	"errors"
	"io/fs"
	"os"
)

// sealAside encrypts the files of the database a restore set aside (aside,
// aside-wal…), each into the same name followed by FileExt, with a key
// derived from the restore's passphrase, and removes the plaintext. The
// replaced database holds the names of persons that may be anonymised
// later; in the clear, next to the live database, it would keep them for
// ever. Each file is sealed as it is, byte for byte: the replaced database
// is often damaged, which is why it was replaced. When it was sound and
// closed (no -wal left), `pappu-cli restore` brings it back like a backup.
//
// It returns the sealed name of the main file. On failure the plaintext
// files stay, so that nothing is lost, and the error says so.
func sealAside(ctx context.Context, aside string, pass []byte) (string, error) {
	key, err := DeriveKey(pass, DefaultParams)
	if err != nil {
		return aside, err
	}
	var sealed []string
	undo := func() {
		for _, s := range sealed {
			os.Remove(s)
		}
	}
	for _, suffix := range dbSuffixes {
		plain := aside + suffix
		if _, err := os.Lstat(plain); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		out := plain + FileExt
		f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			undo()
			return aside, internal("seal the replaced database", err)
		}
		sealed = append(sealed, out)
		if err := encryptFile(ctx, plain, f, key); err != nil {
			f.Close()
			undo()
			return aside, internal("seal the replaced database", err)
		}
		if err := verifyWritten(ctx, out, key); err != nil {
			undo()
			return aside, err
		}
	}
	for _, suffix := range dbSuffixes {
		if err := os.Remove(aside + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return aside + FileExt, internal("remove the replaced database", err)
		}
	}
	return aside + FileExt, nil
}

// DecryptFile writes the plaintext of a sealed file (a backup, or a file
// of a replaced database) to dst, a new file readable by this user only.
func DecryptFile(ctx context.Context, file string, pass []byte, dst string) error {
	s, err := openSealed(file, pass)
	if err != nil {
		return err
	}
	defer s.Close()
	return decryptTo(ctx, s, dst)
}
