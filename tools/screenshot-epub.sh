#!/bin/sh
# screenshot-epub.sh: pictures of an EPUB's pages at phone size, to look at
# what a reader shows (headless Chromium draws the XHTML with the book's
# style.css, as an EPUB 3 reader's web view would; pagination aside).
#
# usage: sh tools/screenshot-epub.sh BOOK.epub OUTDIR PAGE...
#   PAGE: a file of the book under OEBPS/, e.g. cover.xhtml, title.xhtml,
#   section-01.xhtml, with an optional #id to scroll to (section-02.xhtml#_answers).
#   Writes OUTDIR/<page>[_<id>].png, 390x844 CSS pixels (an iPhone 12-15
#   screen) unless SIZE=WIDTHxHEIGHT says otherwise.
set -eu
[ $# -ge 3 ] || { sed -n '2,10p' "$0" >&2; exit 2; }
book=$1
out=$2
shift 2
SIZE=${SIZE:-390x844}
CHROMIUM=${CHROMIUM:-chromium}
command -v "$CHROMIUM" >/dev/null 2>&1 || { echo "screenshot-epub: no $CHROMIUM (tools/install-deps.sh installs chromium)" >&2; exit 3; }
mkdir -p "$out"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
unzip -q -d "$dir" "$book"
for page in "$@"; do
	file=${page%%#*}
	[ -f "$dir/OEBPS/$file" ] || { echo "screenshot-epub: no OEBPS/$file in $book" >&2; exit 1; }
	name=$(printf '%s' "$page" | sed 's/\.xhtml//; s/#/_/; s/[^A-Za-z0-9_.-]/_/g')
	url="file://$dir/OEBPS/$file"
	case $page in
	*'#'*)
		# Headless Chromium does not paint a page scrolled to a
		# fragment; a copy of the page moves itself up instead.
		id=${page#*#}
		printf '%s' "$id" | grep -qx '[A-Za-z0-9_.-]*' || { echo "screenshot-epub: odd id '$id'" >&2; exit 2; }
		sed "s|</body>|<script>var t = document.getElementById('$id'); if (t) document.documentElement.style.transform = 'translateY(-' + (t.getBoundingClientRect().top - 8) + 'px)';</script></body>|" \
			"$dir/OEBPS/$file" >"$dir/OEBPS/_shot.xhtml"
		url="file://$dir/OEBPS/_shot.xhtml";;
	esac
	# A profile of its own each time: no state from another run, and no
	# clash with a Chromium already open.
	"$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--user-data-dir="$dir/profile" --force-device-scale-factor=1 \
		--virtual-time-budget=2000 \
		--window-size="$(echo "$SIZE" | tr x ,)" \
		--screenshot="$out/$name.png" "$url" >"$dir/log" 2>&1 ||
		{ cat "$dir/log" >&2; exit 1; }
	echo "$out/$name.png"
done
