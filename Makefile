# qbind: `make` installs what is missing, builds out/qbind and exports the
# default corpus into out/; `make test` runs the whole suite, also under
# AddressSanitizer + UndefinedBehaviorSanitizer.  See README.md.

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
DATADIR  = $(PREFIX)/share/qbind
MANDIR   = $(PREFIX)/share/man

CC      ?= cc
CFLAGS  ?= -O2 -g
PKGS     = libcmark nettle libxml-2.0 jansson libzip sqlite3 fontconfig
# Debian's libhpdf-dev and libhyphen-dev ship no pkg-config file.
NOPC_LIBS = -lhpdf -lhyphen
WARN     = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wno-overlength-strings
DEFS     = -D_POSIX_C_SOURCE=200809L -DQBIND_DATADIR='"$(DATADIR)"'
# Evaluated when used, after install-deps has run.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS)) $(NOPC_LIBS)
SAN      = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

CORPUS  ?= corpus/go-interview-followups.txt

LIB_SRC = $(filter-out src/main.c,$(wildcard src/*.c))
HDRS    = $(wildcard src/*.h)
TESTS   = $(basename $(notdir $(wildcard tests/test_*.c)))

OBJ      = $(LIB_SRC:src/%.c=out/obj/%.o)
ASAN_OBJ = $(LIB_SRC:src/%.c=out/asan/%.o)

.PHONY: all deps build export test unit golden cli check-clang analyze bench \
        install uninstall clean

all: deps
	@$(MAKE) --no-print-directory build
	@$(MAKE) --no-print-directory export

deps:
	@sh tools/install-deps.sh

build: out/qbind

out/obj out/asan out/test:
	@mkdir -p $@

out/obj/%.o: src/%.c $(HDRS) | out/obj
	$(CC) $(WARN) $(DEFS) $(CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

out/asan/%.o: src/%.c $(HDRS) | out/asan
	$(CC) $(WARN) $(DEFS) -O1 -g $(SAN) $(PKG_CFLAGS) -c -o $@ $<

out/qbind: $(OBJ) out/obj/main.o
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS)

out/qbind-asan: $(ASAN_OBJ) out/asan/main.o
	$(CC) -O1 -g $(SAN) -o $@ $^ $(PKG_LIBS)

out/test/%: tests/%.c $(OBJ) $(HDRS) | out/test
	$(CC) $(WARN) $(DEFS) $(CFLAGS) -Isrc $(PKG_CFLAGS) -o $@ $< $(OBJ) \
		$(PKG_LIBS) $(shell pkg-config --libs cmocka)

out/asan/test_%: tests/test_%.c $(ASAN_OBJ) $(HDRS) | out/asan
	$(CC) $(WARN) $(DEFS) -O1 -g $(SAN) -Isrc $(PKG_CFLAGS) -o $@ $< \
		$(ASAN_OBJ) $(PKG_LIBS) $(shell pkg-config --libs cmocka)

# Every format this qbind writes, for the default corpus.
export: out/qbind
	./out/qbind build -o out $(CORPUS)
	@ls -l out/$(basename $(notdir $(CORPUS))).*

test: deps
	@$(MAKE) --no-print-directory out/qbind out/qbind-asan \
		$(TESTS:%=out/test/%) $(TESTS:%=out/asan/%)
	@sh tests/run.sh

bench: deps
	@$(MAKE) --no-print-directory out/qbind
	@sh tools/bench.sh

# The same sources built by clang, warnings as errors (run by tests/run.sh).
check-clang:
	@for f in $(LIB_SRC) src/main.c; do \
		clang $(WARN) -Werror $(DEFS) -O2 $(PKG_CFLAGS) -fsyntax-only $$f || exit 1; \
	done

# Static analysis of src/ with the flags above: gcc -fanalyzer, cppcheck,
# clang-tidy (.clang-tidy); zero findings (run by tests/run.sh too).
analyze: export QBIND_CFLAGS = $(WARN) $(DEFS) $(CFLAGS) $(PKG_CFLAGS)
analyze: deps
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
	rm -rf out/obj out/asan out/test out/bench out/qbind out/qbind-asan out/*.outline.*
