/* xw.h: the XML writer of the EPUB pages, of the answers' XHTML (html.c)
 * and of the XML outline dump, with a sticky error.
 *
 * It writes either straight into a buffer (xw_open: the EPUB's
 * documents, the dump) or through a libxml2 xmlTextWriter the caller
 * owns (xw_wrap: the Anki deck's answer fields).  The buffer mode escapes and
 * lays out markup byte for byte as libxml2's writer does for a document
 * started with encoding "UTF-8" (text: & < > " and CR; attribute values
 * also tab and LF; other bytes as they are), without its per-call
 * allocations and stack list, which were a third of the EPUB's time.
 * Element names and attribute names are never escaped: they are ours.
 */
#ifndef QBIND_XW_H
#define QBIND_XW_H

#include "buf.h"

#include <libxml/xmlwriter.h>
#include <stddef.h>

struct xw {
	struct buf b;          /* buffer mode: the document so far */
	xmlTextWriterPtr w;    /* or the libxml2 writer everything goes to */
	const char **open;     /* buffer mode: the names of open elements */
	size_t depth, cap;
	int in_tag;            /* buffer mode: a start tag waits for its '>' */
	int indent;            /* see xw_indent */
	int doindent;          /* the next end tag goes on a line of its own */
	int err;               /* sticky: calls after a failure do nothing */
};

/* A document in a buffer, its XML declaration written. */
void xw_open(struct xw *x);
/* s escaped as in an attribute value (& < > " and tab, line feed and
 * carriage return as references, which a parser keeps as they are),
 * appended to b: for XML written by hand (the PDF's XMP). */
void xw_escape(struct buf *b, const char *s);
/* Lays the document out as libxml2's writer does with indenting on and
 * " " as the indent string: each start tag on a line of its own, one
 * space per open element before it, a line break after every end tag and
 * after a start tag followed by an element.  Buffer mode only. */
void xw_indent(struct xw *x);
/* Writes through w (not freed by xw_close). */
void xw_wrap(struct xw *x, xmlTextWriterPtr w);
/* Closes what is open and ends the document with a line break (buffer
 * mode only).  0, or -1 when a call failed. */
int xw_end_document(struct xw *x);
/* Frees what the writer holds, the buffer too unless detached. */
void xw_close(struct xw *x);

/* Names must outlive the element (literals and outline strings do). */
void xw_start(struct xw *x, const char *name);
void xw_attr(struct xw *x, const char *name, const char *value);
/* Escaped text; NULL and "" write nothing. */
void xw_text(struct xw *x, const char *s);
/* The same, but "" ends the start tag, as libxml2's xmlTextWriterWriteString
 * does: <a></a>, not <a/>. */
void xw_string(struct xw *x, const char *s);
/* Markup as it is. */
void xw_raw(struct xw *x, const char *s);
/* Ends the element: "/>" when it is empty. */
void xw_end(struct xw *x);
/* Ends the element with an end tag even when it is empty. */
void xw_full_end(struct xw *x);

/* A line break between blocks, so that the pages read well as source. */
void xw_nl(struct xw *x);

/* <name class="cls">s</name>; cls may be NULL. */
void xw_element(struct xw *x, const char *name, const char *cls, const char *s);

#endif
