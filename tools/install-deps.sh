#!/bin/sh
# install-deps.sh: install the Debian packages qbind needs to build and test.
#
# Run by `make`, `make test` and .ci/run.  Installs only what is missing.
# As root it runs apt-get; otherwise it prints the one apt-get line to run
# and exits 1, so nothing is half done behind the user's back.
set -eu

# Build: compiler, pkg-config and the -dev packages of every library.
# Test: cmocka (unit tests), xmllint and jq (validate the XML and JSON dumps),
# clang (the sources must build warning-free with it too), with
# libclang-rt-14-dev, only recommended by clang: libFuzzer and the
# sanitizer runtimes for the fuzzers (tests/fuzz, tests/check-fuzz.sh).
# PDF: libharu, libhyphen with the Russian and English patterns, fontconfig
# and the DejaVu faces (regular, bold, oblique, mono); qpdf, poppler-utils
# and mupdf-tools check the handouts.  EPUB: libzip; epubcheck (Java)
# checks the books, several in one Java start through a source-file program
# (tests/EpubCheckMany.java), which needs a JDK's compiler
# (default-jdk-headless); unzip and xsltproc read the books' pages.
# Anki: libzip, SQLite; sqlite3, unzip and Node.js's npm (for the
# anki-reader package, see tests/check-apkg.sh) check the decks.
# Memory and static checks (tests/check-valgrind.sh, make analyze):
# valgrind, cppcheck, clang-tidy; gcc -fanalyzer is gcc-12's.
PKGS="gcc make pkg-config libcmark-dev nettle-dev libxml2-dev libjansson-dev \
libcmocka-dev libxml2-utils jq clang libclang-rt-14-dev \
libhpdf-dev libhyphen-dev hyphen-ru hyphen-en-us libfontconfig-dev fontconfig \
fonts-dejavu-core fonts-dejavu-extra qpdf poppler-utils mupdf-tools \
libzip-dev epubcheck default-jdk-headless unzip xsltproc libsqlite3-dev sqlite3"
# PDF tests: a second real font family (PT Serif, PT Mono), as a style
# would name it.
PKGS="$PKGS fonts-paratype"
# PDF font fallback (a character the body font lacks is drawn from the
# font fontconfig falls back to): Symbola has emoji and symbols in
# TrueType outlines (colour emoji fonts have none to embed), Noto's
# monochrome faces other scripts and symbols, Noto Sans Math (like DejaVu
# Math TeX Gyre) the mathematical letters (U+1D400...); tests/check-pdf.sh
# draws 🙂 and 𝔘 from them.
PKGS="$PKGS fonts-symbola fonts-noto-core"
# EPUB: headless Chromium draws the generated cover SVG in
# tests/check-epub.sh (no title line may reach the margins) and takes the
# phone-size pictures of the pages (tools/screenshot-epub.sh).
PKGS="$PKGS chromium"
PKGS="$PKGS valgrind cppcheck clang-tidy gcc-12"
# Anki tests: zip repacks a deck made to stand for one of an older note
# type (tests/check-apkg.sh, the previous-deck tests).
PKGS="$PKGS zip"
# PDF/A: the sRGB profile of the output intent is built into qbind from
# icc-profiles-free's sRGB.icc (Makefile), so a handout embeds the same
# bytes on every machine.  Apache PDFBox Preflight checks the handouts
# (tests/check-pdfa.sh); its classpath needs the activation and JAXB APIs.
PKGS="$PKGS icc-profiles-free libpdfbox2-java libactivation-java libjaxb-api-java"

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "install-deps: no dpkg here (qbind's set-up is for Debian 12);" >&2
	echo "install-deps: install these packages or their equivalents: $PKGS" >&2
	exit 0
fi

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q ' installed$'; then
		missing="$missing $p"
	fi
done
# npm may come with a nodejs of another origin (NodeSource ships it inside
# its nodejs package); Debian's own comes as the package npm.
command -v npm >/dev/null 2>&1 || missing="$missing npm"
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "qbind needs these Debian packages:$missing" >&2
	echo "Install them with:" >&2
	echo "  sudo apt-get install -y$missing" >&2
	echo "then run make again." >&2
	exit 1
fi

echo "install-deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
# A fresh machine may have no package lists yet: update once, then retry.
if ! apt-get install -y -q --no-install-recommends $missing; then
	apt-get update -q
	apt-get install -y -q --no-install-recommends $missing
fi
