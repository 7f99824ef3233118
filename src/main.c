/* main.c: the qbind command.  The only file that sees argv and chooses
 * the exit status (see qbind.1, EXIT STATUS). */
#include "qbind.h"
#include "pipeline.h"
#include "buf.h"
#include "diag.h"
#include "output.h"
#include "progress.h"
#include "suggest.h"
#include "xalloc.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const char usage_text[] =
    "usage: qbind build [-f FORMATS] [-o DIR] [-n NAME] [-s STYLE]\n"
    "                   [-D KEY=VALUE]... [--from READER] [-q] [-W WARNING]...\n"
    "                   [--stats] FILE...\n"
    "       qbind check [--from READER] [-q] [-W WARNING]... [--stats] FILE...\n"
    "       qbind outline [-f text|xml|json|qbind] [-o FILE] [--from READER] [-q]\n"
    "                     [-W WARNING]... [--stats] FILE...\n"
    "       qbind formats\n"
    "       qbind --help | --version\n";

/* The warning classes, "chars, heading, …", a line break (br) before a
 * name that would pass column wrap. */
static void
wclass_names(struct buf *b, const char *br, size_t wrap)
{
	size_t col = 0;
	for (int c = 1; c < WCLASS__COUNT; c++) {
		const char *name = wclass_table[c].name;
		if (c > 1)
			buf_puts(b, ",");
		if (c > 1 && br && col + strlen(name) + 2 > wrap) {
			buf_puts(b, br);
			col = 0;
		} else if (c > 1) {
			buf_puts(b, " ");
			col++;
		}
		buf_puts(b, name);
		col += strlen(name) + 1;
	}
}

static void
help(void)
{
	printf("qbind %s: interview question corpora -> printable handouts, e-books, Anki decks\n\n",
	    QBIND_VERSION);
	fputs(usage_text, stdout);
	fputs("\ncommands:\n"
	    "  build     write the corpus in each format into a folder\n"
	    "  check     read and validate only; print the diagnostics\n"
	    "  outline   print the outline (the tree with line:col) as text, XML or JSON\n"
	    "  formats   list the formats this qbind writes\n"
	    "\noptions:\n"
	    "  -f, --format LIST   build: formats, comma-separated, or 'all' (default: all;\n"
	    "                      any case; 'anki' is apkg, 'text' the outline)\n"
	    "                      outline: text (default; also 'outline'), xml, json, or\n"
	    "                      qbind (the outline as a corpus in the qbind format)\n"
	    "  -o, --output PATH   build: output folder (default: out); outline: file (default: stdout)\n"
	    "  -n, --name NAME     build: base name of the output files (default: first FILE's name,\n"
	    "                      or the title when it is -)\n"
	    "  -s, --style STYLE   a style name or a path to a style folder (default: default)\n"
	    "  -D, --set KEY=VALUE a style setting that wins over style.conf (e.g. epub.mode=selftest)\n"
	    "      --from READER   how to read the FILEs: qbind, markdown, qa, list, csv,\n"
	    "                      tsv (default: detected for each file, see FORMAT.md)\n"
	    "  -q, --quiet         do not print warnings, notes, the progress line or what\n"
	    "                      build wrote (errors are always printed)\n", stdout);
	struct buf classes = BUF_INIT;
	wclass_names(&classes, "\n                      ", 48);
	printf("  -W WARNING          no-CLASS: leave out a class of warnings; error=CLASS:\n"
	    "                      make it an error; error: make every warning an error;\n"
	    "                      all: every class on again.  The classes:\n"
	    "                      %s\n", classes.ptr);
	buf_free(&classes);
	fputs("      --stats         print the time and peak memory of each step to stderr\n"
	    "  -h, --help          this text\n"
	    "  -V, --version       the version\n"
	    "\nSeveral FILEs make one document, in the order given; - is the standard input.\n"
	    "Exit status: 0 done, 1 the corpus has errors, 2 usage, 3 file or environment error,\n"
	    "4 out of memory.  See qbind(1) and corpus/FORMAT.md.\n", stdout);
}

/* The usage text after a usage error's message; exit status 2. */
static int
usage_tail(void)
{
	fputs(usage_text, stderr);
	return QBIND_EXIT_USAGE;
}

/* A usage error: usage_error(d, MSG_…, args…). */
#define usage_error(d, ...) (diag_sys((d), __VA_ARGS__), usage_tail())

/* The parts of "did you mean 'NEAR'? " in a message, empty without near. */
#define NEAR_(near) (near) ? "did you mean '" : "", (near) ? (near) : "", \
	(near) ? "'? " : ""

/* -W with a name that is no class: "unknown warning class 'tgas' (did you
 * mean 'tags'? classes: …)". */
static int
unknown_wclass(struct diag *d, const char *given)
{
	const char *names[WCLASS__COUNT + 2];
	size_t n = 0;
	names[n++] = "all";
	names[n++] = "error";
	for (int c = 1; c < WCLASS__COUNT; c++)
		names[n++] = wclass_table[c].name;
	names[n] = NULL;
	const char *near = suggest_name(given, names);
	struct buf list = BUF_INIT;
	wclass_names(&list, NULL, 0);
	usage_error(d, MSG_UNKNOWN_WCLASS, given, NEAR_(near), list.ptr);
	buf_free(&list);
	return QBIND_EXIT_USAGE;
}

/* For the commands that print to the standard output: a full disk or a
 * closed pipe there is an error too (qbind --help >/dev/full). */
static int
flush_stdout(struct diag *d, int rc)
{
	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		diag_sys(d, MSG_CANNOT_WRITE_STDOUT, strerror(errno ? errno : EIO));
		return rc ? rc : QBIND_EXIT_IO;
	}
	return rc;
}

static int
finish(struct diag *d, enum qbind_exit rc)
{
	progress_clear(d->progress);
	diag_summary(d);
	return (int)rc;
}

static int
run(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "name", required_argument, NULL, 'n' },
		{ "style", required_argument, NULL, 's' },
		{ "set", required_argument, NULL, 'D' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "stats", no_argument, NULL, 'S' },
		{ "from", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct diag d;
	diag_init(&d, stderr);
	if (argc < 2)
		return usage_error(&d, MSG_NO_COMMAND);
	const char *cmd = argv[1];
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
		help();
		return flush_stdout(&d, QBIND_EXIT_OK);
	}
	if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
		printf("qbind %s\n", QBIND_VERSION);
		return flush_stdout(&d, QBIND_EXIT_OK);
	}
	int is_build = strcmp(cmd, "build") == 0, is_check = strcmp(cmd, "check") == 0;
	int is_outline = strcmp(cmd, "outline") == 0;
	if (strcmp(cmd, "formats") == 0) {
		for (size_t i = 0; pipeline_format(i); i++)
			printf("%-8s .%-14s %s\n", pipeline_format(i)->name,
			    pipeline_format(i)->ext, pipeline_format(i)->summary);
		return flush_stdout(&d, QBIND_EXIT_OK);
	}
	static const char *const commands[] = { "build", "check", "outline",
		"formats", "help", NULL };
	if (!is_build && !is_check && !is_outline) {
		const char *near = suggest_name(cmd, commands);
		return usage_error(&d, MSG_UNKNOWN_COMMAND, cmd,
		    near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
	}

	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[n > 0 ? n : 0] = '\0';
	struct build_opts o = {
		.outdir = "out", .style = "default", .exe = n > 0 ? exe : NULL,
		.formats = ~0u,
	};
	const char *format = NULL, *output = NULL;
	int style_given = 0;
	const char *overrides[64];
	size_t noverrides = 0;
	int opt;
	const char *bad;
	optind = 2;
	while ((opt = getopt_long(argc, argv, "f:o:n:s:D:qW:hV", longopts, NULL)) != -1) {
		switch (opt) {
		case 'f': format = optarg; break;
		case 'o': output = optarg; break;
		case 'n': o.name = optarg; break;
		case 's': o.style = optarg; style_given = 1; break;
		case 'D':
			if (noverrides == sizeof(overrides) / sizeof(*overrides))
				return usage_error(&d, MSG_TOO_MANY_SETTINGS);
			overrides[noverrides++] = optarg;
			style_given = 1;
			break;
		case 'q': d.quiet_warnings = 1; break;
		case 'W':
			if ((bad = diag_set_warnings(&d, optarg)) != NULL)
				return unknown_wclass(&d, bad);
			break;
		case 'S': o.stats = 1; break;
		case 'r': o.from = optarg; break;
		case 'h': help(); return flush_stdout(&d, QBIND_EXIT_OK);
		case 'V': printf("qbind %s\n", QBIND_VERSION); return flush_stdout(&d, QBIND_EXIT_OK);
		default: fputs(usage_text, stderr); return QBIND_EXIT_USAGE;
		}
	}
	o.overrides = overrides;
	o.noverrides = noverrides;
	if (o.from) {
		if (!corpus_reader_known(o.from)) {
			return usage_error(&d, MSG_UNKNOWN_READER, o.from,
			    corpus_reader_names());
		}
	}
	o.say_reader = !is_build;
	/* A progress line only for a person watching: not in logs or pipes,
	 * not with -q, not under CI, not on a terminal that cannot erase. */
	struct progress pr;
	progress_init(&pr, stderr);
	const char *ci = getenv("CI"), *term = getenv("TERM");
	if (!d.quiet_warnings && isatty(STDERR_FILENO) && !(ci && *ci) &&
	    !(term && strcmp(term, "dumb") == 0))
		diag_attach_progress(&d, &pr);
	o.inputs = (const char *const *)argv + optind;
	o.ninputs = (size_t)(argc - optind);
	if (o.ninputs == 0)
		return usage_error(&d, MSG_NO_INPUT);
	size_t nstdin = 0;
	for (size_t i = 0; i < o.ninputs; i++)
		nstdin += strcmp(o.inputs[i], "-") == 0;
	if (nstdin > 1)
		return usage_error(&d, MSG_STDIN_TWICE);
	if (!is_build && (o.name || style_given))
		return usage_error(&d, MSG_BUILD_ONLY);
	if (is_check && (format || output))
		return usage_error(&d, MSG_CHECK_WRITES_NOTHING);

	if (is_build) {
		if (output)
			o.outdir = output;
		if (format && pipeline_parse_formats(format, &o.formats, &d) != 0)
			return QBIND_EXIT_USAGE;
		if (!format) {
			o.formats = 0;
			for (size_t i = 0; pipeline_format(i); i++)
				o.formats |= 1u << i;
		}
		return finish(&d, pipeline_build(&o, &d));
	}
	if (is_check) {
		struct outline *ol;
		enum qbind_exit rc = pipeline_load(&o, &d, &ol);
		outline_free(ol);
		return finish(&d, rc);
	}
	/* The text dump answers to its name in build too; any case. */
	static const char *const dumps[] = { "text", "outline", "txt", "xml", "json", "qbind", NULL };
	static const enum dump_format dump_of[] = { DUMP_TEXT, DUMP_TEXT, DUMP_TEXT,
		DUMP_XML, DUMP_JSON, DUMP_QBIND };
	size_t k = 0;
	while (format && dumps[k] && strcasecmp(format, dumps[k]) != 0)
		k++;
	if (format && dumps[k] == NULL) {
		const char *near = suggest_name(format, dumps);
		return usage_error(&d, MSG_UNKNOWN_DUMP, format, NEAR_(near));
	}
	enum dump_format df = format ? dump_of[k] : DUMP_TEXT;
	return finish(&d, pipeline_dump(&o, df, output, &d));
}

int
main(int argc, char **argv)
{
	xalloc_init_libraries();
	output_cleanup_on_signals();
	int rc = run(argc, argv);
	xalloc_free_libraries();
	return rc;
}
