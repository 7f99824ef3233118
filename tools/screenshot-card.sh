#!/bin/sh
# screenshot-card.sh: pictures of an Anki card of a deck qbind made, front
# and back, day and night, at phone size in headless Chromium: the note's
# first card type filled as Anki fills it ({{FrontSide}}, {{Field}},
# {{#Field}}…{{/Field}}, {{^Field}}…{{/Field}}), the note type's CSS in a
# <style>, the body .card (and .nightMode .night_mode at night), as
# Anki's reviewer shows it (tests/apkg.mjs render makes the pages).
#
# usage: sh tools/screenshot-card.sh DECK.apkg NOTE OUTDIR
#   NOTE: the start of the question (its sort field), or the note's
#   position (1 = the first).  Writes OUTDIR/{front,back}-{day,night}.png
#   (and the .html beside them), 390x844 CSS pixels unless
#   SIZE=WIDTHxHEIGHT says otherwise.  Needs node and the npm package
#   anki-reader in out/npm (tests/check-apkg.sh installs it), and chromium.
set -eu
[ $# -eq 3 ] || { sed -n '2,16p' "$0" >&2; exit 2; }
deck=$1
note=$2
out=$3
SIZE=${SIZE:-390x844}
CHROMIUM=${CHROMIUM:-chromium}
NPM=${NPM:-out/npm}
command -v "$CHROMIUM" >/dev/null 2>&1 || { echo "screenshot-card: no $CHROMIUM" >&2; exit 3; }
[ -f "$NPM/node_modules/anki-reader/package.json" ] ||
	npm install --prefix "$NPM" --no-audit --no-fund --silent anki-reader@0.3.0
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
unzip -q -d "$dir" "$deck" collection.anki2
node "$(dirname "$0")/../tests/apkg.mjs" render "$NPM" "$dir/collection.anki2" "$note" "$out" >/dev/null
for side in front back; do
	for mode in day night; do
		# A profile of its own each time: no state from another run,
		# and no clash with a Chromium already open.
		"$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars \
			--user-data-dir="$dir/profile" --window-size="$(echo "$SIZE" | tr x ,)" \
			--screenshot="$out/$side-$mode.png" "file://$(cd "$out" && pwd)/$side-$mode.html" \
			>/dev/null 2>&1
		[ -s "$out/$side-$mode.png" ] || { echo "screenshot-card: no $out/$side-$mode.png" >&2; exit 1; }
	done
done
echo "screenshot-card: $out/{front,back}-{day,night}.png"
