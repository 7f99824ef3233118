# qbind: `make` installs what is missing, builds out/qbind and exports the
# default corpus into out/; `make test` runs the whole suite, also under
# AddressSanitizer + UndefinedBehaviorSanitizer and ThreadSanitizer;
# `make check` is its fast tier.  See README.md.

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
DATADIR  = $(PREFIX)/share/qbind
MANDIR   = $(PREFIX)/share/man

CC      ?= cc
CFLAGS  ?= -O2 -g
PKGS     = libcmark nettle libxml-2.0 jansson libzip sqlite3 fontconfig zlib
# Debian's libhpdf-dev and libhyphen-dev ship no pkg-config file.
NOPC_LIBS = -lhpdf -lhyphen
WARN     = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wno-overlength-strings
DEFS     = -D_POSIX_C_SOURCE=200809L -DQBIND_DATADIR='"$(DATADIR)"' $(INC) -Iout/gen
# Evaluated when used, after install-deps has run.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS)) -pthread
PKG_LIBS   = $(shell pkg-config --libs $(PKGS)) $(NOPC_LIBS) -pthread
SAN      = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
# ThreadSanitizer: the backends of a build run at once, a thread each.
TSAN     = -fsanitize=thread -fno-omit-frame-pointer

CORPUS  ?= corpus/go-interview-followups.txt

# src/ holds the command (main.c) and the pipeline; each stage of it has a
# folder: read/ (corpus text -> outline), outline/ (the tree, validation,
# dumps), pdf/, epub/, apkg/ (the backends) and util/ (what all of them use).
SRCDIRS = src src/read src/outline src/pdf src/epub src/apkg src/util
INC     = $(SRCDIRS:%=-I%)
LIB_SRC = $(filter-out src/main.c,$(wildcard $(SRCDIRS:%=%/*.c)))
HDRS    = $(wildcard $(SRCDIRS:%=%/*.h)) src/util/messages.def
TESTS   = $(basename $(notdir $(wildcard tests/test_*.c)))

# The sRGB ICC profile of a PDF/A file's output intent (Debian's
# icc-profiles-free, zlib licence), built into qbind as a C array so that
# every machine writes the same bytes and no data file is installed.
ICC      = /usr/share/color/icc/sRGB.icc
GEN_ICC  = out/gen/srgb_icc.h

OBJ      = $(LIB_SRC:src/%.c=out/obj/%.o)
ASAN_OBJ = $(LIB_SRC:src/%.c=out/asan/%.o)
TSAN_OBJ = $(LIB_SRC:src/%.c=out/tsan/%.o)

.PHONY: all deps build export test check unit golden cli check-clang analyze bench \
        install uninstall clean fuzz fuzz-replay man

all: deps
	@$(MAKE) --no-print-directory build
	@$(MAKE) --no-print-directory export

deps:
	@sh tools/install-deps.sh

build: out/qbind

out/obj out/asan out/test out/fuzzobj:
	@mkdir -p $@

$(GEN_ICC): $(wildcard $(ICC))
	@test -r $(ICC) || { echo "Makefile: $(ICC) is missing: install the package icc-profiles-free (apt-get install icc-profiles-free)" >&2; exit 1; }
	@mkdir -p $(@D)
	@{ echo '/* The sRGB IEC61966-2.1 profile of icc-profiles-free (sRGB.icc, zlib'; \
	  echo ' * licence), made by the Makefile: do not edit. */'; \
	  echo 'static const unsigned char srgb_icc[] = {'; \
	  od -An -v -tu1 $(ICC) | awk '{ s = ""; for (i = 1; i <= NF; i++) s = s $$i ","; print s }'; \
	  echo '};'; } > $@.tmp && mv $@.tmp $@

out/obj/pdf/pdf_pdfa.o out/asan/pdf/pdf_pdfa.o out/tsan/pdf/pdf_pdfa.o \
out/fuzzobj/pdf/pdf_pdfa.o: $(GEN_ICC)

out/obj/%.o: src/%.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(WARN) $(DEFS) $(CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

out/asan/%.o: src/%.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(WARN) $(DEFS) -O1 -g $(SAN) $(PKG_CFLAGS) -c -o $@ $<

out/tsan/%.o: src/%.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(WARN) $(DEFS) -O1 -g $(TSAN) $(PKG_CFLAGS) -c -o $@ $<

out/qbind: $(OBJ) out/obj/main.o
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)

out/qbind-asan: $(ASAN_OBJ) out/asan/main.o
	$(CC) -O1 -g $(SAN) -o $@ $^ $(PKG_LIBS)

out/qbind-tsan: $(TSAN_OBJ) out/tsan/main.o
	$(CC) -O1 -g $(TSAN) -o $@ $^ $(PKG_LIBS)

out/test/%: tests/%.c $(OBJ) $(HDRS) | out/test
	$(CC) $(WARN) $(DEFS) $(CFLAGS) $(PKG_CFLAGS) -o $@ $< $(OBJ) \
		$(PKG_LIBS) $(shell pkg-config --libs cmocka)

out/asan/test_%: tests/test_%.c $(ASAN_OBJ) $(HDRS) | out/asan
	$(CC) $(WARN) $(DEFS) -O1 -g $(SAN) $(PKG_CFLAGS) -o $@ $< \
		$(ASAN_OBJ) $(PKG_LIBS) $(shell pkg-config --libs cmocka)

# The message lists in qbind.1's DIAGNOSTICS come from src/util/messages.def:
# `make man` rewrites them; tests/check-messages.sh fails when they differ.
out/man-diagnostics: tools/man-diagnostics.c src/util/messages.c \
		src/util/messages.h src/util/messages.def | out/obj
	$(CC) $(WARN) $(CFLAGS) -Isrc/util -o $@ tools/man-diagnostics.c \
		src/util/messages.c

man: out/man-diagnostics
	out/man-diagnostics < qbind.1 > out/qbind.1.new
	mv out/qbind.1.new qbind.1

# Every format this qbind writes, for the default corpus.
export: out/qbind
	./out/qbind build -o out $(CORPUS)
	@ls -l out/$(basename $(notdir $(CORPUS))).*

test: deps
	@$(MAKE) --no-print-directory out/qbind out/qbind-asan out/qbind-tsan \
		$(TESTS:%=out/test/%) $(TESTS:%=out/asan/%) $(FUZZERS)
	@sh tests/run.sh

# The fast tier (a minute or so): the unit, golden, command-line and
# format suites against the normal build only; `make test` before a merge.
check: deps
	@$(MAKE) --no-print-directory out/qbind $(TESTS:%=out/test/%)
	@sh tests/run.sh quick

bench: deps
	@$(MAKE) --no-print-directory out/qbind
	@sh tools/bench.sh

# Fuzzing (tests/fuzz/fuzz_qbind.c): libFuzzer with ASan and UBSan, clang
# only.  qbind-fuzz runs every backend, qbind-fuzz-parse the reader,
# validation and dumps only (much faster).  `make fuzz` runs both for
# FUZZ_TIME seconds in all, a third for the parser, from the shipped corpora,
# the test cases and tests/fuzz/{seeds,regressions}, growing a work corpus
# in out/fuzz/; it fails on a crash, leak, UB or timeout and leaves the input
# in out/fuzz/crashes/.  `make fuzz-replay FILE=...` replays one input
# through the fuzzer and through out/qbind-asan.
FUZZ_TIME ?= 60
FUZZ_SAN  = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_OBJ  = $(LIB_SRC:src/%.c=out/fuzzobj/%.o)
FUZZERS   = $(if $(shell command -v clang),out/qbind-fuzz out/qbind-fuzz-parse)

out/fuzzobj/%.o: src/%.c $(HDRS)
	@mkdir -p $(@D)
	clang $(WARN) $(DEFS) -O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN) \
		$(PKG_CFLAGS) -c -o $@ $<

out/qbind-fuzz: tests/fuzz/fuzz_qbind.c $(FUZZ_OBJ) $(HDRS)
	clang $(WARN) $(DEFS) -O1 -g -fsanitize=fuzzer $(FUZZ_SAN) \
		$(PKG_CFLAGS) -o $@ $< $(FUZZ_OBJ) $(PKG_LIBS)

out/qbind-fuzz-parse: tests/fuzz/fuzz_qbind.c $(FUZZ_OBJ) $(HDRS)
	clang $(WARN) $(DEFS) -DQBIND_FUZZ_PARSE_ONLY -O1 -g -fsanitize=fuzzer \
		$(FUZZ_SAN) $(PKG_CFLAGS) -o $@ $< $(FUZZ_OBJ) $(PKG_LIBS)

fuzz: deps
	@$(MAKE) --no-print-directory out/qbind-fuzz out/qbind-fuzz-parse out/qbind-asan
	@t=$$(($(FUZZ_TIME) / 3)); \
	sh tests/fuzz/run.sh out/qbind-fuzz-parse $$t out/fuzz/work-parse && \
	sh tests/fuzz/run.sh out/qbind-fuzz $$(($(FUZZ_TIME) - t)) out/fuzz/work

fuzz-replay:
	@test -n "$(FILE)" || { echo "usage: make fuzz-replay FILE=crash-file"; exit 2; }
	@$(MAKE) --no-print-directory out/qbind-fuzz out/qbind-asan
	@sh tests/fuzz/replay.sh "$(FILE)"

# The same sources built by clang, warnings as errors (run by tests/run.sh).
check-clang: $(GEN_ICC)
	@for f in $(LIB_SRC) src/main.c; do \
		clang $(WARN) -Werror $(DEFS) -O2 $(PKG_CFLAGS) -fsyntax-only $$f || exit 1; \
	done

# Static analysis of src/ with the flags above: gcc -fanalyzer, cppcheck,
# clang-tidy (.clang-tidy); zero findings (run by tests/run.sh too).
analyze: export QBIND_CFLAGS = $(WARN) $(DEFS) $(CFLAGS) $(PKG_CFLAGS)
analyze: deps $(GEN_ICC)
	@sh tests/analyze.sh

install: out/qbind
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/styles $(DESTDIR)$(MANDIR)/man1
	install -m 755 out/qbind $(DESTDIR)$(BINDIR)/qbind
	cp -R styles/. $(DESTDIR)$(DATADIR)/styles/
	install -m 644 qbind.1 $(DESTDIR)$(MANDIR)/man1/qbind.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/qbind $(DESTDIR)$(MANDIR)/man1/qbind.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf out/gen out/obj out/asan out/tsan out/qbind-tsan out/test out/bench out/qbind out/qbind-asan out/*.outline.* \
		out/fuzzobj out/fuzz out/qbind-fuzz out/qbind-fuzz-parse
