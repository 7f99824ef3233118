/* buf.c: growable byte buffer. */
#include "buf.h"
#include "xalloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

void
buf_grow(struct buf *b, size_t extra)
{
	size_t want = b->len + extra + 1;
	if (want <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < want)
		cap += cap / 2;
	if (b->cap == 0) {
		char *p = xmalloc(cap);
		memcpy(p, b->ptr, b->len + 1);
		b->ptr = p;
	} else {
		b->ptr = xrealloc(b->ptr, cap);
	}
	b->cap = cap;
}

void
buf_put(struct buf *b, const void *data, size_t n)
{
	if (n == 0)
		return;
	buf_grow(b, n);
	memcpy(b->ptr + b->len, data, n);
	b->len += n;
	b->ptr[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void
buf_putc(struct buf *b, int c)
{
	char ch = (char)c;
	buf_put(b, &ch, 1);
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
buf_clear(struct buf *b)
{
	b->len = 0;
	if (b->cap)
		b->ptr[0] = '\0';
}

void
buf_free(struct buf *b)
{
	if (b->cap)
		free(b->ptr);
	b->ptr = (char *)"";
	b->len = b->cap = 0;
}

char *
buf_detach(struct buf *b)
{
	char *p = b->cap ? b->ptr : xstrdup("");
	b->ptr = (char *)"";
	b->len = b->cap = 0;
	return p;
}

int
buf_write(struct buf *b, FILE *out)
{
	int rc = fwrite(b->ptr, 1, b->len, out) == b->len ? 0 : -1;
	buf_clear(b);
	return rc;
}
