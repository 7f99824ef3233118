/* fuzz_qbind.c: the libFuzzer harness.  One input is one corpus file; it
 * goes through what `qbind build` does, in memory: the reader
 * (corpus_add_mem), the validation pass, the three outline dumps and,
 * unless QBIND_FUZZ_PARSE_ONLY is defined, the Anki, EPUB and PDF
 * backends.  Two binaries come from this file (see the Makefile):
 *
 *   out/qbind-fuzz-parse   reader + validation + dumps (fast)
 *   out/qbind-fuzz         all of it; the PDF backend costs milliseconds
 *
 * Beyond the sanitizers, three things are checked, each an abort():
 * the XML dump parses as XML, the JSON dump as JSON, and a backend does
 * not fail on a corpus that validated (a corpus qbind accepts must give
 * every output).
 *
 * Style variations: the input's length modulo 8 picks one of eight styles,
 * the default one with bit 0: pdf.mode = interviewer, bit 1: epub.mode =
 * selftest, bit 2: anki.reverse = yes.  The length, not a byte of the
 * input, so that a crash file stays a plain corpus file that `qbind build`
 * replays with the same -D settings (tests/fuzz/replay.sh derives them
 * the same way).
 *
 * Like the command, the build time is SOURCE_DATE_EPOCH (set here, so that
 * a run is reproducible).  Every book backend of the table (backend.h)
 * runs, as the pipeline runs it, with no previous output. */
#include "qbind.h"
#include "diag.h"
#include "pipeline.h"
#include "xalloc.h"

#ifndef QBIND_FUZZ_PARSE_ONLY
#include "backend.h"
#include "style.h"
#endif

#include <jansson.h>
#include <libxml/parser.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Where diagnostics and outputs go: formatted, then discarded. */
static FILE *devnull;

#ifndef QBIND_FUZZ_PARSE_ONLY
enum { NVARIANTS = 8 };
static struct style styles[NVARIANTS];

static void
load_styles(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = '\0';
	const char *keys[256];
	pipeline_style_keys(keys, sizeof(keys) / sizeof(*keys));
	struct diag d;
	diag_init(&d, stderr);
	for (int v = 0; v < NVARIANTS; v++) {
		/* out/qbind-fuzz finds out/../styles, like out/qbind. */
		if (style_open(&styles[v], "default", n > 0 ? exe : NULL, keys, &d) != 0 ||
		    ((v & 1) && style_override(&styles[v], "pdf.mode=interviewer", keys, &d) != 0) ||
		    ((v & 2) && style_override(&styles[v], "epub.mode=selftest", keys, &d) != 0) ||
		    ((v & 4) && style_override(&styles[v], "anki.reverse=yes", keys, &d) != 0)) {
			fprintf(stderr, "qbind-fuzz: cannot load the default style\n");
			exit(1);
		}
	}
}

/* Every backend but the dumps (dump() checks those more closely). */
static void
run_backends(const struct outline *o, size_t size, struct diag *d)
{
	const struct style *st = &styles[size % NVARIANTS];
	const struct backend *b;
	for (size_t i = 0; (b = backend_at(i)) != NULL; i++) {
		if (b->is_dump)
			continue;
		struct backend_previous prev = { "fuzz.out", -1, 0 };
		struct backend_sink sink = { .fp = devnull };
		unsigned errors = d->nerrors;
		if (b->write(o, st, &prev, &sink, d) != BACKEND_OK || d->nerrors != errors) {
			fprintf(stderr, "qbind-fuzz: the %s backend failed on a "
			    "corpus that validated\n", b->name);
			abort();
		}
	}
}
#endif

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("SOURCE_DATE_EPOCH", "1764288000", 1);
	xalloc_init_libraries();
	devnull = fopen("/dev/null", "w");
	if (devnull == NULL) {
		perror("qbind-fuzz: /dev/null");
		exit(1);
	}
#ifndef QBIND_FUZZ_PARSE_ONLY
	load_styles();
#endif
	return 0;
}

/* Dumps o in fmt to memory; the XML and JSON dumps must parse. */
static void
dump(const struct outline *o, enum dump_format fmt)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	if (fp == NULL)
		abort();
	int rc = out_outline(o, fmt, fp);
	if (fclose(fp) != 0 || rc != 0) {
		fprintf(stderr, "qbind-fuzz: the outline dump %d failed\n", (int)fmt);
		abort();
	}
	if (fmt == DUMP_XML) {
		xmlDocPtr doc = xmlReadMemory(text, (int)len, "outline.xml", NULL,
		    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
		if (doc == NULL) {
			fprintf(stderr, "qbind-fuzz: the XML dump is not XML:\n%s\n", text);
			abort();
		}
		xmlFreeDoc(doc);
	} else if (fmt == DUMP_JSON) {
		json_error_t err;
		json_t *j = json_loadb(text, len, 0, &err);
		if (j == NULL) {
			fprintf(stderr, "qbind-fuzz: the JSON dump is not JSON (%s, "
			    "line %d):\n%s\n", err.text, err.line, text);
			abort();
		}
		json_decref(j);
	}
	free(text);
}

/* Any input leaves a sound tree: abort on a broken invariant. */
static void
check(const struct outline *o, int validated)
{
	if (outline_check(o, validated, stderr) != 0) {
		fprintf(stderr, "qbind-fuzz: outline_check failed%s\n",
		    validated ? " after validation" : "");
		abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d;
	diag_init(&d, devnull);
	struct corpus *c = corpus_new(&d);
	/* The reader, from the input's length divided by 8 (the remainder
	 * picks the style): detection for a quarter of the inputs, each
	 * reader for an eighth.  replay.sh picks the same. */
	static const char *const readers[8] = {
		"auto", "auto", "qbind", "markdown", "qa", "list", "csv", "tsv",
	};
	corpus_set_reader(c, readers[(size / 8) % 8]);
	corpus_add_mem(c, "fuzz.txt", (const char *)data, size);
	struct outline *o = corpus_finish(c);
	check(o, 0);
	/* As pipeline_load: an outline with errors goes to no backend; but
	 * as in pipeline_dump, it is still dumped, unvalidated when reading
	 * failed (no ids, no numbers). */
	int read_ok = d.nerrors == 0;
	int valid = read_ok && outline_validate(o, &d) == 0;
	check(o, valid);
	if (!read_ok)
		outline_count(o);
	dump(o, DUMP_TEXT);
	dump(o, DUMP_XML);
	dump(o, DUMP_JSON);
#ifndef QBIND_FUZZ_PARSE_ONLY
	if (valid)
		run_backends(o, size, &d);
#else
	(void)valid;
#endif
	outline_free(o);
	return 0;
}
