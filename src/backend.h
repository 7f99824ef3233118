/* backend.h: what every output format is to the pipeline.
 *
 * A backend turns a validated, const outline into the bytes of one file.
 * It is a struct backend, the one thing its file exports (out_pdf.c's
 * backend_pdf, ...), and a row of the table backend_at() walks.  The
 * pipeline (pipeline.c) does everything around the bytes: it checks the
 * style settings before reading the corpus, opens the output file (a
 * temporary one, see output.h), reads the previous output when the
 * backend asks for it, runs the backends of one build at once (one
 * thread each, see pipeline_build) and commits the files when all of
 * them succeeded.
 *
 * So a backend must:
 *   - keep its state on its stack or in what it allocates: several run
 *     at once, in threads, sharing the outline and the style read-only;
 *   - report through the struct diag it is given (its own, replayed in
 *     the fixed format order after every backend has finished) and never
 *     print;
 *   - write only to sink->fp, and say how it ended in one
 *     enum backend_result.
 */
#ifndef QBIND_BACKEND_H
#define QBIND_BACKEND_H

#include <stddef.h>
#include <stdio.h>

struct diag;
struct outline;
struct style;

/* How a backend ended.  The pipeline turns it into the exit status and,
 * for BACKEND_WRITE_ERROR and BACKEND_OVER_CAP, into the message. */
enum backend_result {
	BACKEND_OK,
	BACKEND_FAILED,      /* reported through the diag (a bad setting, a
	                      * missing font, a library error) */
	BACKEND_WRITE_ERROR, /* writing sink->fp failed, nothing reported;
	                      * sink->err says why */
	BACKEND_OVER_CAP     /* reported: the corpus goes past a cap of this
	                      * format (the PDF's page cap), a fault of the
	                      * corpus, not of the machine */
};

/* Where a backend writes. */
struct backend_sink {
	FILE *fp;           /* a temporary file, a device, a memory stream */
	/* A few words for the line that says what a build wrote ("7
	 * pages"); "" when the backend has none. */
	char detail[48];
	int err;            /* errno, with BACKEND_WRITE_ERROR */
};

/* The file this build replaces, opened by the pipeline for a backend
 * that sets reads_previous (the Anki deck keeps its notes' modification
 * times from it): a handle rather than the bytes, so that the backend
 * reads only what it needs, and a test can hand in any file. */
struct backend_previous {
	const char *path;  /* for messages */
	int fd;            /* open for reading, at its start; the backend
	                    * may dup it but not close it.  -1: none */
	int err;           /* errno when a file was there but could not be
	                    * opened (fd -1) */
};

struct backend {
	const char *name;    /* as given to -f */
	const char *ext;     /* output file name ending */
	const char *summary; /* for --help and 'qbind formats' */
	const char *const *aliases;    /* other names -f takes; NULL-terminated */
	const char *const *style_keys; /* the style.conf keys it reads, so that
	                                * the style reader can flag typos;
	                                * NULL-terminated */
	int reads_previous;  /* hand it the previous output */
	int is_dump;         /* an outline dump, listed after the books */
	/* Checks the values of its settings (the pipeline calls it before
	 * reading the corpus): 0, or -1 after reporting each bad one.  NULL:
	 * nothing to check. */
	int (*check)(const struct style *s, struct diag *d);
	/* Writes o to sink->fp.  prev is never NULL (prev->fd may be -1). */
	enum backend_result (*write)(const struct outline *o, const struct style *s,
	    const struct backend_previous *prev, struct backend_sink *sink,
	    struct diag *d);
};

/* The formats this qbind writes, in their fixed order (the order of the
 * progress line's steps, of the messages and of --stats): the outline
 * dumps, then apkg, epub, pdf.  NULL past the last. */
const struct backend *backend_at(size_t i);

/* What a backend returns when a step failed: BACKEND_WRITE_ERROR, with
 * sink->err set, when sink->fp has its error flag (errno is the failed
 * write's), else BACKEND_FAILED (the step reported). */
enum backend_result backend_failed(struct backend_sink *sink);

#endif
