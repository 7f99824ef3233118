/* xw.c: the XML writer of the EPUB, the answers' XHTML and the XML dump (xw.h). */
#include "xw.h"
#include "buf.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

/* What libxml2's writer escapes, in text (xmlEncodeSpecialChars) and in
 * attribute values (xmlBufAttrSerializeTxtContent, for a document whose
 * encoding is set, so that bytes above 0x7f pass as they are). */
static const unsigned char text_special[256] = {
	['&'] = 1, ['<'] = 1, ['>'] = 1, ['"'] = 1, ['\r'] = 1,
};
static const unsigned char attr_special[256] = {
	['&'] = 1, ['<'] = 1, ['>'] = 1, ['"'] = 1, ['\r'] = 1, ['\n'] = 1,
	['\t'] = 1,
};

static const char *
entity(unsigned char c)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\r': return "&#13;";
	case '\n': return "&#10;";
	default: return "&#9;";
	}
}

static void
put_escaped(struct buf *b, const char *s, const unsigned char *special)
{
	const char *run = s;
	for (; *s; s++) {
		if (!special[(unsigned char)*s])
			continue;
		buf_put(b, run, (size_t)(s - run));
		buf_puts(b, entity((unsigned char)*s));
		run = s + 1;
	}
	buf_put(b, run, (size_t)(s - run));
}

void
xw_escape(struct buf *b, const char *s)
{
	put_escaped(b, s, attr_special);
}

static void
check(struct xw *x, int rc)
{
	if (rc < 0)
		x->err = 1;
}

/* The '>' of a start tag, once something goes inside the element. */
static void
close_tag(struct xw *x)
{
	if (x->in_tag) {
		buf_putc(&x->b, '>');
		x->in_tag = 0;
	}
}

/* One space for each element open around the innermost one. */
static void
put_indent(struct xw *x)
{
	for (size_t i = 1; i < x->depth; i++)
		buf_putc(&x->b, ' ');
}

void
xw_open(struct xw *x)
{
	memset(x, 0, sizeof(*x));
	x->b = (struct buf)BUF_INIT;
	BUF_PUTSL(&x->b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
}

void
xw_indent(struct xw *x)
{
	x->indent = 1;
}

void
xw_wrap(struct xw *x, xmlTextWriterPtr w)
{
	memset(x, 0, sizeof(*x));
	x->b = (struct buf)BUF_INIT;
	x->w = w;
	x->err = w == NULL;
}

int
xw_end_document(struct xw *x)
{
	if (x->err)
		return -1;
	if (x->w) {
		check(x, xmlTextWriterEndDocument(x->w));
		return x->err ? -1 : 0;
	}
	while (x->depth > 0)
		xw_end(x);
	if (!x->indent)
		buf_putc(&x->b, '\n');
	return 0;
}

void
xw_close(struct xw *x)
{
	free(x->open);
	x->open = NULL;
	x->depth = x->cap = 0;
	buf_free(&x->b);
}

void
xw_start(struct xw *x, const char *name)
{
	if (x->err)
		return;
	if (x->w) {
		check(x, xmlTextWriterStartElement(x->w, BAD_CAST name));
		return;
	}
	if (x->in_tag) {
		close_tag(x);
		if (x->indent)
			buf_putc(&x->b, '\n');
	}
	if (x->depth == x->cap) {
		x->cap = x->cap ? 2 * x->cap : 16;
		x->open = xrealloc(x->open, x->cap * sizeof(*x->open));
	}
	x->open[x->depth++] = name;
	if (x->indent)
		put_indent(x);
	buf_putc(&x->b, '<');
	buf_puts(&x->b, name);
	x->in_tag = 1;
}

void
xw_attr(struct xw *x, const char *name, const char *value)
{
	if (x->err)
		return;
	if (x->w) {
		check(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST name,
		    BAD_CAST value));
		return;
	}
	if (!x->in_tag) {
		x->err = 1; /* as libxml2's writer: no start tag to add it to */
		return;
	}
	buf_putc(&x->b, ' ');
	buf_puts(&x->b, name);
	BUF_PUTSL(&x->b, "=\"");
	if (value)
		put_escaped(&x->b, value, attr_special);
	buf_putc(&x->b, '"');
}

void
xw_string(struct xw *x, const char *s)
{
	if (x->err)
		return;
	if (x->w) {
		check(x, xmlTextWriterWriteString(x->w, BAD_CAST s));
		return;
	}
	if (s == NULL) {
		x->err = 1; /* as libxml2's writer */
		return;
	}
	x->doindent = 0;
	close_tag(x);
	put_escaped(&x->b, s, text_special);
}

void
xw_text(struct xw *x, const char *s)
{
	if (s && *s)
		xw_string(x, s);
}

void
xw_raw(struct xw *x, const char *s)
{
	if (x->err)
		return;
	if (x->w) {
		check(x, xmlTextWriterWriteRaw(x->w, BAD_CAST s));
		return;
	}
	x->doindent = 0;
	close_tag(x);
	buf_puts(&x->b, s);
}

static void
end_element(struct xw *x, int full)
{
	if (x->err)
		return;
	if (x->w) {
		check(x, full ? xmlTextWriterFullEndElement(x->w) :
		    xmlTextWriterEndElement(x->w));
		return;
	}
	if (x->depth == 0) {
		x->err = 1;
		return;
	}
	const char *name = x->open[x->depth - 1];
	if (x->in_tag && !full) {
		BUF_PUTSL(&x->b, "/>");
		x->in_tag = 0;
		x->doindent = 1;
	} else {
		if (x->in_tag) {
			close_tag(x);
			x->doindent = 0;
		}
		if (x->indent && x->doindent)
			put_indent(x);
		x->doindent = 1;
		BUF_PUTSL(&x->b, "</");
		buf_puts(&x->b, name);
		buf_putc(&x->b, '>');
	}
	if (x->indent)
		buf_putc(&x->b, '\n');
	x->depth--;
}

void
xw_end(struct xw *x)
{
	end_element(x, 0);
}

void
xw_full_end(struct xw *x)
{
	end_element(x, 1);
}

void
xw_nl(struct xw *x)
{
	xw_raw(x, "\n");
}

void
xw_element(struct xw *x, const char *name, const char *cls, const char *s)
{
	xw_start(x, name);
	if (cls)
		xw_attr(x, "class", cls);
	xw_text(x, s);
	xw_end(x);
}
