/* xalloc.c: allocation wrappers that never return NULL, and the arena. */
#include "xalloc.h"
#include "qbind.h"
#include "messages.h"

#include <cmark.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/xmlmemory.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* exit(), not abort(): atexit handlers remove temporary output files. */
void
xalloc_die(size_t n)
{
	/* Straight to stderr: a struct diag may need memory. */
	fputs("qbind: error: ", stderr);
	fprintf(stderr, msgfmt_MSG_OUT_OF_MEMORY, n);
	fputc('\n', stderr);
	exit(QBIND_EXIT_OOM);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		xalloc_die(n);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (p == NULL)
		xalloc_die(nmemb * size);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (q == NULL)
		xalloc_die(n);
	return q;
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

/* xcalloc, xmalloc, xrealloc and xstrdup have the libraries' own
 * allocator types, so they are handed over as they are. */
static struct cmark_mem qbind_cmark_mem = { xcalloc, xrealloc, free };

struct cmark_mem *
xalloc_cmark_mem(void)
{
	return &qbind_cmark_mem;
}

void
xalloc_init_libraries(void)
{
	json_set_alloc_funcs(xmalloc, free);
	xmlMemSetup(free, xmalloc, xrealloc, xstrdup);
	/* Explicitly, so that xmlCleanupParser() frees what the writers set
	 * up on first use: it does nothing for a parser never initialised. */
	xmlInitParser();
}

void
xalloc_free_libraries(void)
{
	xmlCleanupParser();
}

struct arena_chunk {
	struct arena_chunk *next;
	size_t size, used;
	alignas(max_align_t) unsigned char data[];
};

enum { ARENA_FIRST = 64 * 1024, ARENA_MAX_STEP = 16 * 1024 * 1024 };

void
arena_init(struct arena *a)
{
	a->head = NULL;
	a->total = 0;
}

void
arena_free(struct arena *a)
{
	struct arena_chunk *c = a->head, *next;
	for (; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->head = NULL;
	a->total = 0;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	const size_t align = alignof(max_align_t);
	struct arena_chunk *c = a->head;
	size_t need = (n + align - 1) & ~(align - 1);

	if (c == NULL || c->size - c->used < need) {
		size_t size = c == NULL ? ARENA_FIRST : c->size * 2;
		if (size > ARENA_MAX_STEP)
			size = ARENA_MAX_STEP;
		if (size < need)
			size = need;
		c = xmalloc(sizeof(*c) + size);
		c->size = size;
		c->used = 0;
		c->next = a->head;
		a->head = c;
	}
	void *p = c->data + c->used;
	c->used += need;
	a->total += need;
	memset(p, 0, n);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}
