#!/usr/bin/env bash
# Signs Windows programs in place with osslsigncode (Authenticode, SHA-256):
#
#   build/windows/sign.sh FILE.exe...
#
# The certificate comes from the environment:
#   PAPPU_SIGN_CERT, PAPPU_SIGN_KEY   PEM certificate (chain) and private key
#   PAPPU_SIGN_PKCS12                 or a .pfx/.p12 file holding both
#   PAPPU_SIGN_PASSWORD_FILE          a file holding the key's password, if any
#   PAPPU_SIGN_TIMESTAMP_URL          a timestamping server (RFC 3161), if any
# `make windows` calls it through build/windows/dist.sh when PAPPU_SIGN_CERT
# or PAPPU_SIGN_PKCS12 is set: on pappu.exe before the installer packs it,
# then on the uninstaller and the setup program.
set -euo pipefail

if [ $# -eq 0 ]; then
	echo "usage: $0 FILE.exe..." >&2
	exit 2
fi
command -v osslsigncode >/dev/null || {
	echo "sign.sh: osslsigncode is missing (Debian: apt-get install osslsigncode)" >&2
	exit 1
}

if [ -n "${PAPPU_SIGN_PKCS12:-}" ]; then
	opts=(-pkcs12 "$PAPPU_SIGN_PKCS12")
elif [ -n "${PAPPU_SIGN_CERT:-}" ] && [ -n "${PAPPU_SIGN_KEY:-}" ]; then
	opts=(-certs "$PAPPU_SIGN_CERT" -key "$PAPPU_SIGN_KEY")
else
	echo "sign.sh: set PAPPU_SIGN_CERT and PAPPU_SIGN_KEY, or PAPPU_SIGN_PKCS12" >&2
	exit 2
fi
if [ -n "${PAPPU_SIGN_PASSWORD_FILE:-}" ]; then
	opts+=(-readpass "$PAPPU_SIGN_PASSWORD_FILE")
fi
if [ -n "${PAPPU_SIGN_TIMESTAMP_URL:-}" ]; then
	opts+=(-ts "$PAPPU_SIGN_TIMESTAMP_URL")
fi

for file in "$@"; do
	osslsigncode sign "${opts[@]}" -h sha256 -n "PAPPU" \
		-in "$file" -out "$file.signed" >/dev/null
	mv -f "$file.signed" "$file"
	echo "signed $file"
done
