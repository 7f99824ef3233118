/* xalloc.h: the one allocation policy of qbind.
 *
 * Every allocation goes through these wrappers.  Running out of memory is
 * not a condition qbind can recover from in any useful way, so the wrappers
 * print one line and end the process with QBIND_EXIT_OOM; callers never
 * check for NULL.  Tree data (nodes, strings) lives in an arena that is
 * freed in one go with the outline.
 */
#ifndef QBIND_XALLOC_H
#define QBIND_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Ends the process for want of n bytes: the one out-of-memory path. */
_Noreturn void xalloc_die(size_t n);

/* Puts libcmark, libxml2 and jansson on these allocators, so that they
 * too end the process cleanly instead of aborting or silently dropping
 * data.  Call once before using them. */
void xalloc_init_libraries(void);
/* Frees what the libraries keep for the life of the process (libxml2's
 * encoding handlers and dictionary mutex), so that a leak checker sees
 * every block freed.  Call once, last, when no library is in use. */
void xalloc_free_libraries(void);
struct cmark_mem;
/* The allocator to give libcmark parsers and nodes. */
struct cmark_mem *xalloc_cmark_mem(void);

/* A bump allocator: objects are never freed one by one, only the whole
 * arena.  Chunks grow geometrically so a large corpus costs few mallocs. */
struct arena {
	struct arena_chunk *head;
	size_t total; /* bytes handed out, for --stats */
};

void arena_init(struct arena *a);
void arena_free(struct arena *a);
/* Zeroed, aligned for any object. */
void *arena_alloc(struct arena *a, size_t n);
/* Copies s[0..n) and adds a NUL. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);

#endif
