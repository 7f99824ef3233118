/* output.h: output files that appear whole or not at all.
 *
 * A backend writes into a temporary file beside the final one (same
 * folder, so the rename cannot cross file systems).  The build finishes
 * every format first and renames them only when all were written, so a
 * failed run leaves the previous outputs untouched and no partial file
 * under a final name.  Temporary files still open when the process ends
 * (an error exit, running out of memory, SIGINT, SIGTERM, SIGHUP) are
 * removed.
 *
 * Backends that use a library writing by path (libzip, libharu) are best
 * served by building in memory (zip_open_from_source on a buffer source,
 * HPDF_SaveToStream, sqlite3_serialize) and writing the bytes to fp:
 * syncing and renaming then stay here.
 */
#ifndef QBIND_OUTPUT_H
#define QBIND_OUTPUT_H

#include <stdio.h>

struct diag;

struct outfile {
	char *path;   /* final name: dir/name */
	char *tmp;    /* dir/.name.XXXXXX while not committed */
	FILE *fp;     /* open on tmp until outfile_finish */
};

/* Checks that dir exists and is a writable folder. */
int output_check_dir(const char *dir, struct diag *d);
/* Removes the temporary files of a process killed by SIGINT, SIGTERM or
 * SIGHUP before it dies of the signal.  Called once by main. */
void output_cleanup_on_signals(void);

int outfile_open(struct outfile *f, const char *dir, const char *name,
    struct diag *d);
/* Flushes, syncs and closes fp; the file keeps its temporary name. */
int outfile_finish(struct outfile *f, struct diag *d);
/* Renames a finished file into place. */
int outfile_commit(struct outfile *f, struct diag *d);
/* Closes and removes the temporary file; safe on a committed or never
 * opened (zeroed) outfile. */
void outfile_abort(struct outfile *f);

/* A file name from free text: no path separators, no leading dots, no
 * control characters, at most 100 bytes of whole UTF-8 characters;
 * "qbind" when nothing is left.  Returns a malloc'd string. */
char *output_safe_name(const char *s);

#endif
