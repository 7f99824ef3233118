/* buf.h: a growable byte buffer that hands its memory over.
 *
 * ptr is never NULL and always NUL-terminated, so a buffer can be printed
 * at any time.  Allocation failures end the process (see xalloc.h).
 */
#ifndef QBIND_BUF_H
#define QBIND_BUF_H

#include <stddef.h>
#include <stdio.h>

struct buf {
	char *ptr;
	size_t len;
	size_t cap; /* 0 while ptr points at the shared empty string */
};

#define BUF_INIT { (char *)"", 0, 0 }

void buf_grow(struct buf *b, size_t extra);
void buf_put(struct buf *b, const void *data, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, int c);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_clear(struct buf *b);
void buf_free(struct buf *b);
/* Writes the buffer to out and empties it, for writers that go a piece
 * at a time; -1 when out took less (errno tells why). */
int buf_write(struct buf *b, FILE *out);
/* Gives the caller the malloc'd string; the buffer is empty afterwards. */
char *buf_detach(struct buf *b);

#define BUF_PUTSL(b, lit) buf_put((b), (lit), sizeof(lit) - 1)

#endif
