/* output.h: output files that appear whole or not at all.
 *
 * A backend writes into a temporary file beside the final one (same
 * folder, so the rename cannot cross file systems).  The build finishes
 * every format first and renames them only when all were written, so a
 * failed run leaves the previous outputs untouched and no partial file
 * under a final name.  Temporary files still open when the process ends
 * (an error exit, running out of memory, SIGHUP, SIGINT, SIGPIPE,
 * SIGTERM) are removed.
 *
 * What is at the final name decides how it is written:
 *   - nothing (or a symbolic link to nothing, which is replaced): a
 *     temporary file, renamed into place;
 *   - a regular file: the same, and the new file replaces it even when
 *     it is read-only (the folder's permissions decide, as for rm);
 *     symbolic links are followed, and the file they end at is replaced
 *     beside itself, so the links stay;
 *   - anything else (a device such as /dev/null or /dev/full, a FIFO),
 *     or a name that leads through /proc (/dev/stdout, /dev/fd/N): opened
 *     and written in place, as a shell's '>' would, since renaming over
 *     it would replace the device node or the pipe;
 *   - a folder: an error.
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
	char *path;   /* final name: dir/name, or where its links lead */
	char *tmp;    /* dir/.name.XXXXXX while not committed; NULL if direct */
	FILE *fp;     /* open on tmp (or path) until outfile_finish */
	int direct;   /* writing path in place: a device, a FIFO, /dev/stdout */
};

/* The longest name output_safe_name returns, in bytes: with the longest
 * ending (".outline.json") and the temporary file's ".NAME.XXXXXX" it
 * stays far below the 255 bytes a file system allows. */
enum { OUTPUT_NAME_MAX = 100 };

/* Checks that dir exists and is a writable folder. */
int output_check_dir(const char *dir, struct diag *d);
/* Removes the temporary files of a process killed by SIGINT, SIGTERM or
 * SIGHUP before it dies of the signal.  Called once by main. */
void output_cleanup_on_signals(void);

/* Opens dir/name for writing as said above; reports the reason and
 * returns -1 when it cannot (the folder missing, not a folder, not
 * writable; the name a folder). */
int outfile_open(struct outfile *f, const char *dir, const char *name,
    struct diag *d);
/* Flushes, syncs and closes fp; the file keeps its temporary name. */
int outfile_finish(struct outfile *f, struct diag *d);
/* Renames a finished file into place (nothing to do for a direct one). */
int outfile_commit(struct outfile *f, struct diag *d);
/* Closes and removes the temporary file; safe on a committed or never
 * opened (zeroed) outfile.  What went into a direct one stays there. */
void outfile_abort(struct outfile *f);

/* A file name from free text (-n, a file name, a title): spaces,
 * separators, characters Windows forbids, control and invisible
 * characters and invalid UTF-8 become one '-' per run; leading '.' and
 * '-' go (no hidden file, nothing that reads as an option), as do
 * trailing '.' and '-'; at most OUTPUT_NAME_MAX bytes of whole UTF-8
 * characters; a Windows device name (CON, NUL, COM1, ...) gets a '_';
 * "qbind" when nothing is left.  So never "", ".", ".." or a path.
 * Returns a malloc'd string. */
char *output_safe_name(const char *s);

#endif
