/* epub_int.h: what the EPUB backend's files share (out_epub.c,
 * epub_xml.c, epub_pages.c, epub_package.c); private to them, never
 * included elsewhere. */
#ifndef QBIND_EPUB_INT_H
#define QBIND_EPUB_INT_H

#include "script.h"
#include "xw.h"

#include <stddef.h>
#include <time.h>

struct buf;
struct diag;
struct ol_node;
struct outline;
struct zipout;

enum epub_mode { MODE_INLINE, MODE_SELFTEST };

/* zlib level for everything but mimetype.  On the 1000x bench corpus
 * (37 MB of pages) 6 takes about a fifth less time than 9 for a book 1%
 * larger; deflate is half of this backend's time either way. */
enum { DEFLATE_LEVEL = 6 };

struct epub {
	const struct outline *o;
	struct diag *d;
	struct zipout *zip;
	enum epub_mode mode;
	char urn[64];              /* urn:uuid:… */
	char modified[32];         /* dcterms:modified, UTC */
	time_t built;              /* also every zip entry's time */
	int width;                 /* digits of the numbers in page names */
	struct script script;      /* the document's: what text marks (epub_text) */
};

/* out_epub.c */

/* Room for a page's name or id: a width of up to 20 digits (SIZE_MAX). */
#define EPUB_NAME_MAX 40

/* v in decimal, zero-padded to at least width digits (up to 20), into
 * out; its length. */
size_t epub_number(char *out, size_t v, int width);
/* The id of the i-th section page (1-based), "section-NN"; its length. */
size_t epub_page_id(const struct epub *e, size_t i, char out[EPUB_NAME_MAX]);
/* Its file name, "section-NN.xhtml". */
void epub_page_name(const struct epub *e, size_t i, char out[EPUB_NAME_MAX]);

/* epub_xml.c */

/* Ends the document and adds it to the archive as name.  0, or -1:
 * reported. */
int xw_finish(struct epub *e, struct xw *x, const char *name);

/* An XHTML page's head (with style.css) up to an open <body>, and its
 * end. */
void epub_xhtml_begin(struct epub *e, struct xw *x, const char *title);
void epub_xhtml_end(struct xw *x);

/* s as text, its runs in the other script than the document's in a
 * <span lang xml:lang> (html_text_lang); and an element <name
 * class="cls"> of such text.  Not for attribute values: they cannot hold
 * a span. */
void epub_text(struct epub *e, struct xw *x, const char *s);
void epub_element(struct epub *e, struct xw *x, const char *name,
    const char *cls, const char *s);

/* epub_pages.c: the reading order's pages.  0, or -1: reported. */

/* 1 when question q has an answer with something in it. */
int epub_has_answer(const struct ol_node *q);
/* Section s's page title, "3. Title" (the display label when untitled),
 * into b. */
void epub_page_title(const struct ol_node *s, struct buf *b);
/* "3. label" into b (cleared first), or the label alone without a
 * number: what the contents and the page titles show. */
void epub_numbered(struct buf *b, const char *number, const char *label);

int epub_write_title_page(struct epub *e);
/* Section s as page i (1-based). */
int epub_write_section_page(struct epub *e, const struct ol_node *s, size_t i);

/* epub_cover.c: the cover image (cover.svg) and its page (cover.xhtml).
 * 0, or -1: reported. */
int epub_write_cover_image(struct epub *e);
int epub_write_cover_page(struct epub *e);

/* epub_package.c: the files that describe the book.  0, or -1: reported. */

int epub_write_container(struct epub *e);
int epub_write_opf(struct epub *e, size_t npages);
int epub_write_nav(struct epub *e);
int epub_write_ncx(struct epub *e);

#endif
