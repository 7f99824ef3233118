#!/bin/sh
# check-faults.sh: what a build does when the world goes wrong, for every
# format on its own and for -f all: the output folder missing (made, but
# not under a file or a read-only folder), a file in its place, read-only;
# a full disk, /dev/full and a file size limit; a folder at an output's
# name; SIGINT, SIGTERM and SIGPIPE mid-write;
# a missing font or style file.  Each time: the exit status of qbind.1
# (EXIT STATUS), the message naming the file and the cause, no temporary
# .NAME.XXXXXX file left, and the good outputs of an earlier build with
# their old bytes.  Then writing to devices, FIFOs and symbolic links,
# reading the corpus from '-', and the names made from -n and from titles.
#
# usage: QBIND=out/qbind sh tests/check-faults.sh   (root: also tmpfs mounts)
set -u
QBIND=${QBIND:-out/qbind}
export SOURCE_DATE_EPOCH=1764316800
umask 022
# The good outputs come from EN; the builds that meet a fault read SEED,
# so that a build that got through would change the bytes.
EN=corpus/go-interview-sample-en.txt
SEED=corpus/go-interview-followups.txt
T=$(mktemp -d)
mounts=""
cleanup() {
	for m in $mounts; do umount "$m" 2>/dev/null; done
	chmod -R u+w "$T" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT
. tests/lib.sh

root=0
[ "$(id -u)" -eq 0 ] && root=1
FORMATS="outline xml json apkg epub pdf all"

# endings FMT: the file name endings of format FMT, in the order qbind
# writes them.
endings() {
	case $1 in
	outline) echo outline.txt ;;
	xml) echo outline.xml ;;
	json) echo outline.json ;;
	all) echo outline.txt outline.xml outline.json apkg epub pdf ;;
	*) echo "$1" ;;
	esac
}
first() { endings "$1" | awk '{ print $1 }'; }
last() { endings "$1" | awk '{ print $NF }'; }

mkdir "$T/good"
"$QBIND" build -q -n good -o "$T/good" "$EN" || bad "the good build failed"

# put DIR FMT: DIR (made if need be) holds the good outputs of FMT.
put() {
	mkdir -p "$1"
	for e in $(endings "$2"); do cp "$T/good/good.$e" "$1/"; done
}

# Root is not stopped by chmod: for root, a read-only folder and a full
# disk are tmpfs mounts, which a container may forbid.
can_mount=0
if [ "$root" -eq 1 ]; then
	mkdir "$T/probe"
	if mount -t tmpfs -o size=64k tmpfs "$T/probe" 2>/dev/null; then
		umount "$T/probe"
		can_mount=1
	else
		echo "skip read-only folders and full disks: root, and no tmpfs mount allowed here"
	fi
fi
# make_ro DIR FMT: DIR holds the good outputs of FMT and is read-only
# (why: the reason qbind should give); false when that cannot be made.
make_ro() {
	mkdir -p "$1"
	if [ "$root" -eq 0 ]; then
		put "$1" "$2"
		chmod 555 "$1"
		why="Permission denied"
	elif [ "$can_mount" -eq 1 ] && mount -t tmpfs -o size=4m tmpfs "$1"; then
		mounts="$1 $mounts"
		put "$1" "$2"
		mount -o remount,ro "$1"
		why="Read-only file system"
	else
		return 1
	fi
}
undo_ro() {
	if [ "$root" -eq 1 ]; then umount "$1"; else chmod 755 "$1"; fi
}
# make_full DIR FMT: a tmpfs that holds the good outputs of FMT with
# 8 KB free; false when that cannot be made (not root, no mounts).
make_full() {
	mkdir -p "$1"
	[ "$can_mount" -eq 1 ] && mount -t tmpfs -o size=4m tmpfs "$1" || return 1
	mounts="$1 $mounts"
	put "$1" "$2"
	dd if=/dev/zero of="$1/filler" bs=64k 2>/dev/null
	truncate -s -8K "$1/filler"
}

# listing DIR: every entry of DIR with its type and mode, and the sums
# of its regular files.  snap keeps it; still compares with it.
listing() {
	(cd "$1" && find . -mindepth 1 -maxdepth 1 -printf '%f %y %m\n' | sort &&
		find . -mindepth 1 -maxdepth 1 -type f -exec md5sum {} + | sort)
}
snap() { listing "$1" >"$T/snap"; }
still() {
	listing "$2" >"$T/snap.now"
	if cmp -s "$T/snap" "$T/snap.now"; then
		ok
	else
		bad "$1: $2 changed (< before, > after)"
		diff "$T/snap" "$T/snap.now" | sed 's/^/  | /' | head -10
	fi
}

# fault NAME RC MESSAGE DIR CMD...: CMD exits RC, its stderr holds
# MESSAGE, and DIR is as it was: same entries (no temporary file), same
# bytes.
fault() {
	f_name=$1 f_rc=$2 f_msg=$3 f_dir=$4
	shift 4
	snap "$f_dir"
	expect "$f_rc" "$f_name" "$@"
	has "$T/stderr" "$f_msg" "$f_name"
	still "$f_name" "$f_dir"
}

# await CMD...: polls CMD every 20 ms for up to 60 s (await_n: N polls).
await() { await_n 3000 "$@"; }
await_n() {
	a_max=$1
	shift
	a_n=0
	until "$@"; do
		a_n=$((a_n + 1))
		[ "$a_n" -gt "$a_max" ] && return 1
		sleep 0.02
	done
}
# gone PID: the process has ended (a zombie until reaped: kill -0 cannot tell).
gone() {
	case $(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null) in ""|Z) return 0 ;; esac
	return 1
}
# reader FIFO OUT: copies FIFO into OUT in the background.  unreader
# waits for it, and ends it after 10 s: a qbind that replaced the FIFO
# instead of writing to it leaves it waiting for a writer forever.
reader() {
	cat "$1" >"$2" &
	rpid=$!
}
unreader() {
	await_n 500 gone "$rpid" || kill "$rpid" 2>/dev/null
	wait "$rpid" 2>/dev/null
}

# A FIFO written to in place, as the guard for what follows: before the
# fix, qbind renamed a temporary file over a FIFO or a device node at the
# output's name, and as root over /dev/full itself.
mkfifo "$T/guard"
reader "$T/guard" "$T/guard.out"
"$QBIND" outline -f json -o "$T/guard" "$SEED" 2>"$T/guard.err"
unreader
"$QBIND" outline -f json "$SEED" >"$T/seed.json"
safe_dev=0
if [ -p "$T/guard" ] && cmp -s "$T/guard.out" "$T/seed.json"; then
	safe_dev=1
	ok
else
	bad "outline -o FIFO: the FIFO was replaced or not written"
fi
# The devices of /dev are written to only when that is safe: by anyone
# but root (who alone could replace them), or when qbind left the FIFO
# alone.  Elsewhere, device nodes of our own where root can make them.
real_dev=1
if [ "$root" -eq 1 ] && [ "$safe_dev" -ne 1 ]; then
	real_dev=0
	echo "skip the devices of /dev: this qbind replaced a FIFO, it would replace them too"
fi
# mkdev NAME MAJOR MINOR: a device node $T/NAME as root, else /dev/NAME;
# "" when neither can be used.
mkdev() {
	if [ "$root" -eq 1 ] && mknod "$T/$1" c "$2" "$3" 2>/dev/null && [ -c "$T/$1" ]; then
		echo "$T/$1"
	elif [ "$real_dev" -eq 1 ]; then
		echo "/dev/$1"
	fi
}
FULL=$(mkdev full 1 7)

# --- every fault, for every format and for all of them at once ---
for fmt in $FORMATS; do
	d=$T/f-$fmt
	mkdir "$d"
	put "$d" "$fmt"
	# A missing folder is made, with its parents (0777 less the umask).
	expect 0 "$fmt: missing folder" "$QBIND" build -q -f "$fmt" -n good -o "$d/missing/sub" "$SEED"
	for e in $(endings "$fmt"); do
		[ -s "$d/missing/sub/good.$e" ] && ok || bad "$fmt: missing folder: no good.$e in it"
	done
	[ "$(stat -c %a "$d/missing")" = 755 ] && ok || bad "$fmt: missing folder: mode $(stat -c %a "$d/missing"), expected 755"
	rm -rf "$d/missing"
	: >"$d/afile"
	fault "$fmt: file for a folder" 3 \
		"qbind: error: output folder '$d/afile' is not a folder" "$d" \
		"$QBIND" build -f "$fmt" -n good -o "$d/afile" "$SEED"
	fault "$fmt: missing folder under a file" 3 \
		"qbind: error: output folder '$d/afile/sub' cannot be created: '$d/afile' is not a folder" "$d" \
		"$QBIND" build -f "$fmt" -n good -o "$d/afile/sub" "$SEED"

	if make_ro "$d/ro" "$fmt"; then
		fault "$fmt: read-only folder" 3 \
			"qbind: error: output folder '$d/ro' is not writable: $why" "$d/ro" \
			"$QBIND" build -f "$fmt" -n good -o "$d/ro" "$SEED"
		fault "$fmt: missing folder under a read-only one" 3 \
			"qbind: error: output folder '$d/ro/new/sub' cannot be created: '$d/ro' is not writable: $why" "$d/ro" \
			"$QBIND" build -f "$fmt" -n good -o "$d/ro/new/sub" "$SEED"
		undo_ro "$d/ro"
	fi
	if make_full "$d/full" "$fmt"; then
		fault "$fmt: disk full" 3 \
			"qbind: error: cannot write '$d/full/good.$(first "$fmt")': No space left on device" \
			"$d/full" "$QBIND" build -f "$fmt" -n good -o "$d/full" "$SEED"
		umount "$d/full"
	fi

	# The file size limit (a quota looks the same): EFBIG, for anyone.
	put "$d/limit" "$fmt"
	fault "$fmt: file size limit" 3 \
		"qbind: error: cannot write '$d/limit/good.$(first "$fmt")': File too large" "$d/limit" \
		sh -c 'trap "" XFSZ; ulimit -f 8; exec "$@"' sh \
		"$QBIND" build -f "$fmt" -n good -o "$d/limit" "$SEED"

	# The last output of the format is a link to a full device: written
	# in place, it fails; the temporary files of the others go.
	if [ -n "$FULL" ]; then
		put "$d/dev" "$fmt"
		rm "$d/dev/good.$(last "$fmt")"
		ln -s "$FULL" "$d/dev/good.$(last "$fmt")"
		fault "$fmt: link to a full device" 3 \
			"qbind: error: cannot write '$d/dev/good.$(last "$fmt")': No space left on device" \
			"$d/dev" "$QBIND" build -f "$fmt" -n good -o "$d/dev" "$SEED"
		[ -c "$FULL" ] && ok || bad "$fmt: $FULL is no longer a device"
	fi

	# A folder at the name of the format's last output: refused before
	# anything is renamed, so the earlier formats keep their old files.
	put "$d/isdir" "$fmt"
	rm "$d/isdir/good.$(last "$fmt")"
	mkdir "$d/isdir/good.$(last "$fmt")"
	fault "$fmt: folder at the output's name" 3 \
		"qbind: error: cannot write '$d/isdir/good.$(last "$fmt")': Is a directory" \
		"$d/isdir" "$QBIND" build -f "$fmt" -n good -o "$d/isdir" "$SEED"

	# The style: missing folder, missing style.conf.
	fault "$fmt: missing style folder" 3 \
		"qbind: error: style folder '$T/nostyle' does not exist" "$d" \
		"$QBIND" build -f "$fmt" -n good -s "$T/nostyle" -o "$d" "$SEED"
	cp -R styles/default "$d/style"
	rm "$d/style/style.conf"
	fault "$fmt: missing style.conf" 3 \
		"qbind: error: style '$d/style': cannot read '$d/style/style.conf': No such file or directory" \
		"$d" "$QBIND" build -f "$fmt" -n good -s "$d/style" -o "$d" "$SEED"

	# A read-only output file is replaced (the folder's permissions
	# decide, as for rm and mv): new bytes, the usual mode.
	put "$d/rofile" "$fmt"
	chmod 444 "$d"/rofile/*
	expect 0 "$fmt: read-only output file" "$QBIND" build -q -f "$fmt" -n good -o "$d/rofile" "$SEED"
	for e in $(endings "$fmt"); do
		if cmp -s "$T/good/good.$e" "$d/rofile/good.$e"; then
			bad "$fmt: read-only good.$e not replaced"
		elif [ "$(stat -c %a "$d/rofile/good.$e")" != 644 ]; then
			bad "$fmt: good.$e has mode $(stat -c %a "$d/rofile/good.$e"), expected 644"
		else
			ok
		fi
	done
	[ -z "$(ls -A "$d/rofile" | grep '^\.')" ] && ok || bad "$fmt: read-only output file: temporary files left"
done

# --- faults of one format: the files and fonts it reads ---
for fmt in epub all; do
	d=$T/f-$fmt
	cp -R styles/default "$d/nocss"
	rm "$d/nocss/epub.css"
	fault "$fmt: missing epub.css" 3 \
		"qbind: error: style '$d/nocss': cannot read '$d/nocss/epub.css': No such file or directory" \
		"$d" "$QBIND" build -f "$fmt" -n good -s "$d/nocss" -o "$d" "$SEED"
done
for fmt in apkg all; do
	d=$T/f-$fmt
	for file in anki-front.html anki-back.html anki-reverse-front.html anki-reverse-back.html anki.css; do
		rm -rf "$d/noanki"
		cp -R styles/default "$d/noanki"
		rm "$d/noanki/$file"
		fault "$fmt: missing $file" 3 \
			"qbind: error: style '$d/noanki': cannot read '$d/noanki/$file': No such file or directory" \
			"$d" "$QBIND" build -f "$fmt" -n good -s "$d/noanki" -o "$d" "$SEED"
	done
done
# Fonts: a family fontconfig does not have (it offers another, which
# qbind refuses), and DejaVu itself missing, named with its packages.
mkdir -p "$T/fc/none" "$T/fc/nomono"
# (nomono: the default body font, PT Serif, and DejaVu Sans, but no
# DejaVu Sans Mono)
for f in /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf /usr/share/fonts/truetype/dejavu/DejaVuSans-*.ttf \
    /usr/share/fonts/truetype/paratype/PTF5[56]F.ttf /usr/share/fonts/truetype/paratype/PTF7[56]F.ttf; do
	ln -s "$f" "$T/fc/nomono/"
done
for dir in none nomono; do
	printf '<?xml version="1.0"?>\n<fontconfig><dir>%s</dir><cachedir>%s</cachedir></fontconfig>\n' \
		"$T/fc/$dir" "$T/fc/cache" >"$T/fc/$dir.conf"
done
pkgs="install the font, or the Debian packages fonts-paratype (PT Serif) and fonts-dejavu-core and fonts-dejavu-extra (DejaVu)"
# What fontconfig offers instead depends on the fonts installed (Noto Sans
# once fonts-noto-core is there, for the PDF's fallback glyphs).
offer_font=$(fc-match -f '%{family[0]}' 'NoSuchFont:style=Regular')
offer_mono=$(fc-match -f '%{family[0]}' 'NoSuchMono:style=Regular')
for fmt in pdf all; do
	d=$T/f-$fmt
	fault "$fmt: missing font" 3 \
		"qbind: error: font 'NoSuchFont' (regular) not found: fontconfig offers '$offer_font' instead (see fc-match 'NoSuchFont:style=Regular'); $pkgs" \
		"$d" "$QBIND" build -f "$fmt" -n good -D pdf.font=NoSuchFont -o "$d" "$SEED"
	fault "$fmt: missing mono font" 3 \
		"qbind: error: font 'NoSuchMono' (monospace) not found: fontconfig offers '$offer_mono' instead (see fc-match 'NoSuchMono:style=Regular'); $pkgs" \
		"$d" "$QBIND" build -f "$fmt" -n good -D pdf.mono-font=NoSuchMono -o "$d" "$SEED"
	fault "$fmt: no fonts at all" 3 \
		"qbind: error: font 'PT Serif' (regular) not found: fontconfig offers 'nothing' instead (see fc-match 'PT Serif:style=Regular'); $pkgs" \
		"$d" env FONTCONFIG_FILE="$T/fc/none.conf" "$QBIND" build -f "$fmt" -n good -o "$d" "$SEED"
	fault "$fmt: DejaVu Sans Mono missing" 3 \
		"qbind: error: font 'DejaVu Sans Mono' (monospace) not found: fontconfig offers 'DejaVu Sans' instead (see fc-match 'DejaVu Sans Mono:style=Regular'); $pkgs" \
		"$d" env FONTCONFIG_FILE="$T/fc/nomono.conf" "$QBIND" build -f "$fmt" -n good -o "$d" "$SEED"
done

# --- signals ---
# tmp_of DIR ENDING: a temporary file of good.ENDING is in DIR.
tmp_of() { ls -A "$1" | grep -q "^\\.good\\.$2\\."; }
# started DIR ENDING PID: waits until that temporary file is there; false
# when PID ended first.
started() { await tmp_or_gone "$@" && ! gone "$3"; }
tmp_or_gone() { tmp_of "$1" "$2" || gone "$3"; }
# reap PID: rc is how PID ended (the shell's 128+N for signal N); killed
# with SIGKILL when it is still running 60 s on.
reap() {
	if ! await gone "$1"; then
		bad "process $1 still running: killed"
		kill -KILL "$1"
	fi
	wait "$1"
	rc=$?
}
# died NAME SIG: rc says the process died of SIG.
died() {
	d_want=$((128 + $(sig_no "$2")))
	[ "$rc" -eq "$d_want" ] && ok || bad "$1: exit $rc, expected $d_want (killed by SIG$2)"
}
sig_no() {
	case $1 in HUP) echo 1 ;; INT) echo 2 ;; PIPE) echo 13 ;; TERM) echo 15 ;; esac
}

# Deterministic: good.pdf is a FIFO that nobody reads, so qbind blocks
# opening it, with every earlier format written into its temporary file.
# A background job of sh starts with SIGINT ignored; env gives it back.
# The signal goes round SIGINT, SIGTERM and SIGHUP.
sig=INT
for fmt in outline xml json apkg epub; do
	d=$T/sig-$fmt
	put "$d" "$fmt"
	mkfifo "$d/good.pdf"
	snap "$d"
	env --default-signal=INT,TERM,HUP "$QBIND" build -q -f "$fmt,pdf" -n good -o "$d" "$SEED" 2>"$T/sig.err" &
	pid=$!
	started "$d" "$(first "$fmt")" "$pid" || bad "$fmt: ended before the signal"
	kill -"$sig" "$pid"
	reap "$pid"
	died "$fmt: SIG$sig while blocked on a FIFO" "$sig"
	still "$fmt: SIG$sig while blocked on a FIFO" "$d"
	case $sig in INT) sig=TERM ;; TERM) sig=HUP ;; *) sig=INT ;; esac
done

# A signal ignored at the start stays ignored (nohup): the build goes on
# and ends well once the FIFO is read.
d=$T/sig-nohup
put "$d" json
mkfifo "$d/good.pdf"
env --ignore-signal=HUP "$QBIND" build -q -f json,pdf -n good -o "$d" "$SEED" &
pid=$!
started "$d" outline.json "$pid" || bad "nohup: ended before the signal"
kill -HUP "$pid"
sleep 0.3
gone "$pid" && bad "nohup: SIGHUP killed qbind though it was ignored" || ok
reader "$d/good.pdf" "$T/nohup.pdf"
reap "$pid"
unreader
[ "$rc" -eq 0 ] && ok || bad "nohup: exit $rc"
cmp -s "$d/good.outline.json" "$T/seed.json" && ok || bad "nohup: good.outline.json is not the new dump"
head -c 5 "$T/nohup.pdf" | grep -q '%PDF-' && ok || bad "nohup: no PDF through the FIFO"

# SIGPIPE: the reader of good.pdf goes away after one byte; qbind dies of
# SIGPIPE as any writer would, but removes its temporary files first.
d=$T/sig-pipe
put "$d" json
mkfifo "$d/good.pdf"
snap "$d"
head -c 1 "$d/good.pdf" >/dev/null &
rpid=$!
env --default-signal=PIPE "$QBIND" build -q -f json,pdf -n good -o "$d" "$SEED"
rc=$?
unreader
died "SIGPIPE on a FIFO" PIPE
still "SIGPIPE on a FIFO" "$d"

# On a big corpus, at several moments: parse, the dumps, the deck and the
# book, the PDF (the 1000x corpus runs for ~5 s, 300x under ASan).
n=1000
[ -n "${QBIND_ASAN:-}" ] && n=300
if cc -O2 -o "$T/gen" tools/gen-corpus.c && "$T/gen" "$n" >"$T/big.txt"; then
	d=$T/sig-big
	put "$d" all
	for run in INT:0.2 TERM:0.8 INT:1.5 TERM:pdf; do
		sig=${run%:*} when=${run#*:}
		snap "$d"
		env --default-signal=INT,TERM "$QBIND" build -q -n good -o "$d" "$T/big.txt" 2>"$T/sig.err" &
		pid=$!
		if [ "$when" = pdf ]; then
			started "$d" pdf "$pid" || bad "big: ended before the PDF"
		else
			sleep "$when"
		fi
		gone "$pid" && bad "big: the build ended before SIG$sig at $when"
		kill -"$sig" "$pid"
		reap "$pid"
		died "big: SIG$sig at $when" "$sig"
		still "big: SIG$sig at $when" "$d"
	done
	# The PDF alone, killed while it is being made.
	put "$d/pdf" pdf
	snap "$d/pdf"
	env --default-signal=TERM "$QBIND" build -q -f pdf -n good -o "$d/pdf" "$T/big.txt" &
	pid=$!
	started "$d/pdf" pdf "$pid" || bad "big pdf: ended before the signal"
	sleep 0.3
	kill -TERM "$pid"
	reap "$pid"
	died "big pdf: SIGTERM" TERM
	still "big pdf: SIGTERM" "$d/pdf"
else
	bad "cannot build tools/gen-corpus.c"
fi

# --- outline -o: the same faults for the dump command ---
o=$T/dump
put "$o" json
g=good.outline.json
fault "outline -o: missing folder" 3 \
	"qbind: error: output folder '$o/missing': No such file or directory" "$o" \
	"$QBIND" outline -f json -o "$o/missing/x.json" "$SEED"
fault "outline -o: file for a folder" 3 \
	"qbind: error: output folder '$o/$g' is not a folder" "$o" \
	"$QBIND" outline -f json -o "$o/$g/x.json" "$SEED"
mkdir "$o/sub"
fault "outline -o: a folder" 3 "qbind: error: cannot write '$o/sub': Is a directory" "$o" \
	"$QBIND" outline -f json -o "$o/sub" "$SEED"
fault "outline -o: file size limit" 3 "qbind: error: cannot write '$o/$g': File too large" "$o" \
	sh -c 'trap "" XFSZ; ulimit -f 8; exec "$@"' sh "$QBIND" outline -f json -o "$o/$g" "$SEED"
if make_ro "$o/ro" json; then
	fault "outline -o: read-only folder" 3 "qbind: error: output folder '$o/ro' is not writable: $why" \
		"$o/ro" "$QBIND" outline -f json -o "$o/ro/$g" "$SEED"
	undo_ro "$o/ro"
fi
if make_full "$o/full" json; then
	fault "outline -o: disk full" 3 "qbind: error: cannot write '$o/full/$g': No space left on device" \
		"$o/full" "$QBIND" outline -f json -o "$o/full/$g" "$SEED"
	umount "$o/full"
fi
if [ -n "$FULL" ]; then
	fault "outline -o full device" 3 "qbind: error: cannot write '$FULL': No space left on device" "$o" \
		"$QBIND" outline -f json -o "$FULL" "$SEED"
	[ -c "$FULL" ] && ok || bad "outline -o $FULL: no longer a device"
	if [ "$FULL" != /dev/full ] && [ -c "$FULL" ] && [ "$real_dev" -eq 1 ]; then
		# Ours survived: so does the real one.
		expect 3 "outline -o /dev/full" "$QBIND" outline -f json -o /dev/full "$SEED"
		has "$T/stderr" "qbind: error: cannot write '/dev/full': No space left on device" "outline -o /dev/full"
		[ "$(stat -c %t,%T /dev/full 2>/dev/null)" = 1,7 ] && [ -c /dev/full ] && ok || bad "/dev/full is no longer the device"
	fi
fi
expect 3 "outline >/dev/full" sh -c 'exec "$@" >/dev/full' sh "$QBIND" outline -f json "$SEED"
has "$T/stderr" "qbind: error: cannot write to standard output: No space left on device" "outline >/dev/full"
expect 3 "--help >/dev/full" sh -c 'exec "$@" >/dev/full' sh "$QBIND" --help
has "$T/stderr" "qbind: error: cannot write to standard output: No space left on device" "--help >/dev/full"

# Devices, FIFOs, /dev/stdout: written in place, left what they are.
NULLDEV=$(mkdev null 1 3)
if [ -n "$NULLDEV" ]; then
	expect 0 "outline -o null device" "$QBIND" outline -f json -o "$NULLDEV" "$SEED"
	[ -c "$NULLDEV" ] && ok || bad "outline -o $NULLDEV: no longer a device"
fi
if [ "$real_dev" -eq 1 ]; then
	expect 0 "outline -o /dev/stdout" sh -c 'exec "$@" >"$0"' "$T/stdout.json" "$QBIND" outline -f json -o /dev/stdout "$SEED"
	cmp -s "$T/stdout.json" "$T/seed.json" && ok || bad "outline -o /dev/stdout into a file: not the dump"
	"$QBIND" outline -f json -o /dev/stdout "$SEED" | cat >"$T/stdout.json"
	cmp -s "$T/stdout.json" "$T/seed.json" && ok || bad "outline -o /dev/stdout into a pipe: not the dump"
	[ -L /dev/stdout ] && ok || bad "/dev/stdout is no longer a link"
	ls -A /dev | grep -q '^\.stdout\.' && bad "a temporary file in /dev" || ok
fi
d=$T/fifo
put "$d" json
rm "$d/good.outline.json"
mkfifo "$d/good.outline.json"
reader "$d/good.outline.json" "$T/fifo.json"
expect 0 "build into a FIFO" "$QBIND" build -f json -n good -o "$d" "$SEED"
unreader
cmp -s "$T/fifo.json" "$T/seed.json" && [ -p "$d/good.outline.json" ] && ok || bad "build into a FIFO: not written through, or replaced"

# Symbolic links: followed to the file they end at, which is replaced
# beside itself, so the links stay; a link to nothing is replaced.
d=$T/links
mkdir -p "$d/real" "$d/out"
cp "$T/good/good.outline.json" "$d/real/target.json"
ln -s ../real/target.json "$d/out/good.outline.json"
ln -s "$d/out/good.outline.json" "$d/chain.json"
expect 0 "build over a link" "$QBIND" build -f json -n good -o "$d/out" "$SEED"
[ -L "$d/out/good.outline.json" ] && cmp -s "$d/real/target.json" "$T/seed.json" && ok ||
	bad "build over a link: link replaced, or the target not written"
cp "$T/good/good.outline.json" "$d/real/target.json"
expect 0 "outline -o a chain of links" "$QBIND" outline -f json -o "$d/chain.json" "$SEED"
[ -L "$d/chain.json" ] && [ -L "$d/out/good.outline.json" ] && cmp -s "$d/real/target.json" "$T/seed.json" && ok ||
	bad "outline -o a chain of links: a link replaced, or the target not written"
[ -z "$(find "$d" -name '.*')" ] && ok || bad "links: temporary files left: $(find "$d" -name '.*')"
ln -s "$d/nowhere/x.json" "$d/dangling.json"
expect 0 "outline -o a dangling link" "$QBIND" outline -f json -o "$d/dangling.json" "$SEED"
[ -f "$d/dangling.json" ] && [ ! -L "$d/dangling.json" ] && [ ! -e "$d/nowhere" ] && ok ||
	bad "outline -o a dangling link: not replaced by the file"
ln -s loop1 "$d/loop2"
ln -s loop2 "$d/loop1"
expect 3 "outline -o a link loop" "$QBIND" outline -f json -o "$d/loop1" "$SEED"
has "$T/stderr" "qbind: error: cannot write '$d/loop1': Too many levels of symbolic links" "outline -o a link loop"

# --- the standard input: '-' ---
expect 0 "check -" "$QBIND" check - <"$SEED"
printf 'T\nS\nG:\nQ\nQ\n' >"$T/dup.txt"
expect 1 "check - with errors" "$QBIND" check - <"$T/dup.txt"
has "$T/stderr" "<stdin>:5:1: error: duplicate question" "check - with errors"
expect 0 "outline -" "$QBIND" outline -f json - <"$SEED"
# The same dump, but for the name of the file.
sed "s|\"<stdin>\"|\"$SEED\"|" "$T/stdout" | cmp -s - "$T/seed.json" && ok || bad "outline -: not the dump of the file"
printf 'S2\nG2:\nQ2\n' >"$T/part2.txt"
printf 'Title\nS1\nG1:\nQ1\n' | "$QBIND" outline -f json - "$T/part2.txt" >"$T/parts.json"
jq -e '[.sections[].groups[].questions[]] | length == 2' "$T/parts.json" >/dev/null && ok || bad "- then a file: not one document"
printf 'Title\nS1\nG1:\nQ1\n' >"$T/part1.txt"
printf 'S2\nG2:\nQ2\nQ2\n' | "$QBIND" check "$T/part1.txt" - 2>"$T/stderr"
has "$T/stderr" "<stdin>:4:1: error: duplicate question" "a file then -"
expect 2 "- twice" "$QBIND" check - - </dev/null
has "$T/stderr" "qbind: error: '-' (the standard input) can be read only once" "- twice"
mkdir "$T/stdin"
expect 0 "build - names from the title" sh -c 'exec "$@" <"$0"' "$SEED" "$QBIND" build -f json -o "$T/stdin" -
[ -f "$T/stdin/Уточняющие-вопросы-к-существующим-темам.outline.json" ] && ok || bad "build -: $(ls -A "$T/stdin")"
rm -f "$T"/stdin/*
expect 0 "build - -n" sh -c 'exec "$@" <"$0"' "$EN" "$QBIND" build -f json -n x -o "$T/stdin" -
[ "$(ls -A "$T/stdin")" = x.outline.json ] && ok || bad "build - -n x: $(ls -A "$T/stdin")"
rm -f "$T"/stdin/*
expect 0 "build - from front matter title" sh -c 'exec "$@" <"$0"' "$EN" "$QBIND" build -f json -o "$T/stdin" -
[ "$(ls -A "$T/stdin")" = Go-interview-a-sample-with-answers.outline.json ] && ok || bad "build - (EN): $(ls -A "$T/stdin")"

# --- names: from -n and from titles, never outside the folder ---
# names_for NAME TITLE EXPECTED: -n NAME, and (unless TITLE is empty) a corpus
# titled TITLE read from '-', each give exactly EXPECTED.outline.json in
# the output folder and nothing anywhere else.
mkdir -p "$T/names/a/b/out"
name_case() {
	nc_label=$1
	shift
	find "$T/names" | sort >"$T/names.before"
	expect 0 "name $nc_label" "$@"
	find "$T/names" | sort >"$T/names.after"
	nc_new=$(comm -13 "$T/names.before" "$T/names.after")
	nc_gone=$(comm -23 "$T/names.before" "$T/names.after")
	if [ "$nc_new" = "$T/names/a/b/out/$want_name.outline.json" ] && [ -z "$nc_gone" ]; then
		ok
	else
		bad "name $nc_label: expected $want_name.outline.json, got: $nc_new"
	fi
	rm -f "$T"/names/a/b/out/* "$T"/names/a/b/out/.[!.]* 2>/dev/null
}
names_for() {
	want_name=$3
	name_case "-n '$1'" "$QBIND" build -q -f json -n "$1" -o "$T/names/a/b/out" "$SEED"
	if [ -n "$2" ]; then
		printf '%s\n\nS\nG:\nQ\n' "$2" >"$T/title.txt"
		name_case "title '$2'" sh -c 'exec "$@" <"$0"' "$T/title.txt" \
			"$QBIND" build -q -f json -o "$T/names/a/b/out" -
	fi
}
zh150=$(printf 'ж%.0s' $(seq 150))
zh50=$(printf 'ж%.0s' $(seq 50))
zh49=$(printf 'ж%.0s' $(seq 49))
eu100=$(printf '€%.0s' $(seq 100))
eu33=$(printf '€%.0s' $(seq 33))
names_for "../../etc/passwd" "../../etc/passwd" etc-passwd
names_for "/abs/path" "/abs/path" abs-path
names_for 'a/b\c' 'a/b\c' a-b-c
names_for ".." ".." qbind
names_for "..." "..." qbind
names_for "." "." qbind
names_for "" "" qbind
names_for "-rf" "-rf" rf
names_for "--help" "--help" help
names_for ".hidden" ".hidden" hidden
names_for "-.-x" "-.-x" x
names_for 'a:b*c?d"e<f>g|h' 'a:b*c?d"e<f>g|h' a-b-c-d-e-f-g-h
names_for "CON" "CON" CON_
names_for "nul.tar" "nul.tar" nul_.tar
names_for "com1" "com1" com1_
names_for "LPT9.x" "LPT9.x" LPT9_.x
names_for "COM0" "COM0" COM0
names_for "console" "console" console
names_for "name. . ." "name. . ." name
names_for "  spaced  out  " "spaced  out" spaced-out
names_for "$(printf 'x\342\200\256gpj.exe')" "$(printf 'x\342\200\256gpj.exe')" x-gpj.exe
names_for "$(printf 'a\342\200\213b\357\273\277c')" "$(printf 'a\342\200\213b\357\273\277c')" a-b-c
names_for "$zh150" "$zh150" "$zh50"
names_for "a$zh150" "a$zh150" "a$zh49"
names_for "$eu100" "$eu100" "$eu33"
names_for "Go interview: a sample" "Go interview: a sample" Go-interview-a-sample
# Only -n can carry control characters and bytes that are not UTF-8
# (the corpus reader removes the ones, refuses the others).
names_for "$(printf 'a\001b\033[31mc\177d')" "" "a-b-[31mc-d"
names_for "$(printf 'a\tb\nc')" "" a-b-c
names_for "$(printf 'a\302\205b')" "" a-b
names_for "$(printf 'a\377b\300\257c')" "" a-b-c
names_for "$(printf '\377\376')" "" qbind
names_for "$(printf 'x%.0s' $(seq 300))" "" "$(printf 'x%.0s' $(seq 100))"

summary check-faults
