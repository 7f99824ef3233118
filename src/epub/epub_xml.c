/* epub_xml.c: each XML document of the EPUB goes from its writer (xw.h)
 * into the archive; and the XHTML skeleton every page shares.
 */
#include "epub_int.h"
#include "buf.h"
#include "diag.h"
#include "html.h"
#include "outline.h"
#include "zipout.h"

#define NS_XHTML "http://www.w3.org/1999/xhtml"
#define NS_OPS   "http://www.idpf.org/2007/ops"

/* Ends the document and adds it to the archive. */
int
xw_finish(struct epub *e, struct xw *x, const char *name)
{
	if (xw_end_document(x) != 0) {
		diag_sys(e->d, MSG_EPUB_PAGE, name);
		xw_close(x);
		return -1;
	}
	size_t len = x->b.len;
	char *data = buf_detach(&x->b);
	xw_close(x);
	return zipout_add(e->zip, name, data, len, 1, DEFLATE_LEVEL);
}

void
epub_text(struct epub *e, struct xw *x, const char *s)
{
	html_text_lang(x, &e->script, 1, s);
}

void
epub_element(struct epub *e, struct xw *x, const char *name,
    const char *cls, const char *s)
{
	html_element_lang(x, name, cls, &e->script, 1, s);
}

void
epub_xhtml_begin(struct epub *e, struct xw *x, const char *title)
{
	xw_raw(x, "<!DOCTYPE html>\n");
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
