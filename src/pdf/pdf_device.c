/* pdf_device.c: the layout's device over libharu 2.3.0. */
#include "pdf_device.h"
#include "pdf_dev_int.h"
#include "pdf_pdfa.h"
#include "diag.h"
#include "utf8.h"
#include "xalloc.h"

#include <hpdf.h>
#include <nettle/sha2.h>

#include <errno.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libharu reports through this handler and then returns an error code;
 * keeping the first code lets the caller say which call failed. */
static void
on_hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
	struct pdf_dev *p = user;
	if (p->err == 0) {
		p->err = error_no;
		p->err_detail = detail_no;
	}
}

static void *
hpdf_alloc(HPDF_UINT size)
{
	return xmalloc(size);
}

static void
hpdf_free(void *ptr)
{
	free(ptr);
}

int
hpdf_fail(struct pdf_dev *p, HPDF_STATUS status, const char *what)
{
	HPDF_STATUS e = p->err ? p->err : status;
	p->failed = 1;
	diag_sys(p->d, MSG_HARU,
	    what, (unsigned long)e, (unsigned long)p->err_detail);
	p->err = p->err_detail = 0;
	HPDF_ResetError(p->pdf);
	return -1;
}


static int
load_def(struct pdf_dev *p, struct face *fc)
{
	fc->name = fc->index > 0 ?
	    HPDF_LoadTTFontFromFile2(p->pdf, fc->path, (HPDF_UINT)fc->index, HPDF_TRUE) :
	    HPDF_LoadTTFontFromFile(p->pdf, fc->path, HPDF_TRUE);
	if (fc->name == NULL) {
		struct buf b = BUF_INIT;
		buf_printf(&b, "loading the font '%s'", fc->path);
		hpdf_fail(p, 0, b.ptr);
		buf_free(&b);
		return -1;
	}
	fc->def = HPDF_GetFontDef(p->pdf, fc->name);
	if (fc->def == NULL)
		return hpdf_fail(p, 0, "HPDF_GetFontDef");
	return 0;
}


static HPDF_Font
font_of(struct pdf_dev *p, struct face *fc)
{
	if (fc->font == NULL) {
		fc->font = HPDF_GetFont(p->pdf, fc->name, "UTF-8");
		if (fc->font == NULL)
			hpdf_fail(p, 0, "HPDF_GetFont");
	}
	return fc->font;
}

static HPDF_Font
face_font(struct pdf_dev *p, enum dev_face f)
{
	return font_of(p, owner(p, f));
}

/* --- device functions --- */

/* The width of s[0..len), all of it in face itself. */
static double
own_width(struct pdf_dev *p, enum dev_face face, double size, const char *s,
    size_t len)
{
	HPDF_Font font = face_font(p, face);
	if (font == NULL || len == 0)
		return 0;
	HPDF_TextWidth tw = HPDF_Font_TextWidth(font, (const HPDF_BYTE *)s,
	    (HPDF_UINT)len);
	if (p->err) {
		hpdf_fail(p, 0, "HPDF_Font_TextWidth");
		return 0;
	}
	return (double)tw.width * size / 1000.0;
}


struct width_sum {
	enum dev_face f;
	double size, w;
};

static void
width_run(struct pdf_dev *p, void *ctx, const struct fb_glyph *g,
    const char *s, size_t len)
{
	struct width_sum *ws = ctx;
	ws->w += g ? g->w * ws->size / 1000.0 : own_width(p, ws->f, ws->size, s, len);
}

static double
dev_text_width(void *ctx, enum dev_face face, double size, const char *s,
    size_t len)
{
	struct pdf_dev *p = ctx;
	struct width_sum ws = { face, size, 0 };
	pdf_glyph_runs(p, face, s, len, width_run, &ws);
	return ws.w;
}

static void
dev_metrics(void *ctx, enum dev_face face, double *ascent, double *descent)
{
	const struct face *fc = owner(ctx, face);
	double a, d;
	hpdf_fix_metrics(fc->def, &a, &d);
	*ascent = a / 1000.0;
	*descent = -d / 1000.0;
}

/* The face's own glyph, else a fallback one. */
static int
dev_has_glyph(void *ctx, enum dev_face face, uint32_t cp)
{
	struct pdf_dev *p = ctx;
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return pdf_glyph_own(p, face, cp) ||
	    pdf_glyph_fallback(p, face, cp)->font >= 0;
}

static double
clamp01(double v)
{
	return v < 0 ? 0 : v > 1 ? 1 : v;
}

/* Closes the open /Span, if any. */
static void
end_span(struct pdf_dev *p)
{
	if (p->span_open) {
		p->span_open = 0;
		hpdf_fix_span(p->pages[p->npages - 1], NULL);
	}
}

static int
end_text(struct pdf_dev *p)
{
	if (!p->in_text)
		return 0;
	p->in_text = 0;
	end_span(p);
	HPDF_Page_EndText(p->pages[p->npages - 1]);
	return p->err ? hpdf_fail(p, 0, "ending a text object") : 0;
}

/* Ends the current page, if any: nothing more is drawn on it, so its
 * contents can be compressed now rather than held until the save. */
static int
end_page(struct pdf_dev *p)
{
	if (p->npages == 0)
		return 0;
	if (end_text(p) != 0)
		return -1;
	if (hpdf_fix_page_done(p->pdf, p->pages[p->npages - 1], p->z) != HPDF_OK)
		return hpdf_fail(p, 0, "compressing a page");
	return 0;
}

/* Sets pen to c with set (HPDF_Page_SetRGBFill or _SetRGBStroke) unless
 * it is c already. */
static void
set_pen(HPDF_Page page, struct pen *pen, struct dev_rgb c,
    HPDF_STATUS (*set)(HPDF_Page, HPDF_REAL, HPDF_REAL, HPDF_REAL))
{
	if (pen->set && pen->c.r == c.r && pen->c.g == c.g && pen->c.b == c.b)
		return;
	set(page, (HPDF_REAL)clamp01(c.r), (HPDF_REAL)clamp01(c.g),
	    (HPDF_REAL)clamp01(c.b));
	pen->c = c;
	pen->set = 1;
}

static int
dev_begin_page(void *ctx, double width, double height)
{
	struct pdf_dev *p = ctx;
	if (end_page(p) != 0)
		return -1;
	HPDF_Page page = HPDF_AddPage(p->pdf);
	if (page == NULL)
		return hpdf_fail(p, 0, "HPDF_AddPage");
	HPDF_Page_SetWidth(page, (HPDF_REAL)width);
	HPDF_Page_SetHeight(page, (HPDF_REAL)height);
	if (p->err)
		return hpdf_fail(p, 0, "setting the page size");
	if (p->npages == p->cap_pages) {
		p->cap_pages = p->cap_pages ? 2 * p->cap_pages : 16;
		/* HPDF_Page is a pointer: an array of them is meant. */
		/* NOLINTNEXTLINE(bugprone-sizeof-expression) */
		p->pages = xrealloc(p->pages, p->cap_pages * sizeof(*p->pages));
	}
	p->pages[p->npages++] = page;
	p->cur_font = NULL;
	p->fill.set = p->stroke.set = p->width_set = 0;
	p->lang[0] = '\0';
	return 0;
}

static HPDF_Page
cur_page(struct pdf_dev *p)
{
	if (p->npages == 0) {
		diag_sys(p->d, MSG_PDF_NO_PAGE);
		p->failed = 1;
		return NULL;
	}
	return p->pages[p->npages - 1];
}

static void
mark_used(struct face *fc, const char *s, size_t len)
{
	const char *e = s + len;
	while (s < e) {
		unsigned char b = (unsigned char)*s;
		/* A run cut inside a character would be a layout bug; do not
		 * read past it. */
		if ((b >= 0xF0 && e - s < 4) || (b >= 0xE0 && e - s < 3) ||
		    (b >= 0x80 && e - s < 2))
			break;
		uint32_t cp = utf8_next(&s);
		if (cp <= 0xFFFF)
			fc->used[cp >> 3] |= (uint8_t)(1u << (cp & 7));
	}
}

/* A text object begun, the span of the language set opened, font at
 * size and fill colour c set, each unless it is so already. */
static void
text_state(struct pdf_dev *p, HPDF_Page page, HPDF_Font font, double size,
    struct dev_rgb c)
{
	if (!p->in_text) {
		HPDF_Page_BeginText(page);
		p->in_text = 1;
	}
	if (p->lang[0] && !p->span_open) {
		hpdf_fix_span(page, p->lang);
		p->span_open = 1;
	}
	if (font != p->cur_font || size != p->cur_size) {
		HPDF_Page_SetFontAndSize(page, font, (HPDF_REAL)size);
		p->cur_font = font;
		p->cur_size = size;
	}
	set_pen(page, &p->fill, c, HPDF_Page_SetRGBFill);
}

/* A text being drawn run by run (pdf_glyph_runs). */
struct pen_at {
	HPDF_Page page;
	enum dev_face f;
	double size, x, y;
	struct dev_rgb c;
	const char *end;     /* of the text: no run after it to move x for */
};

static void
draw_run(struct pdf_dev *p, void *ctx, const struct fb_glyph *g,
    const char *s, size_t len)
{
	struct pen_at *d = ctx;
	if (g == NULL) {
		mark_used(owner(p, d->f), s, len);
		text_state(p, d->page, face_font(p, d->f), d->size, d->c);
		hpdf_fix_text(d->page, (HPDF_REAL)d->x, (HPDF_REAL)d->y, s, len,
		    &p->text);
		if (s + len < d->end)
			d->x += own_width(p, d->f, d->size, s, len);
		return;
	}
	struct face *fc = face_at(p, g->font);
	HPDF_Font font = font_of(p, fc);
	if (font == NULL)
		return;
	fc->used[g->cid >> 3] |= (uint8_t)(1u << (g->cid & 7));
	text_state(p, d->page, font, d->size, d->c);
	hpdf_fix_cids(d->page, (HPDF_REAL)d->x, (HPDF_REAL)d->y, &g->cid, 1,
	    &p->text);
	d->x += g->w * d->size / 1000.0;
}

static int
dev_text(void *ctx, enum dev_face face, double size, double x, double y,
    const char *s, size_t len, struct dev_rgb c)
{
	struct pdf_dev *p = ctx;
	HPDF_Page page = cur_page(p);
	HPDF_Font font = face_font(p, face);
	if (page == NULL || font == NULL)
		return -1;
	if (len == 0)
		return 0;
	struct pen_at d = { page, face, size, x, y, c, s + len };
	pdf_glyph_runs(p, face, s, len, draw_run, &d);
	return p->err ? hpdf_fail(p, 0, "drawing text") : 0;
}

static int
dev_lang(void *ctx, const char *lang)
{
	struct pdf_dev *p = ctx;
	if (lang == NULL)
		lang = "";
	/* Longer than any tag the layout gives: a bug. */
	size_t n = strlen(lang);
	if (n >= sizeof(p->lang))
		return hpdf_fail(p, HPDF_INVALID_PARAMETER,
		    "marking the language of text");
	if (strcmp(lang, p->lang) == 0)
		return 0;
	if (cur_page(p) == NULL)
		return -1;
	end_span(p);
	memcpy(p->lang, lang, n + 1);
	return p->err ? hpdf_fail(p, 0, "marking the language of text") : 0;
}

static int
dev_rect(void *ctx, double x, double y, double w, double h, struct dev_rgb c)
{
	struct pdf_dev *p = ctx;
	HPDF_Page page = cur_page(p);
	if (page == NULL || end_text(p) != 0)
		return -1;
	set_pen(page, &p->fill, c, HPDF_Page_SetRGBFill);
	HPDF_Page_Rectangle(page, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)w,
	    (HPDF_REAL)h);
	HPDF_Page_Fill(page);
	return p->err ? hpdf_fail(p, 0, "drawing a rectangle") : 0;
}

/* The current page, out of text, with the stroke width and colour set
 * (each only when it changes); NULL when the device has failed. */
static HPDF_Page
stroke_pen(struct pdf_dev *p, double width, struct dev_rgb c)
{
	HPDF_Page page = cur_page(p);
	if (page == NULL || end_text(p) != 0)
		return NULL;
	if (!p->width_set || p->line_width != width) {
		HPDF_Page_SetLineWidth(page, (HPDF_REAL)width);
		p->line_width = width;
		p->width_set = 1;
	}
	set_pen(page, &p->stroke, c, HPDF_Page_SetRGBStroke);
	return page;
}

static int
dev_line(void *ctx, double x0, double y0, double x1, double y1, double width,
    struct dev_rgb c)
{
	struct pdf_dev *p = ctx;
	HPDF_Page page = stroke_pen(p, width, c);
	if (page == NULL)
		return -1;
	HPDF_Page_MoveTo(page, (HPDF_REAL)x0, (HPDF_REAL)y0);
	HPDF_Page_LineTo(page, (HPDF_REAL)x1, (HPDF_REAL)y1);
	HPDF_Page_Stroke(page);
	return p->err ? hpdf_fail(p, 0, "drawing a line") : 0;
}

static int
dev_box(void *ctx, double x, double y, double w, double h, double width,
    struct dev_rgb c)
{
	struct pdf_dev *p = ctx;
	/* The path down the middle of the stroke, which stays inside. */
	double k = width / 2;
	HPDF_Page page = stroke_pen(p, width, c);
	if (page != NULL) {
		HPDF_Page_Rectangle(page, (HPDF_REAL)(x + k), (HPDF_REAL)(y + k),
		    (HPDF_REAL)(w - width), (HPDF_REAL)(h - width));
		HPDF_Page_Stroke(page);
	}
	return page == NULL ? -1 : p->err ? hpdf_fail(p, 0, "drawing a box") : 0;
}

/* A copy of s cut to at most max characters, "…" marking a cut: a title
 * may be a whole corpus line (64 KB), more than libharu takes in a PDF
 * string once it is UTF-16, and more than any reader shows. */
static char *
clip(const char *s, size_t max)
{
	const char *e = s;
	size_t n = 0;
	while (*e && n < max) {
		utf8_next(&e);
		n++;
	}
	if (*e == '\0')
		return xstrdup(s);
	struct buf b = BUF_INIT;
	buf_put(&b, s, (size_t)(e - s));
	buf_puts(&b, "\xE2\x80\xA6"); /* … */
	return buf_detach(&b);
}

enum { MAX_TITLE = 1000 }; /* characters in a bookmark or an info entry */

static int
dev_bookmark(void *ctx, int level, const char *title, int page, double y)
{
	struct pdf_dev *p = ctx;
	if (p->nmarks == p->cap_marks) {
		p->cap_marks = p->cap_marks ? 2 * p->cap_marks : 32;
		p->marks = xrealloc(p->marks, p->cap_marks * sizeof(*p->marks));
	}
	/* utf16_text clips it when the bookmarks are made. */
	p->marks[p->nmarks++] = (struct mark){ level, page, xstrdup(title), y };
	return 0;
}

static int
dev_link(void *ctx, double x, double y, double w, double h, int page,
    double dest_y)
{
	struct pdf_dev *p = ctx;
	if (cur_page(p) == NULL)
		return -1;
	if (p->nlinks == p->cap_links) {
		p->cap_links = p->cap_links ? 2 * p->cap_links : 64;
		p->links = xrealloc(p->links, p->cap_links * sizeof(*p->links));
	}
	p->links[p->nlinks++] = (struct link){ (int)p->npages, page, x, y, w, h,
	    dest_y, NULL, 0 };
	return 0;
}

static int
dev_uri(void *ctx, double x, double y, double w, double h, const char *uri,
    size_t len)
{
	struct pdf_dev *p = ctx;
	if (dev_link(ctx, x, y, w, h, 0, 0) != 0)
		return -1;
	struct link *l = &p->links[p->nlinks - 1];
	l->uri = xstrndup(uri, len);
	l->urilen = len;
	return 0;
}

void
pdf_dev_device(struct pdf_dev *p, struct device *dev)
{
	*dev = (struct device){
		.ctx = p,
		.text_width = dev_text_width,
		.metrics = dev_metrics,
		.has_glyph = dev_has_glyph,
		.begin_page = dev_begin_page,
		.text = dev_text,
		.rect = dev_rect,
		.line = dev_line,
		.box = dev_box,
		.bookmark = dev_bookmark,
		.link = dev_link,
		.uri = dev_uri,
		.lang = dev_lang,
	};
}

/* --- finishing --- */

/* A link's or a bookmark's destination: the page, and y kept on it
 * (FitH: the reader keeps its zoom); NULL after reporting a bad page. */
static HPDF_Page
destination(struct pdf_dev *p, int page, double y, HPDF_REAL *top)
{
	if (page < 1 || (size_t)page > p->npages) {
		diag_sys(p->d, MSG_PDF_BAD_PAGE, page, p->npages);
		p->failed = 1;
		return NULL;
	}
	HPDF_Page pg = p->pages[page - 1];
	double h = HPDF_Page_GetHeight(pg);
	*top = (HPDF_REAL)(y > h ? h : y < 0 ? 0 : y);
	return pg;
}

static int
add_links(struct pdf_dev *p)
{
	for (size_t i = 0; i < p->nlinks; i++) {
		const struct link *l = &p->links[i];
		HPDF_Rect r = { (HPDF_REAL)l->x, (HPDF_REAL)l->y,
			(HPDF_REAL)(l->x + l->w), (HPDF_REAL)(l->y + l->h) };
		HPDF_Page pg = p->pages[l->page - 1];
		if (l->uri) {
			if (hpdf_fix_uri_link(p->pdf, pg, r, l->uri, l->urilen) != HPDF_OK)
				return hpdf_fail(p, 0, "making a link");
			continue;
		}
		HPDF_REAL top;
		HPDF_Page to = destination(p, l->target, l->dest_y, &top);
		if (to == NULL)
			return -1;
		if (hpdf_fix_link(p->pdf, pg, r, to, top) != HPDF_OK)
			return hpdf_fail(p, 0, "making a link");
	}
	return 0;
}

static void utf16_text(struct buf *b, const char *text);

static int
add_bookmarks(struct pdf_dev *p)
{
	struct buf title = BUF_INIT;
	for (size_t i = 0; i < p->nmarks; i++) {
		const struct mark *m = &p->marks[i];
		HPDF_REAL top;
		HPDF_Page to = destination(p, m->page, m->y, &top);
		if (to == NULL) {
			buf_free(&title);
			return -1;
		}
		/* libharu's UTF-8 encoder turns a character beyond the BMP
		 * into spaces; utf16_text writes it as a surrogate pair. */
		utf16_text(&title, m->title);
		if (hpdf_fix_bookmark(p->pdf, m->level, title.ptr, title.len,
		    to, top) != HPDF_OK) {
			buf_free(&title);
			return hpdf_fail(p, 0, "making a bookmark");
		}
	}
	buf_free(&title);
	if (p->nmarks > 0)
		HPDF_SetPageMode(p->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
	return p->err ? hpdf_fail(p, 0, "making the bookmarks") : 0;
}

/* text (clipped) into b as a PDF text string in UTF-16BE with its byte
 * order mark: what every reader takes for Unicode. */
static void
utf16_text(struct buf *b, const char *text)
{
	buf_clear(b);
	BUF_PUTSL(b, "\xFE\xFF");
	char *clipped = clip(text, MAX_TITLE);
	const char *s = clipped, *e = s + strlen(s);
	while (s < e) {
		uint32_t cp = utf8_next(&s);
		if (cp >= 0x10000) {
			cp -= 0x10000;
			uint32_t hi = 0xD800 + (cp >> 10), lo = 0xDC00 + (cp & 0x3FF);
			buf_putc(b, (int)(hi >> 8));
			buf_putc(b, (int)(hi & 0xFF));
			cp = lo;
		}
		buf_putc(b, (int)(cp >> 8));
		buf_putc(b, (int)(cp & 0xFF));
	}
	free(clipped);
}

/* PDF/A: the XMP copy of the info (texts[] as set there) and the
 * output intent. */
static int
set_pdfa(struct pdf_dev *p, const struct pdf_info *info, struct buf texts[3])
{
	struct pdf_xmp x = { texts[0].ptr, texts[1].ptr, texts[2].ptr,
		info->lang, HPDF_GetInfoAttr(p->pdf, HPDF_INFO_CREATOR),
		HPDF_GetInfoAttr(p->pdf, HPDF_INFO_PRODUCER), info->date,
		info->pdfa };
	struct buf xmp = BUF_INIT;
	pdf_xmp(&xmp, &x);
	size_t icclen;
	const unsigned char *icc = pdf_srgb_icc(&icclen);
	HPDF_STATUS st = hpdf_fix_pdfa(p->pdf, xmp.ptr, xmp.len, icc, icclen);
	buf_free(&xmp);
	return st != HPDF_OK ? hpdf_fail(p, st, "writing the PDF/A metadata") : 0;
}

static int
set_info(struct pdf_dev *p, const struct pdf_info *info)
{
	struct tm tm;
	gmtime_r(&info->date, &tm);
	if (HPDF_SetInfoAttr(p->pdf, HPDF_INFO_CREATOR, "qbind") != HPDF_OK ||
	    hpdf_fix_info_dates(p->pdf, &tm) != HPDF_OK)
		return hpdf_fail(p, 0, "setting the document info");
	const char *keys[] = { "Title", "Author", "Subject" };
	const char *vals[] = { info->title, info->author, info->subject };
	struct buf texts[3] = { BUF_INIT, BUF_INIT, BUF_INIT }, b = BUF_INIT;
	int rc = 0;
	for (int i = 0; i < 3 && rc == 0; i++) {
		if (!vals[i] || !*vals[i])
			continue;
		/* what XMP can hold too: the two must be equal */
		char *clipped = clip(vals[i], MAX_TITLE);
		pdf_pdfa_text(&texts[i], clipped);
		free(clipped);
		if (texts[i].len == 0)
			continue;
		utf16_text(&b, texts[i].ptr);
		if (hpdf_fix_info_utf16(p->pdf, keys[i], b.ptr, b.len) != HPDF_OK)
			rc = hpdf_fail(p, 0, "setting the document info");
	}
	if (rc == 0 && info->pdfa)
		rc = set_pdfa(p, info, texts);
	for (int i = 0; i < 3; i++)
		buf_free(&texts[i]);
	buf_free(&b);
	if (rc != 0)
		return -1;
	if (info->lang && *info->lang &&
	    hpdf_fix_lang(p->pdf, info->lang) != HPDF_OK)
		return hpdf_fail(p, 0, "setting the document language");
	/* It holds the place of the digest save() puts there. */
	if (hpdf_fix_id(p->pdf, info->id) != HPDF_OK)
		return hpdf_fail(p, 0, "setting the file identifier");
	return 0;
}

/* The saved document on its way to the file: hashed whole, and written
 * but for its end, which holds the trailer and its /ID. */
struct sink {
	struct sha256_ctx sha;
	FILE *fp;
	int write_errno;     /* fwrite failed: errno then */
	size_t n;            /* bytes in held */
	uint8_t held[1 << 16];
};

/* Bytes at the end of the file where the /ID is looked for. */
enum { TAIL = 512 };

static int
sink_write(void *ctx, const unsigned char *b, size_t n)
{
	struct sink *s = ctx;
	sha256_update(&s->sha, n, b);
	while (n > 0) {
		if (s->n == sizeof(s->held)) {
			size_t out = s->n - TAIL;
			if (fwrite(s->held, 1, out, s->fp) != out) {
				s->write_errno = errno;
				return -1;
			}
			memmove(s->held, s->held + out, TAIL);
			s->n = TAIL;
		}
		size_t k = sizeof(s->held) - s->n;
		if (k > n)
			k = n;
		memcpy(s->held + s->n, b, k);
		s->n += k;
		b += k;
		n -= k;
	}
	return 0;
}

/* Saves the document and writes it to fp.  The /ID that set_info put in
 * the trailer (from the corpus and the settings) is replaced by a digest
 * of the whole file as saved with it: the same bytes give the same /ID,
 * and a handout whose pages changed gets another one.  The file goes out
 * as libharu makes it, but for its end, where the /ID is set last. */
static int
save(struct pdf_dev *p, FILE *fp)
{
	struct sink *s = xmalloc(sizeof(*s));
	s->fp = fp;
	s->write_errno = 0;
	s->n = 0;
	sha256_init(&s->sha);
	int rc = 0;
	if (hpdf_fix_save(p->pdf, sink_write, s) != HPDF_OK) {
		if (s->write_errno) {
			/* errno tells; the pipeline names the file */
			p->err = 0;
			HPDF_ResetError(p->pdf);
			errno = s->write_errno;
			rc = -1;
		} else {
			rc = hpdf_fail(p, 0, "saving the document");
		}
		free(s);
		return rc;
	}
	static const char key[] = "/ID [ <";
	size_t tail = s->n < TAIL ? s->n : TAIL;
	const uint8_t *t = s->held + s->n - tail;
	size_t k = tail;
	while (k-- > 0)
		if (k + sizeof(key) - 1 + 35 + 32 <= tail &&
		    memcmp(t + k, key, sizeof(key) - 1) == 0)
			break;
	if (k == (size_t)-1) {
		diag_sys(p->d, MSG_HARU_NO_ID);
		p->failed = 1;
		free(s);
		return -1;
	}
	uint8_t digest[SHA256_DIGEST_SIZE];
	sha256_digest(&s->sha, sizeof(digest), digest);
	/* Both halves of the /ID: <32 hex> <32 hex>. */
	char hex[33];
	for (size_t i = 0; i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02X", digest[i]);
	uint8_t *id = (uint8_t *)t + k + sizeof(key) - 1;
	memcpy(id, hex, 32);
	memcpy(id + 35, hex, 32);
	if (fwrite(s->held, 1, s->n, fp) != s->n)
		rc = -1; /* errno tells; the pipeline names the file */
	free(s);
	return rc;
}
int
pdf_dev_finish(struct pdf_dev *p, const struct pdf_info *info, FILE *fp)
{
	/* A device call that failed may have been ignored by the layout
	 * (text_width has no way to say so). */
	if (p->failed)
		return -1;
	if ((p->npages == 0 && dev_begin_page(p, 595.276, 841.89) != 0) ||
	    end_page(p) != 0)
		return -1;
	if (add_links(p) != 0 || add_bookmarks(p) != 0)
		return -1;
	for (long f = 0; f < (long)(NFACES + p->nfb); f++) {
		struct face *fc = face_at(p, f);
		if (fc->same_as >= 0 || fc->font == NULL)
			continue;
		struct hpdf_fix_slots slots = { fc->slot_cp, fc->slot_gid, fc->nslots };
		if (hpdf_fix_font(p->pdf, fc->font, fc->path, fc->used, &slots,
		    info->pdfa != 0, p->d) != 0) {
			p->failed = 1;
			p->err = 0;
			HPDF_ResetError(p->pdf);
			return -1;
		}
		p->err = 0;
	}
	if (set_info(p, info) != 0)
		return -1;
	return save(p, fp);
}

enum { PAGES_PER_NODE = 1024 };

struct pdf_dev *
pdf_dev_new(const struct pdf_fonts *fonts, struct diag *d)
{
	struct pdf_dev *p = xcalloc(1, sizeof(*p));
	p->d = d;
	p->text = (struct buf)BUF_INIT;
	p->finder = pdf_fallback_new(fonts->body, fonts->mono);
	struct pdf_face_file files[NFACES];
	int found = pdf_fonts_find(fonts->body, fonts->mono, files, d);
	for (int f = 0; f < NFACES; f++) {
		p->face[f].path = files[f].path;
		p->face[f].index = files[f].index;
		p->face[f].same_as = -1;
		/* A face not found has no path and shares nothing (today
		 * pdf_fonts_find stops at the first one; this does not count
		 * on it). */
		for (int g = 0; files[f].path && g < f; g++)
			if (files[g].path &&
			    strcmp(files[g].path, files[f].path) == 0 &&
			    files[g].index == files[f].index) {
				p->face[f].same_as = g;
				break;
			}
	}
	if (found != 0) {
		pdf_dev_free(p);
		return NULL;
	}
	p->pdf = HPDF_NewEx(on_hpdf_error, hpdf_alloc, hpdf_free, 0, p);
	if (p->pdf == NULL) {
		diag_sys(d, MSG_HARU_NEW);
		pdf_dev_free(p);
		return NULL;
	}
	p->z = hpdf_fix_deflate_new();
	/* Compression first: fonts created before it go in uncompressed.
	 * A page tree of two levels, at most PAGES_PER_NODE pages under
	 * each node: libharu puts every page in one /Kids array otherwise,
	 * which beyond 8191 pages passes PDF 1.4's limit on an array (PDF/A-1
	 * keeps to it), and viewers walk a flat tree slowly. */
	if (HPDF_SetCompressionMode(p->pdf, HPDF_COMP_ALL) != HPDF_OK ||
	    HPDF_SetPagesConfiguration(p->pdf, PAGES_PER_NODE) != HPDF_OK ||
	    HPDF_UseUTFEncodings(p->pdf) != HPDF_OK) {
		hpdf_fail(p, 0, "setting up the document");
		pdf_dev_free(p);
		return NULL;
	}
	/* Load every face now so that a broken font file fails before any
	 * layout work (the device functions rely on it); the fonts themselves
	 * are made on first use. */
	for (int f = 0; f < NFACES; f++)
		if (p->face[f].same_as < 0 && load_def(p, &p->face[f]) != 0) {
			pdf_dev_free(p);
			return NULL;
		}
	return p;
}

size_t
pdf_dev_npages(const struct pdf_dev *p)
{
	return p->npages;
}

void
pdf_dev_free(struct pdf_dev *p)
{
	if (p == NULL)
		return;
	if (p->pdf)
		HPDF_Free(p->pdf);
	for (long f = 0; f < (long)(NFACES + p->nfb); f++) {
		struct face *fc = face_at(p, f);
		free(fc->path);
		free(fc->slot_cp);
		free(fc->slot_gid);
		hpdf_fix_cmap32_free(&fc->cmap32);
		if (f >= NFACES)
			free(fc);
	}
	free(p->fb);
	free(p->glyphs);
	pdf_fallback_free(p->finder);
	for (size_t i = 0; i < p->nmarks; i++)
		free(p->marks[i].title);
	free(p->marks);
	for (size_t i = 0; i < p->nlinks; i++)
		free(p->links[i].uri);
	free(p->links);
	free(p->pages);
	hpdf_fix_deflate_free(p->z);
	buf_free(&p->text);
	free(p);
}
