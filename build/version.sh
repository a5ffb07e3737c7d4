#!/bin/sh
# Prints PAPPU's version, derived from git, for -ldflags "-X main.version=…"
# and the Windows version resource.
#
#   build/version.sh                    1.2.0, 1.2.0-5-g1a2b3c4, …-dirty
#   build/version.sh --windows          the same as four numbers: 1.2.0.5
#   build/version.sh --windows VERSION  the four numbers of VERSION
#
# The version is `git describe` of the latest tag vX.Y.Z without its "v":
# on the tag itself "X.Y.Z", N commits later "X.Y.Z-N-g<commit>", and
# "-dirty" when tracked files differ from the commit. Before the first tag it
# reads as if v0.0.0 tagged the first commit: "0.0.0-N-g<commit>". Outside a
# git checkout it is "0.0.0-dev".
#
# The Windows number is X.Y.Z.N, each part at most 65535; N is 0 on a tag
# (and for a version given by hand without "-N-g<commit>").
set -eu

cd "$(dirname "$0")/.."

windows=false
case "${1:-}" in
--windows) windows=true ;;
"") ;;
*) echo "usage: $0 [--windows [VERSION]]" >&2; exit 2 ;;
esac

# clamp keeps a number within a Windows version part.
clamp() { if [ "$1" -gt 65535 ]; then echo 65535; else echo "$1"; fi; }

# numeric turns a version into X.Y.Z.N.
numeric() {
	xyz=$(echo "$1" | sed -n 's/^\([0-9]\{1,9\}\)\.\([0-9]\{1,9\}\)\.\([0-9]\{1,9\}\).*/\1 \2 \3/p')
	n=$(echo "$1" | sed -n 's/.*-\([0-9]\{1,9\}\)-g[0-9a-f]\{4,\}\(-dirty\)\{0,1\}$/\1/p')
	set -- ${xyz:-0 0 0} "${n:-0}"
	echo "$(clamp "$1").$(clamp "$2").$(clamp "$3").$(clamp "$4")"
}

# describe prints the version of the checkout.
describe() {
	if ! git rev-parse --verify -q HEAD >/dev/null 2>&1; then
		echo 0.0.0-dev
		return
	fi
	commit=$(git rev-parse --short=7 HEAD)
	dirty=""
	if [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
		dirty="-dirty"
	fi
	if tag=$(git describe --tags --abbrev=0 --match 'v[0-9]*.[0-9]*.[0-9]*' 2>/dev/null); then
		base=${tag#v}
		count=$(git rev-list --count "$tag..HEAD")
	else
		tag=""
		base=0.0.0
		count=$(git rev-list --count HEAD)
	fi
	if [ -n "$tag" ] && [ "$count" -eq 0 ]; then
		echo "$base$dirty"
	else
		echo "$base-$count-g$commit$dirty"
	fi
}

if $windows; then
	if [ $# -ge 2 ]; then numeric "$2"; else numeric "$(describe)"; fi
else
	describe
fi
