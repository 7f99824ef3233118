/* zipout.h: a zip archive built in memory and copied to an output file.
 *
 * libzip writes archives by path, but a backend writes into the FILE of
 * an outfile (see output.h), so the archive is made on a libzip buffer
 * source and its bytes are copied to fp at the end.  Every entry carries
 * one time, given when the archive is started (see build_time.h), so a
 * fixed SOURCE_DATE_EPOCH gives the same bytes.
 *
 * Errors are reported through the struct diag as
 *     cannot build the WHAT (STEP): reason
 * where WHAT names the archive to the user ("EPUB archive") and STEP is
 * the entry or the stage that failed.  libzip running out of memory ends
 * the process like every other allocation (see xalloc.h).  An error is
 * sticky: later calls do nothing and zipout_finish fails.
 *
 * Use: zipout_open, zipout_add for each entry in the order the archive
 * should list them, then either zipout_finish or zipout_discard, which
 * both free the handle.
 */
#ifndef QBIND_ZIPOUT_H
#define QBIND_ZIPOUT_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

struct diag;
struct zipout;

/* The level for an entry stored as is.  Levels 1 to 9 deflate at that
 * zlib level (zlib's own 0, deflated without compressing, is not on
 * offer: no format qbind writes wants it). */
#define ZIPOUT_STORE 0

/* Starts an empty archive whose entries are dated t.  what names it in
 * messages and must outlive the handle.  Returns NULL after reporting. */
struct zipout *zipout_open(const char *what, time_t t, struct diag *d);

/* Adds entry name with len bytes of data (name in UTF-8).  libzip reads
 * data only when the archive is finished, so it must stay valid until
 * then; with owned set the archive takes it over instead and frees it
 * (with free, also on failure).  level: ZIPOUT_STORE or 1 to 9.
 * Returns 0, or -1 after reporting. */
int zipout_add(struct zipout *z, const char *name, const void *data,
    size_t len, int owned, int level);

/* Writes the archive's directory and copies the whole archive to fp, then
 * frees z.  Returns 0, or -1: after reporting a libzip failure, or with
 * errno set and nothing reported when writing to fp failed (the caller
 * knows the file's name). */
int zipout_finish(struct zipout *z, FILE *fp);

/* Frees an archive that will not be written; safe on NULL. */
void zipout_discard(struct zipout *z);

#endif
