/* out_epub.c: the outline as an EPUB 3 book that EPUB 2 readers open too.
 *
 *   mimetype                stored, first: how a reader knows the file
 *   META-INF/container.xml  where the package document is
 *   OEBPS/package.opf       metadata, manifest, spine (with toc="ncx")
 *   OEBPS/nav.xhtml         EPUB 3 contents (sections -> groups), landmarks
 *   OEBPS/toc.ncx           the same contents for EPUB 2 readers
 *   OEBPS/style.css         the style's epub.css
 *   OEBPS/title.xhtml       title page
 *   OEBPS/section-NN.xhtml  one page per section, the untitled one too
 *
 * Every XML document goes through libxml2's xmlTextWriter, so corpus text
 * is escaped by the writer and never pasted into markup.  The archive is
 * built in memory (zipout.h) and its bytes are copied to the output file,
 * which the pipeline then syncs and renames.
 *
 * Ids in the pages are the outline's (q-…, s-…, g-…, or the author's,
 * which start with a letter); the few this file makes up start with '_',
 * which no outline id can, so they never clash.
 */
#include "out_epub.h"
#include "buf.h"
#include "build_time.h"
#include "diag.h"
#include "html.h"
#include "outline.h"
#include "output.h"
#include "style.h"
#include "xalloc.h"
#include "zipout.h"

#include <cmark.h>
#include <libxml/xmlwriter.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum epub_mode { MODE_INLINE, MODE_SELFTEST };

/* zlib level for everything but mimetype.  On the 1000x bench corpus
 * (37 MB of pages) 6 takes about a fifth less time than 9 for a book 1%
 * larger; deflate is half of this backend's time either way. */
enum { DEFLATE_LEVEL = 6 };

#define NS_XHTML "http://www.w3.org/1999/xhtml"
#define NS_OPS   "http://www.idpf.org/2007/ops"
#define ANSWER_ID_PREFIX "_a-"

struct epub {
	const struct outline *o;
	struct diag *d;
	struct zipout *zip;
	enum epub_mode mode;
	char urn[64];              /* urn:uuid:… */
	char modified[32];         /* dcterms:modified, UTC */
	time_t built;              /* also every zip entry's time */
	int width;                 /* digits of the numbers in page names */
};

/* One XML document being written into a buffer.  err is sticky: calls
 * after a failure do nothing, and the document is checked once. */
struct xw {
	struct buf b;
	xmlTextWriterPtr w;
	int err;
};

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

static void
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

static void
start(struct xw *x, const char *name)
{
	if (!x->err)
		xw_check(x, xmlTextWriterStartElement(x->w, BAD_CAST name));
}

static void
attr(struct xw *x, const char *name, const char *value)
{
	if (!x->err)
		xw_check(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST name,
		    BAD_CAST value));
}

static void
text(struct xw *x, const char *s)
{
	if (!x->err && s && *s)
		xw_check(x, xmlTextWriterWriteString(x->w, BAD_CAST s));
}

static void
end(struct xw *x)
{
	if (!x->err)
		xw_check(x, xmlTextWriterEndElement(x->w));
}

/* A line break between blocks, so that the pages read well as source. */
static void
nl(struct xw *x)
{
	if (!x->err)
		xw_check(x, xmlTextWriterWriteRaw(x->w, BAD_CAST "\n"));
}

/* <name class="cls">s</name>; cls may be NULL. */
static void
element(struct xw *x, const char *name, const char *cls, const char *s)
{
	start(x, name);
	if (cls)
		attr(x, "class", cls);
	text(x, s);
	end(x);
}

/* Ends the document and adds it to the archive. */
static int
xw_finish(struct epub *e, struct xw *x, const char *name)
{
	if (!x->err)
		xw_check(x, xmlTextWriterEndDocument(x->w));
	if (x->w)
		xmlFreeTextWriter(x->w); /* flushes into x->b */
	x->w = NULL;
	if (x->err) {
		diag_sys(e->d, DIAG_ERROR, "cannot write the EPUB page '%s' "
		    "(libxml2's writer failed)", name);
		buf_free(&x->b);
		return -1;
	}
	size_t len = x->b.len;
	return zipout_add(e->zip, name, buf_detach(&x->b), len, 1, DEFLATE_LEVEL);
}

static const char *
title_of(const struct outline *o)
{
	return o->meta.title ? o->meta.title : o->root->text;
}

/* The file name of the i-th section page (1-based). */
static void
page_name(const struct epub *e, size_t i, char *out, size_t cap)
{
	snprintf(out, cap, "section-%0*zu.xhtml", e->width, i);
}

/* What the first section page is called in landmarks and the guide. */
static const char *
first_page_label(const struct epub *e)
{
	const struct ol_node *s = e->o->root->first;
	return s->text ? s->text : s->first ? s->first->text : e->o->labels->general;
}

static int
has_answer(const struct ol_node *q)
{
	struct cmark_node *a = q->as.question.answer;
	return a && cmark_node_first_child(a);
}

/* --- the XHTML pages --- */

static void
xhtml_begin(struct epub *e, struct xw *x, const char *title)
{
	if (!x->err)
		xw_check(x, xmlTextWriterWriteDTD(x->w, BAD_CAST "html", NULL, NULL, NULL));
	nl(x);
	start(x, "html");
	attr(x, "xmlns", NS_XHTML);
	attr(x, "xmlns:epub", NS_OPS);
	attr(x, "xml:lang", e->o->meta.lang);
	attr(x, "lang", e->o->meta.lang);
	nl(x);
	start(x, "head");
	nl(x);
	element(x, "title", NULL, title);
	nl(x);
	start(x, "link");
	attr(x, "rel", "stylesheet");
	attr(x, "type", "text/css");
	attr(x, "href", "style.css");
	end(x);
	nl(x);
	end(x);
	nl(x);
	start(x, "body");
	nl(x);
}

static void
xhtml_end(struct xw *x)
{
	end(x); /* body */
	nl(x);
	end(x); /* html */
}

static int
write_title_page(struct epub *e)
{
	const struct ol_meta *m = &e->o->meta;
	struct xw x;
	xw_open(&x);
	xhtml_begin(e, &x, title_of(e->o));
	start(&x, "section");
	attr(&x, "epub:type", "titlepage");
	attr(&x, "class", "titlepage");
	nl(&x);
	element(&x, "h1", "title", title_of(e->o));
	nl(&x);
	if (m->subtitle) {
		element(&x, "p", "subtitle", m->subtitle);
		nl(&x);
	}
	if (m->author) {
		element(&x, "p", "author", m->author);
		nl(&x);
	}
	if (m->date) {
		element(&x, "p", "date", m->date);
		nl(&x);
	}
	end(&x);
	nl(&x);
	xhtml_end(&x);
	return xw_finish(e, &x, "OEBPS/title.xhtml");
}

static void
write_question(struct epub *e, struct xw *x, const struct ol_node *q)
{
	int answer = has_answer(q);
	start(x, "div");
	attr(x, "class", answer && e->mode == MODE_INLINE ? "question answered" :
	    "question");
	attr(x, "id", q->id);
	start(x, "p");
	attr(x, "class", "qtext");
	element(x, "span", "num", q->number);
	text(x, " ");
	element(x, "span", "qt", q->text);
	if (answer && e->mode == MODE_SELFTEST) {
		struct buf href = BUF_INIT;
		buf_printf(&href, "#" ANSWER_ID_PREFIX "%s", q->id);
		text(x, " ");
		start(x, "a");
		attr(x, "class", "noteref");
		attr(x, "epub:type", "noteref");
		attr(x, "href", href.ptr);
		text(x, e->o->labels->answer);
		end(x);
		buf_free(&href);
	}
	end(x); /* p */
	if (answer && e->mode == MODE_INLINE) {
		nl(x);
		start(x, "div");
		attr(x, "class", "answer");
		if (!x->err && html_answer(x->w, q) != 0)
			x->err = 1;
		end(x);
	}
	end(x); /* div */
	nl(x);
}

/* Self-test answers: footnotes after the page's questions, each with a
 * link back to its question.  Readers that know epub:type="footnote"
 * show them as a pop-up from the question's noteref and may hide them
 * here; others show them as endnotes. */
static void
write_footnotes(struct epub *e, struct xw *x, const struct ol_node *s)
{
	int any = 0;
	OL_FOREACH(g, s)
		OL_FOREACH(q, g)
			any |= has_answer(q);
	if (!any)
		return;
	start(x, "section");
	attr(x, "class", "answers");
	nl(x);
	struct buf id = BUF_INIT, back = BUF_INIT;
	OL_FOREACH(g, s)
		OL_FOREACH(q, g) {
			if (!has_answer(q))
				continue;
			buf_clear(&id);
			buf_clear(&back);
			buf_printf(&id, ANSWER_ID_PREFIX "%s", q->id);
			buf_printf(&back, "#%s", q->id);
			start(x, "aside");
			attr(x, "epub:type", "footnote");
			attr(x, "class", "answer");
			attr(x, "id", id.ptr);
			start(x, "p");
			attr(x, "class", "back");
			start(x, "a");
			attr(x, "href", back.ptr);
			attr(x, "title", e->o->labels->back);
			text(x, q->number);
			end(x);
			text(x, " ");
			element(x, "span", "qt", q->text);
			end(x); /* p */
			if (!x->err && html_answer(x->w, q) != 0)
				x->err = 1;
			end(x); /* aside */
			nl(x);
		}
	buf_free(&id);
	buf_free(&back);
	end(x);
	nl(x);
}

static void
write_group(struct epub *e, struct xw *x, const struct ol_node *g,
    const char *heading)
{
	start(x, "section");
	attr(x, "class", "group");
	attr(x, "id", g->id);
	nl(x);
	element(x, heading, NULL, g->text);
	nl(x);
	OL_FOREACH(q, g)
		write_question(e, x, q);
	end(x);
	nl(x);
}

/* A titled section: h1, its groups as h2.  The untitled one holds
 * groups that stand at the top level of the book: they are the h1s. */
static int
write_section_page(struct epub *e, const struct ol_node *s, size_t i)
{
	const struct ol_labels *l = e->o->labels;
	char name[64], path[80];
	page_name(e, i, name, sizeof(name));
	snprintf(path, sizeof(path), "OEBPS/%s", name);
	struct buf title = BUF_INIT;
	if (s->text)
		buf_printf(&title, "%s. %s", s->number, s->text);
	else
		buf_puts(&title, s->first ? s->first->text : l->general);

	struct xw x;
	xw_open(&x);
	xhtml_begin(e, &x, title.ptr);
	start(&x, "section");
	attr(&x, "epub:type", "chapter");
	attr(&x, "class", s->text ? "section" : "section general");
	attr(&x, "id", s->id);
	nl(&x);
	if (s->text) {
		struct buf num = BUF_INIT;
		buf_printf(&num, "%s.", s->number);
		start(&x, "h1");
		element(&x, "span", "num", num.ptr);
		text(&x, " ");
		buf_free(&num);
		text(&x, s->text);
		end(&x);
		nl(&x);
	} else if (s->first == NULL) {
		element(&x, "h1", NULL, l->general);
		nl(&x);
	}
	OL_FOREACH(g, s)
		write_group(e, &x, g, s->text ? "h2" : "h1");
	end(&x);
	nl(&x);
	if (e->mode == MODE_SELFTEST)
		write_footnotes(e, &x, s);
	xhtml_end(&x);
	buf_free(&title);
	return xw_finish(e, &x, path);
}

/* --- contents: nav.xhtml and toc.ncx --- */

/* The entries of the contents, in order: each titled section with its
 * groups under it, and the untitled section's groups at the top level
 * (FORMAT.md).  visit() is called with depth 0 or 1. */
struct toc_entry {
	int depth;
	const char *label;     /* without the section number */
	const char *number;    /* a titled section's, or NULL */
	const char *href;      /* page, with #id for a group */
	int has_children;
	int last_child;        /* the last entry at depth 1 under its parent */
};

typedef void (*toc_visit)(struct epub *, void *, const struct toc_entry *);

static void
walk_toc(struct epub *e, toc_visit visit, void *ctx)
{
	const struct ol_labels *l = e->o->labels;
	char name[64];
	struct buf href = BUF_INIT;
	size_t i = 0;
	OL_FOREACH(s, e->o->root) {
		page_name(e, ++i, name, sizeof(name));
		struct toc_entry t = { 0, NULL, NULL, NULL, 0, 0 };
		if (s->text || s->first == NULL) {
			t.label = s->text ? s->text : l->general;
			t.number = s->text ? s->number : NULL;
			t.href = name;
			t.has_children = s->text && s->first;
			visit(e, ctx, &t);
		}
		OL_FOREACH(g, s) {
			buf_clear(&href);
			buf_printf(&href, "%s#%s", name, g->id);
			struct toc_entry ge = { s->text ? 1 : 0, g->text, NULL,
			    href.ptr, 0, s->text && g->next == NULL };
			visit(e, ctx, &ge);
		}
	}
	buf_free(&href);
}

static void
toc_label(struct buf *b, const struct toc_entry *t)
{
	buf_clear(b);
	if (t->number)
		buf_printf(b, "%s. ", t->number);
	buf_puts(b, t->label);
}

/* nav.xhtml: <li> stays open while its group list follows. */
static void
nav_entry(struct epub *e, void *ctx, const struct toc_entry *t)
{
	(void)e;
	struct xw *x = ctx;
	struct buf label = BUF_INIT;
	toc_label(&label, t);
	start(x, "li");
	start(x, "a");
	attr(x, "href", t->href);
	text(x, label.ptr);
	end(x);
	buf_free(&label);
	if (t->has_children) {
		nl(x);
		start(x, "ol");
		nl(x);
		return;
	}
	end(x); /* li */
	nl(x);
	if (t->last_child) {
		end(x); /* ol */
		nl(x);
		end(x); /* li */
		nl(x);
	}
}

static void
landmark(struct xw *x, const char *type, const char *href, const char *label)
{
	start(x, "li");
	start(x, "a");
	attr(x, "epub:type", type);
	attr(x, "href", href);
	text(x, label);
	end(x);
	end(x);
	nl(x);
}

static int
write_nav(struct epub *e)
{
	const struct ol_labels *l = e->o->labels;
	char body[64];
	page_name(e, 1, body, sizeof(body));
	struct xw x;
	xw_open(&x);
	xhtml_begin(e, &x, l->contents);
	start(&x, "nav");
	attr(&x, "epub:type", "toc");
	attr(&x, "id", "_toc");
	nl(&x);
	element(&x, "h1", NULL, l->contents);
	nl(&x);
	start(&x, "ol");
	nl(&x);
	walk_toc(e, nav_entry, &x);
	end(&x);
	nl(&x);
	end(&x);
	nl(&x);

	start(&x, "nav");
	attr(&x, "epub:type", "landmarks");
	attr(&x, "hidden", "hidden");
	nl(&x);
	start(&x, "ol");
	nl(&x);
	landmark(&x, "titlepage", "title.xhtml", title_of(e->o));
	landmark(&x, "toc", "nav.xhtml#_toc", l->contents);
	landmark(&x, "bodymatter", body, first_page_label(e));
	end(&x);
	nl(&x);
	end(&x);
	nl(&x);
	xhtml_end(&x);
	return xw_finish(e, &x, "OEBPS/nav.xhtml");
}

struct ncx_state {
	struct xw *x;
	unsigned order;        /* playOrder, also the navPoint id */
};

static void
ncx_entry(struct epub *e, void *ctx, const struct toc_entry *t)
{
	(void)e;
	struct ncx_state *n = ctx;
	struct xw *x = n->x;
	char id[32], order[16];
	n->order++;
	snprintf(id, sizeof(id), "_np%u", n->order);
	snprintf(order, sizeof(order), "%u", n->order);
	struct buf label = BUF_INIT;
	toc_label(&label, t);
	start(x, "navPoint");
	attr(x, "id", id);
	attr(x, "playOrder", order);
	start(x, "navLabel");
	element(x, "text", NULL, label.ptr);
	end(x);
	start(x, "content");
	attr(x, "src", t->href);
	end(x);
	buf_free(&label);
	if (t->has_children) {
		nl(x);
		return;
	}
	end(x); /* navPoint */
	nl(x);
	if (t->last_child) {
		end(x); /* the section's navPoint */
		nl(x);
	}
}

/* dtb:depth: the levels the navMap really has (a titled section without
 * groups beside untitled groups is one level, not two). */
static void
ncx_depth(struct epub *e, void *ctx, const struct toc_entry *t)
{
	(void)e;
	int *depth = ctx;
	if (t->depth + 1 > *depth)
		*depth = t->depth + 1;
}

static void
ncx_meta(struct xw *x, const char *name, const char *content)
{
	start(x, "meta");
	attr(x, "name", name);
	attr(x, "content", content);
	end(x);
	nl(x);
}

static int
write_ncx(struct epub *e)
{
	int depth = 1;
	walk_toc(e, ncx_depth, &depth);
	char sdepth[4];
	snprintf(sdepth, sizeof(sdepth), "%d", depth);
	struct xw x;
	xw_open(&x);
	start(&x, "ncx");
	attr(&x, "xmlns", "http://www.daisy.org/z3986/2005/ncx/");
	attr(&x, "version", "2005-1");
	attr(&x, "xml:lang", e->o->meta.lang);
	nl(&x);
	start(&x, "head");
	nl(&x);
	ncx_meta(&x, "dtb:uid", e->urn);
	ncx_meta(&x, "dtb:depth", sdepth);
	ncx_meta(&x, "dtb:totalPageCount", "0");
	ncx_meta(&x, "dtb:maxPageNumber", "0");
	end(&x);
	nl(&x);
	start(&x, "docTitle");
	element(&x, "text", NULL, title_of(e->o));
	end(&x);
	nl(&x);
	if (e->o->meta.author) {
		start(&x, "docAuthor");
		element(&x, "text", NULL, e->o->meta.author);
		end(&x);
		nl(&x);
	}
	start(&x, "navMap");
	nl(&x);
	struct ncx_state n = { &x, 0 };
	walk_toc(e, ncx_entry, &n);
	end(&x);
	nl(&x);
	end(&x);
	return xw_finish(e, &x, "OEBPS/toc.ncx");
}

/* --- package document and container --- */

static void
opf_item(struct xw *x, const char *id, const char *href, const char *type,
    const char *props)
{
	start(x, "item");
	attr(x, "id", id);
	attr(x, "href", href);
	attr(x, "media-type", type);
	if (props)
		attr(x, "properties", props);
	end(x);
	nl(x);
}

static void
opf_refine(struct xw *x, const char *ref, const char *property,
    const char *scheme, const char *value)
{
	start(x, "meta");
	attr(x, "refines", ref);
	attr(x, "property", property);
	if (scheme)
		attr(x, "scheme", scheme);
	text(x, value);
	end(x);
	nl(x);
}

static void
opf_metadata(struct epub *e, struct xw *x)
{
	const struct ol_meta *m = &e->o->meta;
	start(x, "metadata");
	attr(x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
	nl(x);
	start(x, "dc:identifier");
	attr(x, "id", "bookid");
	text(x, e->urn);
	end(x);
	nl(x);
	start(x, "dc:title");
	attr(x, "id", "title");
	text(x, title_of(e->o));
	end(x);
	nl(x);
	opf_refine(x, "#title", "title-type", NULL, "main");
	if (m->subtitle) {
		start(x, "dc:title");
		attr(x, "id", "subtitle");
		text(x, m->subtitle);
		end(x);
		nl(x);
		opf_refine(x, "#subtitle", "title-type", NULL, "subtitle");
	}
	if (m->author) {
		start(x, "dc:creator");
		attr(x, "id", "creator");
		text(x, m->author);
		end(x);
		nl(x);
		opf_refine(x, "#creator", "role", "marc:relators", "aut");
	}
	element(x, "dc:language", NULL, m->lang);
	nl(x);
	if (m->date) {
		element(x, "dc:date", NULL, m->date);
		nl(x);
	}
	start(x, "meta");
	attr(x, "property", "dcterms:modified");
	text(x, e->modified);
	end(x);
	nl(x);
	/* What the book offers a reader who cannot see it: text only,
	 * headings and a table of contents, nothing that flashes. */
	static const char *const a11y[][2] = {
		{ "schema:accessMode", "textual" },
		{ "schema:accessModeSufficient", "textual" },
		{ "schema:accessibilityFeature", "structuralNavigation" },
		{ "schema:accessibilityFeature", "tableOfContents" },
		{ "schema:accessibilityHazard", "none" },
	};
	for (size_t i = 0; i < sizeof(a11y) / sizeof(*a11y); i++) {
		start(x, "meta");
		attr(x, "property", a11y[i][0]);
		text(x, a11y[i][1]);
		end(x);
		nl(x);
	}
	end(x);
	nl(x);
}

static void
opf_reference(struct xw *x, const char *type, const char *title,
    const char *href)
{
	start(x, "reference");
	attr(x, "type", type);
	attr(x, "title", title);
	attr(x, "href", href);
	end(x);
	nl(x);
}

static int
write_opf(struct epub *e, size_t npages)
{
	char name[64], id[64];
	struct xw x;
	xw_open(&x);
	start(&x, "package");
	attr(&x, "xmlns", "http://www.idpf.org/2007/opf");
	attr(&x, "version", "3.0");
	attr(&x, "unique-identifier", "bookid");
	attr(&x, "xml:lang", e->o->meta.lang);
	nl(&x);
	opf_metadata(e, &x);

	start(&x, "manifest");
	nl(&x);
	opf_item(&x, "nav", "nav.xhtml", "application/xhtml+xml", "nav");
	opf_item(&x, "ncx", "toc.ncx", "application/x-dtbncx+xml", NULL);
	opf_item(&x, "css", "style.css", "text/css", NULL);
	opf_item(&x, "title-page", "title.xhtml", "application/xhtml+xml", NULL);
	for (size_t i = 1; i <= npages; i++) {
		page_name(e, i, name, sizeof(name));
		snprintf(id, sizeof(id), "section-%0*zu", e->width, i);
		opf_item(&x, id, name, "application/xhtml+xml", NULL);
	}
	end(&x);
	nl(&x);

	start(&x, "spine");
	attr(&x, "toc", "ncx");
	nl(&x);
	static const char *const front[] = { "title-page", "nav" };
	for (size_t i = 0; i < 2; i++) {
		start(&x, "itemref");
		attr(&x, "idref", front[i]);
		end(&x);
		nl(&x);
	}
	for (size_t i = 1; i <= npages; i++) {
		snprintf(id, sizeof(id), "section-%0*zu", e->width, i);
		start(&x, "itemref");
		attr(&x, "idref", id);
		end(&x);
		nl(&x);
	}
	end(&x);
	nl(&x);
	/* EPUB 2 readers find the title page, the contents and where the
	 * text starts here; EPUB 3 ones in the nav's landmarks. */
	page_name(e, 1, name, sizeof(name));
	start(&x, "guide");
	nl(&x);
	opf_reference(&x, "title-page", title_of(e->o), "title.xhtml");
	opf_reference(&x, "toc", e->o->labels->contents, "nav.xhtml");
	opf_reference(&x, "text", first_page_label(e), name);
	end(&x);
	nl(&x);
	end(&x);
	return xw_finish(e, &x, "OEBPS/package.opf");
}

static int
write_container(struct epub *e)
{
	struct xw x;
	xw_open(&x);
	start(&x, "container");
	attr(&x, "version", "1.0");
	attr(&x, "xmlns", "urn:oasis:names:tc:opendocument:xmlns:container");
	nl(&x);
	start(&x, "rootfiles");
	nl(&x);
	start(&x, "rootfile");
	attr(&x, "full-path", "OEBPS/package.opf");
	attr(&x, "media-type", "application/oebps-package+xml");
	end(&x);
	nl(&x);
	end(&x);
	nl(&x);
	end(&x);
	return xw_finish(e, &x, "META-INF/container.xml");
}

/* --- identity and time --- */

/* A name-based uuid (version 5 layout, SHA-256 instead of SHA-1) of the
 * corpus id: the same book keeps its identity across builds. */
static void
make_urn(struct epub *e)
{
	uint8_t h[32];
	ol_digest(e->o, "epub-uuid", "", h);
	h[6] = (uint8_t)((h[6] & 0x0f) | 0x50);
	h[8] = (uint8_t)((h[8] & 0x3f) | 0x80);
	char *p = e->urn + snprintf(e->urn, sizeof(e->urn), "urn:uuid:");
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		p += sprintf(p, "%02x", h[i]);
	}
}

/* The build time (see build_time.h) as dcterms:modified. */
static int
set_time(struct epub *e)
{
	if (build_time(&e->built, e->d) != 0)
		return -1;
	struct tm tm;
	if (gmtime_r(&e->built, &tm) == NULL) {
		diag_sys(e->d, DIAG_ERROR, "cannot convert the build time to a date");
		return -1;
	}
	strftime(e->modified, sizeof(e->modified), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return 0;
}

/* --- the archive --- */

static int
add_all(struct epub *e, char *css, size_t csslen)
{
	size_t npages = 0;
	OL_FOREACH(s, e->o->root)
		npages++;
	e->width = 2;
	for (size_t n = npages; n >= 100; n /= 10)
		e->width++;

	static const char mimetype[] = "application/epub+zip";
	if (zipout_add(e->zip, "mimetype", mimetype, sizeof(mimetype) - 1, 0,
	    ZIPOUT_STORE) != 0) {
		free(css);
		return -1;
	}
	if (zipout_add(e->zip, "OEBPS/style.css", css, csslen, 1, DEFLATE_LEVEL) != 0 ||
	    write_container(e) != 0 || write_opf(e, npages) != 0 ||
	    write_nav(e) != 0 || write_ncx(e) != 0 || write_title_page(e) != 0)
		return -1;
	size_t i = 0;
	OL_FOREACH(s, e->o->root)
		if (write_section_page(e, s, ++i) != 0)
			return -1;
	return 0;
}

int
out_epub(const struct outline *o, const struct style *s, struct outfile *f,
    struct diag *d)
{
	static const char *const modes[] = { "inline", "selftest", NULL };
	struct epub e;
	memset(&e, 0, sizeof(e));
	e.o = o;
	e.d = d;
	int mode = style_get_enum(s, "epub.mode", modes, MODE_INLINE, d);
	if (mode < 0 || set_time(&e) != 0)
		return -1;
	e.mode = (enum epub_mode)mode;
	make_urn(&e);
	char *css;
	size_t csslen;
	if (style_read_file(s, "epub.css", &css, &csslen, d) != 0)
		return -1;

	e.zip = zipout_open("EPUB archive", e.built, d);
	if (e.zip == NULL) {
		free(css);
		return -1;
	}
	if (add_all(&e, css, csslen) != 0) {
		zipout_discard(e.zip);
		return -1;
	}
	return zipout_finish(e.zip, f->fp);
}
