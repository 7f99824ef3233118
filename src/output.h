/* output.h: output files that appear whole or not at all.
 *
 * A backend writes into a temporary file beside the final one (same
 * folder, so the rename cannot cross file systems); only outfile_commit
 * renames it into place.  A failed or interrupted run leaves the previous
 * output untouched and no partial file under the final name.
 */
#ifndef QBIND_OUTPUT_H
#define QBIND_OUTPUT_H

#include <stdio.h>

struct diag;

struct outfile {
	char *path;   /* final name: dir/name */
	char *tmp;    /* dir/.name.XXXXXX while open */
	FILE *fp;     /* open on tmp; backends that write by path may ignore it */
};

/* Checks that dir exists and is a writable folder. */
int output_check_dir(const char *dir, struct diag *d);
int outfile_open(struct outfile *f, const char *dir, const char *name,
    struct diag *d);
/* Flushes, syncs and renames; on failure removes the temporary file. */
int outfile_commit(struct outfile *f, struct diag *d);
void outfile_abort(struct outfile *f);

/* A file name from free text: no path separators, no leading dots, no
 * control characters, at most 100 bytes; "qbind" when nothing is left.
 * Returns a malloc'd string. */
char *output_safe_name(const char *s);

#endif
