/* epub_package.c: the files that describe the EPUB: container.xml, the
 * package document (metadata with the accessibility summary, manifest,
 * spine, guide) and the contents twice, nav.xhtml (with the landmarks)
 * for EPUB 3 readers and toc.ncx for EPUB 2 ones.
 */
#include "epub_int.h"
#include "buf.h"
#include "outline.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* --- words for assistive technology, in the book's language --- */

/* --- contents: nav.xhtml and toc.ncx --- */

/* The entries of the contents, in order: every heading of rank 0 or 1
 * (ol_display), at its rank: each titled section with its titled groups
 * under it, and the untitled section's titled groups at the top level
 * (FORMAT.md).  An untitled group has no entry: its questions belong to
 * the section (or the book).  A book with no title
 * anywhere below its own gets one entry, its first page, so that the
 * contents are not empty.  visit() is called with depth 0 or 1. */
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
	char name[EPUB_NAME_MAX];
	struct buf href = BUF_INIT;
	size_t i = 0, n = 0;
	OL_FOREACH(s, e->o->root) {
		epub_page_name(e, ++i, name);
		const struct ol_node *last = NULL; /* the last titled group */
		OL_FOREACH(g, s)
			if (g->text)
				last = g;
		struct toc_entry t = { 0, NULL, NULL, NULL, 0, 0 };
		if (s->display.rank == 0) {
			t.label = s->display.heading;
			t.number = s->number;
			t.href = name;
			t.has_children = last != NULL;
			visit(e, ctx, &t);
			n++;
		}
		OL_FOREACH(g, s) {
			if (g->display.rank < 0)
				continue;
			buf_clear(&href);
			buf_puts(&href, name);
			buf_putc(&href, '#');
			buf_puts(&href, g->id);
			struct toc_entry ge = { g->display.rank, g->display.heading,
			    NULL, href.ptr, 0, g->display.rank == 1 && g == last };
			visit(e, ctx, &ge);
			n++;
		}
	}
	if (n == 0 && e->o->root->first) {
		epub_page_name(e, 1, name);
		struct toc_entry t = { 0, e->o->root->first->display.label, NULL,
		    name, 0, 0 };
		visit(e, ctx, &t);
	}
	buf_free(&href);
}

/* nav.xhtml: <li> stays open while its group list follows. */
static void
nav_entry(struct epub *e, void *ctx, const struct toc_entry *t)
{
	struct xw *x = ctx;
	struct buf label = BUF_INIT;
	epub_numbered(&label, t->number, t->label);
	xw_start(x, "li");
	xw_start(x, "a");
	xw_attr(x, "href", t->href);
	epub_text(e, x, label.ptr);
	xw_end(x);
	buf_free(&label);
	if (t->has_children) {
		xw_nl(x);
		xw_start(x, "ol");
		xw_nl(x);
		return;
	}
	xw_end(x); /* li */
	xw_nl(x);
	if (t->last_child) {
		xw_end(x); /* ol */
		xw_nl(x);
		xw_end(x); /* li */
		xw_nl(x);
	}
}

static void
landmark(struct epub *e, struct xw *x, const char *type, const char *href,
    const char *label)
{
	xw_start(x, "li");
	xw_start(x, "a");
	xw_attr(x, "epub:type", type);
	xw_attr(x, "href", href);
	epub_text(e, x, label);
	xw_end(x);
	xw_end(x);
	xw_nl(x);
}

/* The landmarks: where the cover, the title page, the contents and the
 * text start, and each section's page as a chapter, so that a reader can
 * go to any section from the reading system's own list of landmarks even
 * where the contents have no entry for it (an untitled section whose
 * groups are titled).  Hidden in the page: the contents are above. */
static void
nav_landmarks(struct epub *e, struct xw *x)
{
	const struct ol_labels *l = e->o->labels;
	char name[EPUB_NAME_MAX];
	struct buf title = BUF_INIT;
	xw_start(x, "nav");
	xw_attr(x, "epub:type", "landmarks");
	xw_attr(x, "aria-label", e->o->labels->landmarks);
	xw_attr(x, "hidden", "hidden");
	xw_nl(x);
	xw_start(x, "ol");
	xw_nl(x);
	landmark(e, x, "cover", "cover.xhtml", e->o->root->display.heading);
	landmark(e, x, "titlepage", "title.xhtml", e->o->root->display.heading);
	landmark(e, x, "toc", "nav.xhtml#_toc", l->contents);
	epub_page_name(e, 1, name);
	landmark(e, x, "bodymatter", name, e->o->root->first->display.label);
	size_t i = 0;
	OL_FOREACH(s, e->o->root) {
		epub_page_name(e, ++i, name);
		epub_page_title(s, &title);
		landmark(e, x, "chapter", name, title.ptr);
	}
	buf_free(&title);
	xw_end(x);
	xw_nl(x);
	xw_end(x);
	xw_nl(x);
}

int
epub_write_nav(struct epub *e)
{
	const struct ol_labels *l = e->o->labels;
	struct xw x;
	xw_open(&x);
	epub_xhtml_begin(e, &x, l->contents);
	/* doc-toc beside epub:type="toc" for assistive technology, named
	 * by its heading. */
	xw_start(&x, "nav");
	xw_attr(&x, "epub:type", "toc");
	xw_attr(&x, "role", "doc-toc");
	xw_attr(&x, "id", "_toc");
	xw_attr(&x, "aria-labelledby", "_toc-title");
	xw_nl(&x);
	xw_start(&x, "h1");
	xw_attr(&x, "id", "_toc-title");
	xw_text(&x, l->contents);
	xw_end(&x);
	xw_nl(&x);
	xw_start(&x, "ol");
	xw_nl(&x);
	walk_toc(e, nav_entry, &x);
	xw_end(&x);
	xw_nl(&x);
	xw_end(&x);
	xw_nl(&x);

	nav_landmarks(e, &x);
	epub_xhtml_end(&x);
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
	char id[32] = "_np", order[24];
	n->order++;
	epub_number(id + 3, n->order, 1);
	epub_number(order, n->order, 1);
	struct buf label = BUF_INIT;
	epub_numbered(&label, t->number, t->label);
	xw_start(x, "navPoint");
	xw_attr(x, "id", id);
	xw_attr(x, "playOrder", order);
	xw_start(x, "navLabel");
	xw_element(x, "text", NULL, label.ptr);
	xw_end(x);
	xw_start(x, "content");
	xw_attr(x, "src", t->href);
	xw_end(x);
	buf_free(&label);
	if (t->has_children) {
		xw_nl(x);
		return;
	}
	xw_end(x); /* navPoint */
	xw_nl(x);
	if (t->last_child) {
		xw_end(x); /* the section's navPoint */
		xw_nl(x);
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
	xw_start(x, "meta");
	xw_attr(x, "name", name);
	xw_attr(x, "content", content);
	xw_end(x);
	xw_nl(x);
}

int
epub_write_ncx(struct epub *e)
{
	int depth = 1;
	walk_toc(e, ncx_depth, &depth);
	char sdepth[4];
	snprintf(sdepth, sizeof(sdepth), "%d", depth);
	struct xw x;
	xw_open(&x);
	xw_start(&x, "ncx");
	xw_attr(&x, "xmlns", "http://www.daisy.org/z3986/2005/ncx/");
	xw_attr(&x, "version", "2005-1");
	xw_attr(&x, "xml:lang", e->o->meta.lang);
	xw_nl(&x);
	xw_start(&x, "head");
	xw_nl(&x);
	ncx_meta(&x, "dtb:uid", e->urn);
	ncx_meta(&x, "dtb:depth", sdepth);
	ncx_meta(&x, "dtb:totalPageCount", "0");
	ncx_meta(&x, "dtb:maxPageNumber", "0");
	xw_end(&x);
	xw_nl(&x);
	xw_start(&x, "docTitle");
	xw_element(&x, "text", NULL, e->o->root->display.heading);
	xw_end(&x);
	xw_nl(&x);
	if (e->o->meta.author) {
		xw_start(&x, "docAuthor");
		xw_element(&x, "text", NULL, e->o->meta.author);
		xw_end(&x);
		xw_nl(&x);
	}
	xw_start(&x, "navMap");
	xw_nl(&x);
	struct ncx_state n = { &x, 0 };
	walk_toc(e, ncx_entry, &n);
	xw_end(&x);
	xw_nl(&x);
	xw_end(&x);
	return xw_finish(e, &x, "OEBPS/toc.ncx");
}

/* --- package document and container --- */

static void
opf_item(struct xw *x, const char *id, const char *href, const char *type,
    const char *props)
{
	xw_start(x, "item");
	xw_attr(x, "id", id);
	xw_attr(x, "href", href);
	xw_attr(x, "media-type", type);
	if (props)
		xw_attr(x, "properties", props);
	xw_end(x);
	xw_nl(x);
}

static void
opf_refine(struct xw *x, const char *ref, const char *property,
    const char *scheme, const char *value)
{
	xw_start(x, "meta");
	xw_attr(x, "refines", ref);
	xw_attr(x, "property", property);
	if (scheme)
		xw_attr(x, "scheme", scheme);
	xw_text(x, value);
	xw_end(x);
	xw_nl(x);
}

/* A metadata element with the id its refinements point to. */
static void
dc_element(struct xw *x, const char *name, const char *id, const char *text)
{
	xw_start(x, name);
	xw_attr(x, "id", id);
	xw_text(x, text);
	xw_end(x);
	xw_nl(x);
}

/* What the book holds, for its summary: headings below the title, and
 * answers. */
static void
book_facts(const struct outline *o, int *headings, int *answers)
{
	*headings = *answers = 0;
	OL_FOREACH(s, o->root) {
		*headings |= s->display.heading != NULL;
		OL_FOREACH(g, s) {
			*headings |= g->display.heading != NULL;
			OL_FOREACH(q, g)
				*answers |= epub_has_answer(q);
		}
	}
}

static void
opf_property(struct xw *x, const char *property, const char *value)
{
	xw_start(x, "meta");
	xw_attr(x, "property", property);
	xw_text(x, value);
	xw_end(x);
	xw_nl(x);
}

/* The schema.org accessibility metadata (EPUB Accessibility 1.1): what
 * the book offers a reader who cannot see it, and a summary in words.
 * Text throughout; the cover is an image (visual) whose text alternative
 * says all it shows, so text alone is enough.  No print page numbers:
 * the book has no print source.  Nothing flashes, moves or sounds. */
static void
opf_a11y(struct epub *e, struct xw *x)
{
	static const char *const a11y[][2] = {
		{ "schema:accessMode", "textual" },
		{ "schema:accessMode", "visual" },
		{ "schema:accessModeSufficient", "textual" },
		{ "schema:accessibilityFeature", "structuralNavigation" },
		{ "schema:accessibilityFeature", "tableOfContents" },
		{ "schema:accessibilityFeature", "readingOrder" },
		{ "schema:accessibilityFeature", "alternativeText" },
		{ "schema:accessibilityFeature", "displayTransformability" },
		{ "schema:accessibilityFeature", "ARIA" },
		{ "schema:accessibilityHazard", "none" },
	};
	for (size_t i = 0; i < sizeof(a11y) / sizeof(*a11y); i++)
		opf_property(x, a11y[i][0], a11y[i][1]);
	/* The summary: a sentence of each of the labels' arrays by what the
	 * book holds, then the rest; English for any language but Russian,
	 * as the book's other words (lang.c). */
	const struct ol_labels *w = e->o->labels;
	int headings, answers;
	book_facts(e->o, &headings, &answers);
	struct buf sum = BUF_INIT;
	buf_puts(&sum, w->a11y_structure[headings]);
	buf_putc(&sum, ' ');
	buf_puts(&sum, w->a11y_answers[!answers ? 0 : e->mode == MODE_INLINE ? 1 : 2]);
	buf_putc(&sum, ' ');
	buf_puts(&sum, w->a11y_rest);
	xw_start(x, "meta");
	xw_attr(x, "property", "schema:accessibilitySummary");
	/* Its own language when the book's has no words here (lang.c). */
	if (strncasecmp(e->o->meta.lang, w->lang, 2) != 0 ||
	    (e->o->meta.lang[2] != '\0' && e->o->meta.lang[2] != '-'))
		xw_attr(x, "xml:lang", w->lang);
	xw_text(x, sum.ptr);
	xw_end(x);
	xw_nl(x);
	buf_free(&sum);
}

static void
opf_metadata(struct epub *e, struct xw *x)
{
	const struct ol_meta *m = &e->o->meta;
	xw_start(x, "metadata");
	xw_attr(x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
	xw_nl(x);
	dc_element(x, "dc:identifier", "bookid", e->urn);
	dc_element(x, "dc:title", "title", e->o->root->display.heading);
	opf_refine(x, "#title", "title-type", NULL, "main");
	if (m->subtitle) {
		dc_element(x, "dc:title", "subtitle", e->o->root->display.subheading);
		opf_refine(x, "#subtitle", "title-type", NULL, "subtitle");
	}
	if (m->author) {
		dc_element(x, "dc:creator", "creator", m->author);
		opf_refine(x, "#creator", "role", "marc:relators", "aut");
	}
	xw_element(x, "dc:language", NULL, m->lang);
	xw_nl(x);
	if (m->date) {
		xw_element(x, "dc:date", NULL, m->date);
		xw_nl(x);
	}
	opf_property(x, "dcterms:modified", e->modified);
	opf_a11y(e, x);
	/* EPUB 2 readers find the cover image here; EPUB 3 ones by the
	 * manifest item's cover-image property. */
	xw_start(x, "meta");
	xw_attr(x, "name", "cover");
	xw_attr(x, "content", "cover-image");
	xw_end(x);
	xw_nl(x);
	xw_end(x);
	xw_nl(x);
}

static void
opf_reference(struct xw *x, const char *type, const char *title,
    const char *href)
{
	xw_start(x, "reference");
	xw_attr(x, "type", type);
	xw_attr(x, "title", title);
	xw_attr(x, "href", href);
	xw_end(x);
	xw_nl(x);
}

int
epub_write_opf(struct epub *e, size_t npages)
{
	char name[EPUB_NAME_MAX], id[EPUB_NAME_MAX];
	struct xw x;
	xw_open(&x);
	xw_start(&x, "package");
	xw_attr(&x, "xmlns", "http://www.idpf.org/2007/opf");
	xw_attr(&x, "version", "3.0");
	xw_attr(&x, "unique-identifier", "bookid");
	xw_attr(&x, "xml:lang", e->o->meta.lang);
	xw_nl(&x);
	opf_metadata(e, &x);

	xw_start(&x, "manifest");
	xw_nl(&x);
	opf_item(&x, "nav", "nav.xhtml", "application/xhtml+xml", "nav");
	opf_item(&x, "ncx", "toc.ncx", "application/x-dtbncx+xml", NULL);
	opf_item(&x, "css", "style.css", "text/css", NULL);
	opf_item(&x, "cover", "cover.xhtml", "application/xhtml+xml", NULL);
	opf_item(&x, "cover-image", "cover.svg", "image/svg+xml", "cover-image");
	opf_item(&x, "title-page", "title.xhtml", "application/xhtml+xml", NULL);
	for (size_t i = 1; i <= npages; i++) {
		epub_page_name(e, i, name);
		epub_page_id(e, i, id);
		opf_item(&x, id, name, "application/xhtml+xml", NULL);
	}
	xw_end(&x);
	xw_nl(&x);

	xw_start(&x, "spine");
	xw_attr(&x, "toc", "ncx");
	xw_nl(&x);
	static const char *const front[] = { "cover", "title-page", "nav" };
	for (size_t i = 0; i < 3; i++) {
		xw_start(&x, "itemref");
		xw_attr(&x, "idref", front[i]);
		xw_end(&x);
		xw_nl(&x);
	}
	for (size_t i = 1; i <= npages; i++) {
		epub_page_id(e, i, id);
		xw_start(&x, "itemref");
		xw_attr(&x, "idref", id);
		xw_end(&x);
		xw_nl(&x);
	}
	xw_end(&x);
	xw_nl(&x);
	/* EPUB 2 readers find the title page, the contents and where the
	 * text starts here; EPUB 3 ones in the nav's landmarks. */
	epub_page_name(e, 1, name);
	xw_start(&x, "guide");
	xw_nl(&x);
	opf_reference(&x, "cover", e->o->root->display.heading, "cover.xhtml");
	opf_reference(&x, "title-page", e->o->root->display.heading, "title.xhtml");
	opf_reference(&x, "toc", e->o->labels->contents, "nav.xhtml");
	opf_reference(&x, "text", e->o->root->first->display.label, name);
	xw_end(&x);
	xw_nl(&x);
	xw_end(&x);
	return xw_finish(e, &x, "OEBPS/package.opf");
}

int
epub_write_container(struct epub *e)
{
	struct xw x;
	xw_open(&x);
	xw_start(&x, "container");
	xw_attr(&x, "version", "1.0");
	xw_attr(&x, "xmlns", "urn:oasis:names:tc:opendocument:xmlns:container");
	xw_nl(&x);
	xw_start(&x, "rootfiles");
	xw_nl(&x);
	xw_start(&x, "rootfile");
	xw_attr(&x, "full-path", "OEBPS/package.opf");
	xw_attr(&x, "media-type", "application/oebps-package+xml");
	xw_end(&x);
	xw_nl(&x);
	xw_end(&x);
	xw_nl(&x);
	xw_end(&x);
	return xw_finish(e, &x, "META-INF/container.xml");
}

