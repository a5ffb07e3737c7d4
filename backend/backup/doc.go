// Package backup writes, checks, rotates and restores encrypted backups of
// PAPPU's database, so that a stolen USB key holding one reveals nothing.
//
// # What a backup is
//
// SQLite's online backup API copies one consistent state of the live
// database, which the app may be writing meanwhile, into a private folder
// (0700) next to the database. That copy must pass PRAGMA quick_check;
// it is encrypted into a temporary file of the destination folder, synced,
// read back and decrypted in full, and only then renamed to its final name,
// pappu-AAAA-MM-JJTHHMMSS.pappubak (with -2, -3… when a backup of the same
// second is already there; older backups were named to the minute,
// pappu-AAAA-MM-JJTHHMM.pappubak, and Prune still reads those names). The
// plaintext copy is removed in every
// case. Prune keeps the newest backup of each of the last 7 days, 4 ISO
// weeks and 12 months that have one. Restore checks the passphrase and the
// whole file before it replaces anything, and keeps the replaced database
// sealed with the same passphrase as
// pappu.db.avant-restauration-AAAA-MM-JJTHHMMSS.pappubak.
//
// # File format, version 1
//
// All integers are big-endian. A 96-byte header, in clear:
//
//	offset size
//	     0    8  magic "PAPPUBAK"
//	     8    1  format version: 1
//	     9    1  cipher: 1 = XChaCha20-Poly1305, in chunks as below
//	    10    1  key derivation: 1 = argon2id (v1.3)
//	    11    1  argon2id threads
//	    12    4  argon2id time (passes)
//	    16    4  argon2id memory, KiB
//	    20    4  chunk size C: plaintext bytes per chunk (65536)
//	    24    8  plaintext size P: the SQLite file's size
//	    32   16  salt
//	    48   16  nonce prefix, random for each file
//	    64   32  key check
//
// then ⌊P/C⌋+1 chunks: every chunk but the last holds C plaintext bytes, the
// last holds P mod C (possibly none), and each is sealed with
// XChaCha20-Poly1305 (16-byte tag) using:
//
//   - the key HMAC-SHA256(K, "PAPPUBAK v1 encryption"), where K is the
//     32-byte argon2id key of the passphrase (NFC-normalised UTF-8) and salt;
//   - the 24-byte nonce: the 16-byte prefix, the chunk's index on 7 bytes,
//     then 1 for the last chunk and 0 for the others;
//   - the 96 bytes of the header as associated data.
//
// The key check is HMAC-SHA256(K, "PAPPUBAK v1 key check"). The file's size
// is exactly 96 + P + 16·(⌊P/C⌋+1) bytes.
//
// What this detects: a changed header byte (every chunk authenticates the
// header), a changed, swapped or repeated chunk (the index is in the
// nonce), a file cut at any point (the size is known from the header, and
// the last chunk must carry the final flag), bytes appended. A key check
// that does not match means a wrong passphrase, or a header whose salt,
// parameters or check were changed: authenticated encryption cannot tell
// these apart, so the message says "incorrecte ou fichier altéré". A
// matching key check followed by a chunk that does not authenticate means
// the file was altered. The argon2id parameters read from a file are
// bounded (at most 1 GiB, 64 passes, 64 threads), so a forged header cannot
// exhaust the machine.
//
// # Threat model, and why the derived key sits in the database
//
// The threat is the backup medium: a USB key lost or stolen, a network share
// read by others. Against it the file must reveal nothing but its size and
// date, and resist guessing the passphrase offline: hence argon2id, with
// parameters (DefaultParams) that cost about 0.1 s on the development
// machine, and a minimum of 12 characters.
//
// The daily job must encrypt without anyone typing the passphrase. Configure
// therefore stores, in the local settings of the database (never
// synchronised), the argon2id key and its salt, not the passphrase. Whoever
// can read the database can read that key; but they can read the database
// itself, which holds everything a backup holds, so nothing is lost against
// the threat above. Two things follow, stated plainly: such a person could
// also read older backups, which may hold data since erased; and the
// passphrase is needed to restore, so the structure must keep it somewhere
// safe, away from the USB key. Changing the passphrase (Configure again)
// derives a new key with a new salt; older backups still open with the old
// passphrase, as their header records their own salt.
//
// The plaintext exists on disk only next to the database (backup, restore)
// or in a private folder of the system's temporary folder (Verify), and is
// removed once done; an interrupted run's leftovers are removed by a later
// run once more than a day old.
//
// # PAPPU must be closed during a restore
//
// Replacing the database under a running app would lose its writes or mix
// two databases. Restore refuses in two ways:
//
//   - the lock file, pappu.db.lock next to the database: any process that
//     opens the database holds a shared lock on it (HoldDatabase), Restore
//     takes it exclusively. The lock is the system's (flock on Linux,
//     LockFileEx on Windows), so a crash releases it; the file stays.
//   - SQLite itself: just before the swap, Restore opens the database in
//     exclusive locking mode, which fails while any other connection has it
//     open, even in a PAPPU that does not take the lock file.
//
// On Windows the system also refuses to rename a database another process
// has open.
package backup
