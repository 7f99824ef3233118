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
	/* A few words the backend may leave for the line that says what a
	 * build wrote ("7 pages"); "" when it has none.  Cleared by
	 * outfile_open. */
	char detail[48];
};

/* The longest name output_safe_name returns, in bytes: with the longest
 * ending (".outline.json") and the temporary file's ".NAME.XXXXXX" it
 * stays far below the 255 bytes a file system allows. */
enum { OUTPUT_NAME_MAX = 100 };

/* Checks that dir exists and is a writable folder. */
int output_check_dir(const char *dir, struct diag *d);
/* The same for a folder that may not exist yet: then the nearest of its
 * parents that exists must be a writable folder, so that
 * output_make_dir can make it.  Reports why not: -1. */
int output_check_new_dir(const char *dir, struct diag *d);
/* Makes dir and its missing parents, as mkdir -p does (mode 0777 less
 * the umask), and checks it.  *made: the outermost folder it made, for
 * output_unmake_dir (malloc'd; NULL when dir was there).  -1 after
 * reporting, with nothing made left behind. */
int output_make_dir(const char *dir, char **made, struct diag *d);
/* Removes dir and its parents up to made, those of them that are empty:
 * what output_make_dir made for a build that then failed.  made NULL:
 * nothing. */
void output_unmake_dir(const char *dir, const char *made);
/* Removes the temporary files of a process killed by SIGINT, SIGTERM or
 * SIGHUP before it dies of the signal.  Called once by main. */
void output_cleanup_on_signals(void);

/* dir/name, or name alone when dir is ".": a path as messages show it.
 * Returns a malloc'd string. */
char *output_join(const char *dir, const char *name);

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
