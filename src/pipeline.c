/* pipeline.c: read, validate, write each format, time each step. */
#include "pipeline.h"
#include "layout.h"
#include "out_pdf.h"
#include "outline.h"
#include "out_apkg.h"
#include "out_epub.h"
#include "output.h"
#include "progress.h"
#include "style.h"
#include "diag.h"
#include "buf.h"
#include "suggest.h"
#include "xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <time.h>

typedef int (*format_fn)(const struct outline *, const struct style *,
    struct outfile *, struct diag *);
/* Checks the values of the style settings a format reads; -1 after
 * reporting. */
typedef int (*check_fn)(const struct style *, struct diag *);

/* Backends add a row here as they land, with the style.conf keys they
 * read (NULL-terminated), so that the style reader can flag typos.  The
 * outline dumps have no backend of their own: write is NULL and dump
 * says which. */
static const char *const no_keys[] = { NULL };
static const char *const apkg_keys[] = { "anki.reverse", "anki.answers", "anki.deck", NULL };
static const char *const epub_keys[] = { "epub.mode", NULL };
/* Other names -f takes for a format: the text dump is "text" to the
 * outline command, and a deck is an Anki deck before it is an .apkg. */
static const char *const outline_aliases[] = { "text", "txt", NULL };
static const char *const apkg_aliases[] = { "anki", NULL };
static const struct {
	struct format f;
	const char *const *style_keys;
	format_fn write;
	check_fn check;
	enum dump_format dump;
	const char *const *aliases;
} formats[] = {
	{ { "outline", "outline.txt", "the outline as an indented tree with line:col" },
	  no_keys, .dump = DUMP_TEXT, .aliases = outline_aliases },
	{ { "xml", "outline.xml", "the outline as XML, for tools" }, no_keys, .dump = DUMP_XML },
	{ { "json", "outline.json", "the outline as JSON, for tools" }, no_keys, .dump = DUMP_JSON },
	{ { "apkg", "apkg", "an Anki deck (.apkg) that updates on re-import" }, apkg_keys,
	  .write = out_apkg, .check = out_apkg_check_style, .aliases = apkg_aliases },
	{ { "epub", "epub", "an EPUB 3 e-book (EPUB 2 readers too), answers inline or as pop-up notes" },
	  epub_keys, .write = out_epub, .check = out_epub_check_style },
	{ { "pdf", "pdf", "a printable handout: study sheet or interviewer's sheet" },
	  out_pdf_style_keys, .write = out_pdf, .check = out_pdf_check_style },
};
enum { NFORMATS = sizeof(formats) / sizeof(*formats) };

const struct format *
pipeline_format(size_t i)
{
	return i < NFORMATS ? &formats[i].f : NULL;
}

/* Whether p[0..len) is name, in any case. */
static int
is_name(const char *p, size_t len, const char *name)
{
	return strlen(name) == len && strncasecmp(p, name, len) == 0;
}

/* The format called p[0..len) or one of its aliases; NFORMATS if none. */
static size_t
find_format(const char *p, size_t len)
{
	for (size_t i = 0; i < NFORMATS; i++) {
		if (is_name(p, len, formats[i].f.name))
			return i;
		for (const char *const *a = formats[i].aliases; a && *a; a++)
			if (is_name(p, len, *a))
				return i;
	}
	return NFORMATS;
}

/* "unknown format 'pfd' (did you mean 'pdf'? this qbind writes: …)" */
static void
unknown_format(const char *p, size_t len, struct diag *d)
{
	char *given = xstrndup(p, len);
	struct suggest s;
	suggest_init(&s, given);
	suggest_add(&s, "all");
	struct buf known = BUF_INIT;
	for (size_t k = 0; k < NFORMATS; k++) {
		suggest_add(&s, formats[k].f.name);
		suggest_add_all(&s, formats[k].aliases);
		buf_printf(&known, "%s%s", k ? ", " : "", formats[k].f.name);
		if (formats[k].aliases)
			buf_printf(&known, " (or %s)", formats[k].aliases[0]);
	}
	const char *near = suggest_best(&s);
	diag_sys(d, MSG_UNKNOWN_FORMAT, given, near ? "did you mean '" : "", near ? near : "",
	    near ? "'? " : "", known.ptr);
	buf_free(&known);
	free(given);
}

int
pipeline_parse_formats(const char *list, unsigned *mask, struct diag *d)
{
	*mask = 0;
	for (const char *p = list; *p;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (is_name(p, len, "all"))
			*mask |= (1u << NFORMATS) - 1;
		else if (len > 0) {
			size_t i = find_format(p, len);
			if (i == NFORMATS) {
				unknown_format(p, len, d);
				return -1;
			}
			*mask |= 1u << i;
		}
		p += len + (comma != NULL);
	}
	if (*mask == 0) {
		diag_sys(d, MSG_NO_FORMAT);
		return -1;
	}
	return 0;
}

static double
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void
stat_line(const struct build_opts *o, struct diag *d, const char *step, double ms)
{
	if (!o->stats)
		return;
	diag_flush(d); /* the step's last message comes before its time */
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	fprintf(o->stats_out ? o->stats_out : stderr,
	    "stats: %-8s %9.2f ms  peak RSS %7.1f MB\n", step, ms,
	    (double)ru.ru_maxrss / 1024.0);
}

/* Reading and validating are steps 1 and 2 of nsteps.  With partial, a
 * corpus with errors still gives *out, the tree as far as it was read
 * (validated or not: ids and numbers may be missing), for the dumps. */
static enum qbind_exit
load(const struct build_opts *o, struct diag *d, struct outline **out,
    unsigned nsteps, int partial)
{
	*out = NULL;
	if (o->ninputs > QBIND_MAX_FILES) {
		diag_sys(d, MSG_TOO_MANY_FILES,
		    o->ninputs, QBIND_MAX_FILES);
		return QBIND_EXIT_USAGE;
	}
	double t0 = now_ms();
	progress_step(d->progress, "reading", 1, nsteps);
	struct corpus *c = corpus_new(d);
	corpus_set_reader(c, o->from);  /* checked by main.c */
	corpus_say_reader(c, o->say_reader);
	int io_failed = 0;
	for (size_t i = 0; i < o->ninputs; i++)
		if (corpus_add_file(c, o->inputs[i]) != 0)
			io_failed = 1;
	struct outline *ol = corpus_finish(c);
	double t1 = now_ms();
	stat_line(o, d, "parse", t1 - t0);
	if (io_failed) {
		outline_free(ol);
		return QBIND_EXIT_IO;
	}
	/* Errors while reading stop the checks that need the whole tree:
	 * they would mostly repeat them. */
	int bad = d->nerrors > 0;
	progress_step(d->progress, "checking", 2, nsteps);
	if (bad)
		outline_count(ol);
	else if (outline_validate(ol, d) != 0)
		bad = 1;
	stat_line(o, d, "validate", now_ms() - t1);
	if (bad && !partial) {
		outline_free(ol);
		return QBIND_EXIT_INPUT;
	}
	if (bad) {
		*out = ol;
		return QBIND_EXIT_INPUT;
	}
	*out = ol;
	return QBIND_EXIT_OK;
}

enum qbind_exit
pipeline_load(const struct build_opts *o, struct diag *d, struct outline **out)
{
	return load(o, d, out, 2, 0);
}

/* The base name of the output files: --name, else the first input's file
 * name without its last extension, or for the standard input the title;
 * always through output_safe_name. */
static char *
output_base(const struct build_opts *o, const struct outline *ol)
{
	if (o->name)
		return output_safe_name(o->name);
	const char *in = o->inputs[0];
	if (strcmp(in, "-") == 0)
		return output_safe_name(ol->meta.title ? ol->meta.title : "");
	const char *slash = strrchr(in, '/');
	char *base = xstrdup(slash ? slash + 1 : in);
	char *dot = strrchr(base, '.');
	if (dot && dot != base)
		*dot = '\0';
	char *safe = output_safe_name(base);
	free(base);
	return safe;
}

void
pipeline_style_keys(const char **keys, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < NFORMATS; i++)
		for (const char *const *k = formats[i].style_keys; *k && n + 1 < cap; k++)
			keys[n++] = *k;
	keys[n] = NULL;
}

static void
report_write_error(struct diag *d, const struct outfile *f, unsigned errors_before)
{
	/* A backend that failed without saying why hit an I/O error. */
	if (d->nerrors == errors_before)
		diag_sys(d, MSG_CANNOT_WRITE, f->path,
		    strerror(errno ? errno : EIO));
}

/* What a build wrote, for the line that says so: "out/x.pdf (7 pages),
 * out/x.epub, …", the books first (in the reverse of formats[]: pdf,
 * epub, apkg), then the dumps. */
static void
summary_line(struct buf *b, const struct build_opts *o, const char *base,
    const struct outfile *files)
{
	for (int pass = 0; pass < 2; pass++)
		for (size_t k = 0; k < NFORMATS; k++) {
			size_t i = pass == 0 ? NFORMATS - 1 - k : k;
			if (files[i].path == NULL || (formats[i].write != NULL) != (pass == 0))
				continue;
			struct buf name = BUF_INIT;
			buf_printf(&name, "%s.%s", base, formats[i].f.ext);
			char *path = output_join(o->outdir, name.ptr);
			buf_printf(b, "%s%s", b->len ? ", " : "", path);
			if (files[i].detail[0])
				buf_printf(b, " (%s)", files[i].detail);
			free(path);
			buf_free(&name);
		}
}

/* Whether every format's check passes on st; with every_format, for
 * the formats not built too. */
static int
settings_ok(const struct build_opts *o, const struct style *st,
    int every_format, struct diag *d)
{
	int ok = 1;
	for (size_t i = 0; i < NFORMATS; i++)
		if (formats[i].check && (every_format || (o->formats >> i) & 1u) &&
		    formats[i].check(st, d) != 0)
			ok = 0;
	return ok;
}

/* The values of the settings, before the corpus is read, so that a typo
 * fails at once.  The formats to build are checked with style.conf and
 * -D; the others only with -D, which was typed for this run (a style's
 * setting for a format not built is not read).  A bad -D value is a
 * usage error, like a bad -D key; a bad value in style.conf is the
 * style's fault (QBIND_EXIT_IO, like a style that cannot be read). */
static enum qbind_exit
check_settings(const struct build_opts *o, const struct style *st,
    size_t nconf, struct diag *d)
{
	struct style only_d = *st; /* a view of the -D settings alone */
	only_d.settings += nconf;
	only_d.nsettings -= nconf;
	struct diag silent;
	diag_init(&silent, NULL);
	int d_ok = settings_ok(o, &only_d, 1, &silent);
	int ok = settings_ok(o, st, 0, d);
	for (size_t i = 0; i < NFORMATS; i++)
		if (formats[i].check && !((o->formats >> i) & 1u) &&
		    formats[i].check(&only_d, d) != 0)
			ok = 0;
	if (ok)
		return QBIND_EXIT_OK;
	return d_ok ? QBIND_EXIT_IO : QBIND_EXIT_USAGE;
}

enum qbind_exit
pipeline_build(const struct build_opts *o, struct diag *d)
{
	/* A missing folder is made, but only once the corpus has been read
	 * without errors: a failed run writes nothing, folders included. */
	if (output_check_new_dir(o->outdir, d) != 0)
		return QBIND_EXIT_IO;
	const char *keys[256];
	pipeline_style_keys(keys, sizeof(keys) / sizeof(*keys));
	struct style st;
	if (style_open(&st, o->style, o->exe, keys, d) != 0) {
		style_close(&st);
		return QBIND_EXIT_IO;
	}
	int bad_override = 0;
	size_t nconf = st.nsettings;
	for (size_t i = 0; i < o->noverrides; i++)
		if (style_override(&st, o->overrides[i], keys, d) != 0)
			bad_override = 1;
	enum qbind_exit rc = bad_override ? QBIND_EXIT_USAGE :
	    check_settings(o, &st, nconf, d);
	if (rc != QBIND_EXIT_OK) {
		style_close(&st);
		return rc;
	}
	unsigned nsteps = 2, step = 2;
	for (size_t i = 0; i < NFORMATS; i++)
		nsteps += (o->formats >> i) & 1u;
	struct outline *ol;
	rc = load(o, d, &ol, nsteps, 0);
	if (rc != QBIND_EXIT_OK) {
		style_close(&st);
		return rc;
	}
	/* Every format is written and synced under a temporary name first;
	 * only when all of them are complete do they replace the old files.
	 * (A device or a FIFO at an output's name is written in place: see
	 * output.h.) */
	char *made;
	if (output_make_dir(o->outdir, &made, d) != 0) {
		outline_free(ol);
		style_close(&st);
		return QBIND_EXIT_IO;
	}
	char *base = output_base(o, ol);
	struct outfile files[NFORMATS];
	memset(files, 0, sizeof(files));
	for (size_t i = 0; i < NFORMATS && rc == QBIND_EXIT_OK; i++) {
		if (!(o->formats & (1u << i)))
			continue;
		double t0 = now_ms();
		progress_step(d->progress, formats[i].f.name, ++step, nsteps);
		unsigned errors = d->nerrors;
		struct buf name = BUF_INIT;
		buf_printf(&name, "%s.%s", base, formats[i].f.ext);
		struct outfile *f = &files[i];
		errno = 0;
		/* Each step that fails is an I/O error (the branches are the
		 * same on purpose), but for a format's own cap. */
		int wr = 0;
		if (outfile_open(f, o->outdir, name.ptr, d) != 0)
			rc = QBIND_EXIT_IO; /* NOLINT(bugprone-branch-clone) */
		else if ((wr = formats[i].write ? formats[i].write(ol, &st, f, d) :
		    out_outline(ol, formats[i].dump, f->fp)) == LAYOUT_TOO_LONG) {
			rc = QBIND_EXIT_INPUT;   /* past a cap of the format */
			diag_sys(d, MSG_NOTHING_WRITTEN,
			    formats[i].f.name);
		}
		else if (wr != 0) {
			report_write_error(d, f, errors);
			rc = QBIND_EXIT_IO;
		} else if (d->nerrors > errors)
			rc = QBIND_EXIT_INPUT;   /* a warning -W made an error */
		else if (outfile_finish(f, d) != 0)
			rc = QBIND_EXIT_IO;
		buf_free(&name);
		stat_line(o, d, formats[i].f.name, now_ms() - t0);
	}
	struct buf wrote = BUF_INIT;
	if (rc == QBIND_EXIT_OK)
		summary_line(&wrote, o, base, files);
	for (size_t i = 0; i < NFORMATS; i++) {
		if (files[i].path == NULL)
			continue;
		if (rc != QBIND_EXIT_OK)
			outfile_abort(&files[i]);
		else if (outfile_commit(&files[i], d) != 0)
			rc = QBIND_EXIT_IO;
	}
	if (rc == QBIND_EXIT_OK)
		diag_info(d, "wrote %s", wrote.ptr);
	buf_free(&wrote);
	if (rc != QBIND_EXIT_OK)
		output_unmake_dir(o->outdir, made);
	free(made);
	free(base);
	outline_free(ol);
	style_close(&st);
	return rc;
}

static enum qbind_exit
dump_to_stdout(const struct outline *ol, enum dump_format fmt, struct diag *d)
{
	if (out_outline(ol, fmt, stdout) != 0 || fflush(stdout) != 0) {
		diag_sys(d, MSG_CANNOT_WRITE_STDOUT,
		    strerror(errno ? errno : EIO));
		return QBIND_EXIT_IO;
	}
	return QBIND_EXIT_OK;
}

/* outline -o FILE: the dump replaces FILE whole (output.h). */
static enum qbind_exit
dump_to_file(const struct outline *ol, enum dump_format fmt,
    const char *outfile, struct diag *d)
{
	enum qbind_exit rc = QBIND_EXIT_OK;
	char *path = xstrdup(outfile);
	char *slash = strrchr(path, '/');
	const char *dir = ".", *name = path;
	if (slash) {
		*slash = '\0';
		dir = slash == path ? "/" : path;
		name = slash + 1;
	}
	struct outfile f;
	if (*name == '\0') {
		diag_sys(d, MSG_NAMES_A_FOLDER, outfile);
		rc = QBIND_EXIT_USAGE;
	} else if (outfile_open(&f, dir, name, d) != 0)
		rc = QBIND_EXIT_IO; /* NOLINT(bugprone-branch-clone): as above */
	else if (out_outline(ol, fmt, f.fp) != 0) {
		diag_sys(d, MSG_CANNOT_WRITE, outfile,
		    strerror(errno ? errno : EIO));
		outfile_abort(&f);
		rc = QBIND_EXIT_IO;
	} else if (outfile_finish(&f, d) != 0) {
		outfile_abort(&f);
		rc = QBIND_EXIT_IO;
	} else if (outfile_commit(&f, d) != 0)
		rc = QBIND_EXIT_IO;
	free(path);
	return rc;
}

enum qbind_exit
pipeline_dump(const struct build_opts *o, enum dump_format fmt,
    const char *outfile, struct diag *d)
{
	/* The tree first, then the diagnostics, so that on a terminal the
	 * errors are what stays on the screen. */
	diag_hold(d);
	struct outline *ol;
	enum qbind_exit rc = load(o, d, &ol, 3, 1);
	/* A corpus with errors still shows the tree as far as it was read,
	 * on the standard output; a file given to -o is left alone, as
	 * every output is when there are errors. */
	int to_stdout = outfile == NULL || strcmp(outfile, "-") == 0;
	if (ol != NULL && (rc == QBIND_EXIT_OK || to_stdout)) {
		progress_step(d->progress, "writing", 3, 3);
		enum qbind_exit wr = to_stdout ? dump_to_stdout(ol, fmt, d) :
		    dump_to_file(ol, fmt, outfile, d);
		if (rc == QBIND_EXIT_OK)
			rc = wr;
	}
	outline_free(ol);
	diag_release(d);
	return rc;
}
