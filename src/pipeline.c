/* pipeline.c: read, validate, write every format at once, time each step. */
#include "pipeline.h"
#include "backend.h"
#include "outline.h"
#include "output.h"
#include "progress.h"
#include "style.h"
#include "diag.h"
#include "buf.h"
#include "suggest.h"
#include "xalloc.h"

#include <errno.h>
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The formats, in backend.c's fixed order; bit i of build_opts.formats
 * is backend_at(i). */
static size_t
nformats(void)
{
	size_t n = 0;
	while (backend_at(n))
		n++;
	return n;
}

const struct backend *
pipeline_format(size_t i)
{
	return backend_at(i);
}

/* Whether p[0..len) is name, in any case. */
static int
is_name(const char *p, size_t len, const char *name)
{
	return strlen(name) == len && strncasecmp(p, name, len) == 0;
}

/* The format called p[0..len) or one of its aliases; nformats() if none. */
static size_t
find_format(const char *p, size_t len)
{
	size_t i = 0;
	for (const struct backend *b; (b = backend_at(i)) != NULL; i++) {
		if (is_name(p, len, b->name))
			return i;
		for (const char *const *a = b->aliases; a && *a; a++)
			if (is_name(p, len, *a))
				return i;
	}
	return i;
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
	for (size_t k = 0; backend_at(k); k++) {
		const struct backend *b = backend_at(k);
		suggest_add(&s, b->name);
		suggest_add_all(&s, b->aliases);
		buf_printf(&known, "%s%s", k ? ", " : "", b->name);
		if (b->aliases)
			buf_printf(&known, " (or %s)", b->aliases[0]);
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
			*mask |= (1u << nformats()) - 1;
		else if (len > 0) {
			size_t i = find_format(p, len);
			if (i == nformats()) {
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
	for (size_t i = 0; backend_at(i); i++)
		for (const char *const *k = backend_at(i)->style_keys; *k && n + 1 < cap; k++)
			keys[n++] = *k;
	keys[n] = NULL;
}

/* One format of a build, written in a thread of its own: the backend
 * gets the job's diag (recording, replayed in format order once every
 * thread has ended) and its progress lane, and shares only the outline
 * and the style, read-only.
 *
 * What the threads share beyond that, and why it is safe:
 *   - libcmark: the answer trees, read only through getters that store
 *     nothing (cmark 0.30 keeps literals and URLs NUL-terminated in the
 *     node) and iterators of each thread's own;
 *   - libxml2 (the XML dump, EPUB, Anki): built thread-safe,
 *     initialised and given our allocator on the main thread first
 *     (xalloc_init_libraries);
 *   - libzip (EPUB, Anki), jansson (the JSON dump, Anki): one archive or
 *     object per thread; jansson seeds its hashes once, atomically;
 *   - libharu, fontconfig, libhyphen: the PDF thread's alone, as SQLite
 *     is the Anki thread's (so its threading mode does not matter);
 *   - glibc's time zone state, which every mktime libzip calls rewrites:
 *     under glibc's own lock (see tests/tsan.supp).
 * tests/check-tsan.sh builds every test corpus so under ThreadSanitizer. */
struct job {
	const struct backend *b;
	const struct outline *ol;
	const struct style *st;
	struct outfile file;          /* opened before the threads start */
	struct backend_previous prev;
	struct backend_sink sink;
	struct diag d;
	struct progress lane;
	enum backend_result res;
	int finish_failed;            /* outfile_finish reported */
	double ms;
	pthread_t thread;
};

/* The file at the output's final name, for a backend that reads it: a
 * regular file only (a FIFO or a device there is written to, not read;
 * see output.h), opened into j->prev.fd; one that is there but cannot be
 * opened leaves its errno in j->prev.err. */
static void
open_previous(struct job *j)
{
	struct backend_previous *p = &j->prev;
	p->path = j->file.path;
	p->fd = -1;
	struct stat sb;
	if (!j->b->reads_previous || stat(p->path, &sb) != 0 || !S_ISREG(sb.st_mode))
		return;
	p->fd = open(p->path, O_RDONLY | O_CLOEXEC);
	if (p->fd < 0)
		p->err = errno;
}

/* A sanitizer's build has its own allocator: glibc's arenas are not in
 * use, and malloc_trim walking them crashed under ThreadSanitizer. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define QBIND_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define QBIND_SANITIZED 1
#endif
#endif

static void *
run_job(void *arg)
{
	struct job *j = arg;
	double t0 = now_ms();
	open_previous(j);
	j->res = j->b->write(j->ol, j->st, &j->prev, &j->sink, &j->d);
	if (j->prev.fd >= 0)
		close(j->prev.fd);
#if defined(__GLIBC__) && !defined(QBIND_SANITIZED)
	/* What this thread freed stays in its malloc arena, out of reach of
	 * the others (the PDF, which peaks last, cannot reuse the EPUB's
	 * and the deck's memory as it would one format after another):
	 * given back to the system now. */
	malloc_trim(0);
#endif
	/* Not when a warning -W raised to an error stops the build. */
	if (j->res == BACKEND_OK && j->d.nerrors == 0)
		j->finish_failed = outfile_finish(&j->file, &j->d) != 0;
	j->ms = now_ms() - t0;
	progress_lane_done(j->d.progress);
	return NULL;
}

/* Opens the output file of each format to build; returns how many of
 * jobs[0..n) may run: those before the first whose file cannot be opened
 * (a one-by-one build would have stopped there). */
static size_t
open_jobs(struct job *jobs, size_t n, const char *outdir, const char *base)
{
	for (size_t i = 0; i < n; i++) {
		struct job *j = &jobs[i];
		struct buf name = BUF_INIT;
		buf_printf(&name, "%s.%s", base, j->b->ext);
		int rc = outfile_open(&j->file, outdir, name.ptr, &j->d);
		buf_free(&name);
		if (rc != 0)
			return i;
		j->sink.fp = j->file.fp;
	}
	return n;
}

/* Runs jobs[0..n) at once, a thread each, and waits for them all.  A
 * thread that cannot be started runs its job here instead. */
static void
run_jobs(struct job *jobs, size_t n, struct progress *pr, unsigned first,
    unsigned nsteps)
{
	const char *names[PROGRESS_LANES];
	for (size_t i = 0; i < n && i < PROGRESS_LANES; i++)
		names[i] = jobs[i].b->name;
	progress_lanes_begin(pr, names, (unsigned)n, first, nsteps);
	for (size_t i = 0; i < n; i++)
		jobs[i].d.progress = progress_lane(pr, (unsigned)i, &jobs[i].lane);
	int *started = xcalloc(n, sizeof(*started));
	for (size_t i = 0; i < n; i++)
		started[i] = pthread_create(&jobs[i].thread, NULL, run_job, &jobs[i]) == 0;
	for (size_t i = 0; i < n; i++) {
		if (started[i])
			pthread_join(jobs[i].thread, NULL);
		else
			run_job(&jobs[i]);
	}
	free(started);
}

/* What job j's result makes the build: its messages, then the
 * pipeline's own about it, into d. */
static enum qbind_exit
report_job(struct job *j, struct diag *d)
{
	unsigned errors = j->d.nerrors;
	diag_replay(&j->d, d);
	switch (j->res) {
	case BACKEND_OK:
		/* Syncing and closing the file failed (reported): the
		 * machine's fault, even though it counts as an error. */
		if (j->finish_failed)
			return QBIND_EXIT_IO;
		if (errors > 0)
			return QBIND_EXIT_INPUT; /* a warning -W made an error */
		return QBIND_EXIT_OK;
	case BACKEND_OVER_CAP:
		diag_sys(d, MSG_NOTHING_WRITTEN, j->b->name);
		return QBIND_EXIT_INPUT;
	case BACKEND_WRITE_ERROR:
		diag_sys(d, MSG_CANNOT_WRITE, j->file.path, strerror(j->sink.err));
		return QBIND_EXIT_IO;
	case BACKEND_FAILED:
		/* Reported, as backend.h asks; if not, the user still
		 * learns which file failed. */
		if (errors == 0)
			diag_sys(d, MSG_CANNOT_WRITE, j->file.path, strerror(EIO));
		break;
	}
	return QBIND_EXIT_IO;
}

/* The messages of jobs[0..nrun) in format order, then the open failure
 * of jobs[nrun] if any, up to the first format that failed, with a
 * --stats line each: what a build writing one format after another
 * would print.  Returns the exit status of that first failure. */
static enum qbind_exit
report_jobs(struct job *jobs, size_t n, size_t nrun,
    const struct build_opts *o, struct diag *d)
{
	enum qbind_exit rc = QBIND_EXIT_OK;
	for (size_t i = 0; i < n; i++) {
		if (rc == QBIND_EXIT_OK && i < nrun) {
			rc = report_job(&jobs[i], d);
			stat_line(o, d, jobs[i].b->name, jobs[i].ms);
		} else if (rc == QBIND_EXIT_OK) {
			diag_replay(&jobs[i].d, d); /* why it did not open */
			rc = QBIND_EXIT_IO;
		}
		diag_record_free(&jobs[i].d);
	}
	return rc;
}

/* What a build wrote, for the line that says so: "out/x.pdf (7 pages),
 * out/x.epub, …", the books first (in the reverse of the format order:
 * pdf, epub, apkg), then the dumps. */
static void
summary_line(struct buf *b, const struct build_opts *o, const char *base,
    const struct job *jobs, size_t n)
{
	for (int pass = 0; pass < 2; pass++)
		for (size_t k = 0; k < n; k++) {
			const struct job *j = &jobs[pass == 0 ? n - 1 - k : k];
			if (j->b->is_dump != (pass == 1))
				continue;
			struct buf name = BUF_INIT;
			buf_printf(&name, "%s.%s", base, j->b->ext);
			char *path = output_join(o->outdir, name.ptr);
			buf_printf(b, "%s%s", b->len ? ", " : "", path);
			if (j->sink.detail[0])
				buf_printf(b, " (%s)", j->sink.detail);
			free(path);
			buf_free(&name);
		}
}

/* Every file renamed into place when rc is OK, else every temporary file
 * removed; "wrote …" when all went well.  Returns the final status. */
static enum qbind_exit
commit_jobs(struct job *jobs, size_t n, enum qbind_exit rc,
    const struct build_opts *o, const char *base, struct diag *d)
{
	struct buf wrote = BUF_INIT;
	if (rc == QBIND_EXIT_OK)
		summary_line(&wrote, o, base, jobs, n);
	for (size_t i = 0; i < n; i++) {
		if (jobs[i].file.path == NULL)
			continue;
		if (rc != QBIND_EXIT_OK)
			outfile_abort(&jobs[i].file);
		else if (outfile_commit(&jobs[i].file, d) != 0)
			rc = QBIND_EXIT_IO;
	}
	if (rc == QBIND_EXIT_OK)
		diag_info(d, "wrote %s", wrote.ptr);
	buf_free(&wrote);
	return rc;
}

/* Writes every format of o->formats; steps 3.. of nsteps. */
static enum qbind_exit
write_formats(const struct build_opts *o, const struct outline *ol,
    const struct style *st, unsigned nsteps, struct diag *d)
{
	struct job jobs[8 * sizeof(o->formats)];
	size_t n = 0;
	for (size_t i = 0; backend_at(i) && n < sizeof(jobs) / sizeof(*jobs); i++) {
		if (!((o->formats >> i) & 1u))
			continue;
		struct job *j = &jobs[n++];
		memset(j, 0, sizeof(*j));
		j->b = backend_at(i);
		j->ol = ol;
		j->st = st;
		diag_record(&j->d, d);
	}
	char *base = output_base(o, ol);
	size_t nrun = open_jobs(jobs, n, o->outdir, base);
	diag_flush(d); /* nothing of the main diag waits behind the threads */
	run_jobs(jobs, nrun, d->progress, 3, nsteps);
	enum qbind_exit rc = report_jobs(jobs, n, nrun, o, d);
	rc = commit_jobs(jobs, n, rc, o, base, d);
	free(base);
	return rc;
}

/* Whether every format's check passes on st; with every_format, for
 * the formats not built too. */
static int
settings_ok(const struct build_opts *o, const struct style *st,
    int every_format, struct diag *d)
{
	int ok = 1;
	for (size_t i = 0; backend_at(i); i++)
		if (backend_at(i)->check && (every_format || (o->formats >> i) & 1u) &&
		    backend_at(i)->check(st, d) != 0)
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
	for (size_t i = 0; backend_at(i); i++)
		if (backend_at(i)->check && !((o->formats >> i) & 1u) &&
		    backend_at(i)->check(&only_d, d) != 0)
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
	unsigned nsteps = 2;
	for (size_t i = 0; backend_at(i); i++)
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
	rc = write_formats(o, ol, &st, nsteps, d);
	if (rc != QBIND_EXIT_OK)
		output_unmake_dir(o->outdir, made);
	free(made);
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
