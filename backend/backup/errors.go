package backup

import (
	"fmt"

	"pappu/backend"
)

// MinPassphraseLength is the fewest characters a backup passphrase may have.
const MinPassphraseLength = 12

// The errors a person can act on. Each call returns a fresh value, so no
// caller can change what another one sees.

func errShortPassphrase() error {
	return backend.Invalid("passphrase",
		"La phrase de passe doit compter au moins %d caractères.", MinPassphraseLength)
}

// errWrongPassphrase is returned when the key derived from the passphrase
// does not open the file. Authenticated encryption cannot tell a wrong
// passphrase from a file whose header was altered, so the message says both.
func errWrongPassphrase() error {
	return backend.Invalid("passphrase",
		"Phrase de passe incorrecte ou fichier de sauvegarde altéré.")
}

// errAltered is returned when the passphrase is right (the key check in the
// header matches) but a chunk does not authenticate: the file was changed.
func errAltered(file string) error {
	return backend.Invalid("file", "Le fichier de sauvegarde %s est altéré : son contenu "+
		"ne correspond plus à ce qui a été écrit. Utilisez une autre sauvegarde.", file)
}

func errTruncated(file string, have, want int64) error {
	return backend.Invalid("file", "Le fichier de sauvegarde %s est incomplet (tronqué) : "+
		"%d octets au lieu de %d. Utilisez une autre sauvegarde.", file, have, want)
}

func errEmpty(file string) error {
	return backend.Invalid("file", "Le fichier %s est vide : ce n'est pas une sauvegarde PAPPU.",
		file)
}

func errNotBackup(file string) error {
	return backend.Invalid("file", "Le fichier %s n'est pas une sauvegarde PAPPU.", file)
}

func errNewerFormat(file string, version byte) error {
	return backend.Invalid("file", "La sauvegarde %s a été écrite par une version plus "+
		"récente de PAPPU (format %d). Installez la dernière version de PAPPU.", file, version)
}

func errNotPappuDB(file string) error {
	return backend.Invalid("file", "La sauvegarde %s ne contient pas une base PAPPU.", file)
}

func errDamagedCopy(file string, detail string) error {
	return &backend.Error{Code: backend.EInvalid, Field: "file",
		Message: fmt.Sprintf("La base contenue dans la sauvegarde %s est endommagée.", file),
		Err:     fmt.Errorf("integrity_check: %s", detail)}
}

func errDamagedSource(db string, detail string) error {
	return &backend.Error{Code: backend.EInvalid, Field: "database",
		Message: fmt.Sprintf("La base de données %s est endommagée : la sauvegarde n'a pas été "+
			"écrite, pour ne pas remplacer une bonne sauvegarde par une mauvaise.", db),
		Err: fmt.Errorf("integrity_check: %s", detail)}
}

func errNoDatabase(db string) error {
	return backend.Invalid("database", "La base de données %s est introuvable.", db)
}

func errNoFolder(dir string) error {
	return backend.Invalid("folder", "Le dossier de sauvegarde %s n'existe pas "+
		"(clé USB ou lecteur réseau non branché ?).", dir)
}

func errNotFolder(dir string) error {
	return backend.Invalid("folder", "%s n'est pas un dossier.", dir)
}

func errUnwritable(dir string, err error) error {
	return &backend.Error{Code: backend.EInvalid, Field: "folder",
		Message: fmt.Sprintf("Impossible d'écrire dans le dossier de sauvegarde %s "+
			"(protégé en écriture, plein ou retiré ?).", dir), Err: err}
}

// errUnreadable is returned when a backup just written does not read back
// as written: the medium is failing, or was removed during the write.
func errUnreadable(dir string, err error) error {
	return &backend.Error{Code: backend.EInvalid, Field: "folder",
		Message: fmt.Sprintf("La sauvegarde écrite dans %s ne se relit pas correctement "+
			"(support défectueux ou retiré pendant l'écriture ?) ; elle a été supprimée.", dir),
		Err: err}
}

func errInUse(db string) error {
	return &backend.Error{Code: backend.EConflict, Message: fmt.Sprintf("PAPPU est ouvert "+
		"sur la base %s : fermez PAPPU (et toute commande pappu-cli en cours) avant de "+
		"restaurer une sauvegarde.", db)}
}

func errRestoreRunning(db string) error {
	return &backend.Error{Code: backend.EConflict, Message: fmt.Sprintf("Une restauration "+
		"de sauvegarde est en cours sur la base %s : attendez qu'elle se termine.", db)}
}

func errNoFile(file string) error {
	return backend.Invalid("file", "Le fichier de sauvegarde %s est introuvable.", file)
}

// internal wraps a fault no one can act on, keeping a short context.
func internal(step string, err error) error {
	return backend.Internal(fmt.Errorf("backup: %s: %w", step, err))
}
