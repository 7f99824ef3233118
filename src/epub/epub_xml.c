/* epub_xml.c: the EPUB backend's XML writer: each document goes through
 * libxml2's xmlTextWriter into a buffer, with a sticky error, and then
 * into the archive; and the XHTML skeleton every page shares.
 */
#include "epub_int.h"
#include "buf.h"
#include "diag.h"
#include "outline.h"
#include "zipout.h"

#include <libxml/xmlwriter.h>

#define NS_XHTML "http://www.w3.org/1999/xhtml"
#define NS_OPS   "http://www.idpf.org/2007/ops"

static int
xw_sink(void *ctx, const char *data, int len)
{
	buf_put(ctx, data, (size_t)len);
	return len;
}

static int
xw_sink_close(void *ctx)
{
	(void)ctx;
	return 0;
}

void
xw_open(struct xw *x)
{
	x->b = (struct buf)BUF_INIT;
	x->err = 0;
	xmlOutputBufferPtr out = xmlOutputBufferCreateIO(xw_sink, xw_sink_close,
	    &x->b, NULL);
	x->w = out ? xmlNewTextWriter(out) : NULL;
	if (x->w == NULL || xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", NULL) < 0)
		x->err = 1;
}

static void
xw_check(struct xw *x, int rc)
{
	if (rc < 0)
		x->err = 1;
}

void
xw_start(struct xw *x, const char *name)
{
	if (!x->err)
		xw_check(x, xmlTextWriterStartElement(x->w, BAD_CAST name));
}

void
xw_attr(struct xw *x, const char *name, const char *value)
{
	if (!x->err)
		xw_check(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST name,
		    BAD_CAST value));
}

void
xw_text(struct xw *x, const char *s)
{
	if (!x->err && s && *s)
		xw_check(x, xmlTextWriterWriteString(x->w, BAD_CAST s));
}

void
xw_end(struct xw *x)
{
	if (!x->err)
		xw_check(x, xmlTextWriterEndElement(x->w));
}

/* A line break between blocks, so that the pages read well as source. */
void
xw_nl(struct xw *x)
{
	if (!x->err)
		xw_check(x, xmlTextWriterWriteRaw(x->w, BAD_CAST "\n"));
}

/* <name class="cls">s</name>; cls may be NULL. */
void
xw_element(struct xw *x, const char *name, const char *cls, const char *s)
{
	xw_start(x, name);
	if (cls)
		xw_attr(x, "class", cls);
	xw_text(x, s);
	xw_end(x);
}

/* Ends the document and adds it to the archive. */
int
xw_finish(struct epub *e, struct xw *x, const char *name)
{
	if (!x->err)
		xw_check(x, xmlTextWriterEndDocument(x->w));
	if (x->w)
		xmlFreeTextWriter(x->w); /* flushes into x->b */
	x->w = NULL;
	if (x->err) {
		diag_sys(e->d, MSG_EPUB_PAGE, name);
		buf_free(&x->b);
		return -1;
	}
	size_t len = x->b.len;
	return zipout_add(e->zip, name, buf_detach(&x->b), len, 1, DEFLATE_LEVEL);
}
void
epub_xhtml_begin(struct epub *e, struct xw *x, const char *title)
{
	if (!x->err)
		xw_check(x, xmlTextWriterWriteDTD(x->w, BAD_CAST "html", NULL, NULL, NULL));
	xw_nl(x);
	xw_start(x, "html");
	xw_attr(x, "xmlns", NS_XHTML);
	xw_attr(x, "xmlns:epub", NS_OPS);
	xw_attr(x, "xml:lang", e->o->meta.lang);
	xw_attr(x, "lang", e->o->meta.lang);
	xw_nl(x);
	xw_start(x, "head");
	xw_nl(x);
	xw_element(x, "title", NULL, title);
	xw_nl(x);
	xw_start(x, "link");
	xw_attr(x, "rel", "stylesheet");
	xw_attr(x, "type", "text/css");
	xw_attr(x, "href", "style.css");
	xw_end(x);
	xw_nl(x);
	xw_end(x);
	xw_nl(x);
	xw_start(x, "body");
	xw_nl(x);
}

void
epub_xhtml_end(struct xw *x)
{
	xw_end(x); /* body */
	xw_nl(x);
	xw_end(x); /* html */
}
