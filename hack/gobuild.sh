#!/usr/bin/env bash
# hack/gobuild.sh NAME WHAT go build [FLAGS] PACKAGE
#
# Runs the go build command with -v and says what it builds and how far
# along it is, instead of minutes of silence on a first build:
#
#   building staticcheck: honnef.co/go/tools v0.8.2 (cold: about a minute on 2 idle cores)
#     staticcheck: 255/475 packages compiled, 0m31s
#   built staticcheck in 0m58s (474 packages compiled)
#
# A build with nothing to compile (the Go build cache is warm) prints
# nothing, unless linking alone takes longer than QUIET_FOR seconds. The
# package total is what `go list -deps` counts (the standard library
# included: an empty build cache compiles it too); packages already in the
# build cache are not compiled, so a partly warm build ends below it. Each
# line names the build, so builds run side by side by `make -j` stay
# readable. Errors and `go: downloading` lines pass through unchanged; the
# exit status is go build's.
set -uo pipefail

if (( $# < 4 )) || [[ $4 != build ]]; then
	echo "usage: $0 NAME WHAT go build [FLAGS] PACKAGE" >&2
	exit 2
fi
name=$1 what=$2 gocmd=$3
shift 4
every=${PROGRESS_EVERY:-30} # seconds between progress lines
quiet_for=${QUIET_FOR:-20}  # seconds of silence allowed with nothing compiled

# go list takes the build flags that select packages, not -o or -v.
list_args=()
skip=false
for a in "$@"; do
	if $skip; then skip=false; continue; fi
	case $a in
	-o) skip=true ;;
	-o=* | -v) ;;
	*) list_args+=("$a") ;;
	esac
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
total=$tmp/total

start=$SECONDS last=$SECONDS compiled=0 started=false
elapsed() { printf '%dm%02ds' $(((SECONDS - start) / 60)) $(((SECONDS - start) % 60)); }
of_total() { [[ -s $total ]] && printf '/%s' "$(<"$total")"; }
begin() {
	started=true last=$SECONDS
	echo "building $name: $what"
	# Counted once, in the background, only for a build that compiles.
	local args=(-deps "${list_args[@]}")
	if [[ ${list_args[0]-} == -C ]]; then args=("${list_args[@]:0:2}" -deps "${list_args[@]:2}"); fi
	("$gocmd" list "${args[@]}" 2>/dev/null | wc -l >"$total.part" && mv "$total.part" "$total") &
}

# go build -v prints each package as it compiles it, on standard error like
# its errors; a line that is one word is a package. The last line carries
# go build's exit status.
# (-C must come first, in go list too.)
if [[ ${1-} == -C ]]; then
	build_args=("$1" "$2" -v "${@:3}")
else
	build_args=(-v "$@")
fi
exec 3< <("$gocmd" build "${build_args[@]}" 2>&1; echo "gobuild.sh-exit $?")
rc=1
while :; do
	if IFS= read -r -t 2 line <&3; then
		case $line in
		"gobuild.sh-exit "*) rc=${line#* }; break ;;
		"" | *[[:space:]]*) echo "$line" >&2 ;;
		*) compiled=$((compiled + 1)); $started || begin ;;
		esac
	elif (( $? <= 128 )); then
		break # end of output without a status: go build was killed
	fi
	if ! $started && (( SECONDS - start >= quiet_for )); then
		begin
	elif $started && (( SECONDS - last >= every )); then
		last=$SECONDS
		echo "  $name: $compiled$(of_total) packages compiled, $(elapsed)"
	fi
done
wait
if $started && (( rc == 0 )); then
	case $compiled in
	0) detail="nothing to compile, linked" ;;
	1) detail="1 package compiled" ;;
	*) detail="$compiled packages compiled" ;;
	esac
	echo "built $name in $(elapsed) ($detail)"
elif (( rc != 0 )); then
	echo "building $name failed after $(elapsed)" >&2
fi
exit "$rc"
