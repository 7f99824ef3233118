/* pdf_dev_int.h: the PDF device's state, shared by pdf_device.c (drawing)
 * and pdf_glyphs.c (which font draws each character). */
#ifndef QBIND_PDF_DEV_INT_H
#define QBIND_PDF_DEV_INT_H

#include "device.h"
#include "hpdf_fix.h"
#include "pdf_fonts.h"
#include "buf.h"

#include <hpdf.h>

#include <stddef.h>
#include <stdint.h>

/* A face: its file is loaded when the device starts (a bad font fails
 * before any layout work), its libharu font made on first use, since
 * libharu writes every font it made, drawn on or not.  A fallback face
 * (a font that has a character the six faces lack) is loaded when a
 * character first needs it. */
struct face {
	char *path;          /* the TrueType file fontconfig found */
	int index;           /* face index in a collection */
	const char *name;    /* libharu's font name */
	HPDF_FontDef def;    /* loaded by pdf_dev_new for every owner face */
	HPDF_Font font;      /* NULL until measured or drawn */
	int same_as;         /* another face with the same file, or -1 */
	int broken;          /* a fallback libharu could not load: not used */
	uint8_t used[65536 / 8]; /* CIDs drawn, for ToUnicode and W */
	/* Characters beyond the BMP, which have CIDs of their own
	 * (hpdf_fix_slots): slot_cp[i] is CID HPDF_FIX_SLOT0 + i. */
	uint32_t *slot_cp;
	uint16_t *slot_gid;
	size_t nslots;
	struct hpdf_fix_cmap32 cmap32; /* read when first needed */
	int cmap32_read;
};

/* Where a character a face lacks is drawn from: face number font (see
 * face_at; -1: no installed font has it), CID cid, advance w (1/1000 of
 * the size).  Looked up once per face and character. */
struct fb_glyph {
	uint32_t key;        /* (face + 1) << 21 | cp; 0: an empty slot */
	int32_t font;
	uint16_t cid;
	double w;
};

struct link {
	int page, target;    /* 1-based; target 0 for a URI */
	double x, y, w, h, dest_y;
	char *uri;           /* a link to follow out of the document, or NULL */
	size_t urilen;
};

struct mark {
	int level, page;
	char *title;
	double y;
};

/* A colour set on the current page (fill or stroke). */
struct pen {
	int set;
	struct dev_rgb c;
};

struct pdf_dev {
	HPDF_Doc pdf;
	struct diag *d;
	HPDF_STATUS err, err_detail; /* the first libharu error not yet reported */
	int failed;          /* an error was reported: no document is saved */
	struct face face[NFACES];
	/* Fallback faces, numbered from NFACES on (face_at). */
	struct face **fb;
	size_t nfb, cap_fb;
	struct pdf_fallback *finder;
	struct fb_glyph *glyphs; /* open addressing, a power of two */
	size_t nglyphs, cap_glyphs;
	size_t fb_chars[NFACES]; /* characters of each face drawn from another */
	HPDF_Page *pages;
	struct hpdf_fix_deflate *z; /* compresses each page when it is done */
	size_t npages, cap_pages;
	struct link *links;
	size_t nlinks, cap_links;
	struct mark *marks;
	size_t nmarks, cap_marks;
	struct buf text;     /* scratch for hpdf_fix_text */
	/* The current page's graphics state, so that runs of text share one
	 * text object and repeat no font or colour: smaller page contents,
	 * which libharu holds uncompressed until it saves. */
	int in_text;
	/* The language of the text drawn from now on ("": the document's),
	 * and whether a /Span of it is open in the current text object:
	 * spans open with the text and close before it ends, so that they
	 * nest with BT and ET. */
	char lang[16];
	int span_open;
	HPDF_Font cur_font;
	double cur_size;
	struct pen fill, stroke;
	int width_set;
	double line_width;
};

/* The face that owns the libharu font of f (faces sharing a file share
 * one font: libharu refuses to load a font twice). */
static inline struct face *
owner(struct pdf_dev *p, enum dev_face f)
{
	int g = p->face[f].same_as;
	return &p->face[g >= 0 ? g : (int)f];
}

/* Face number g: one of the six, else a fallback face. */
static inline struct face *
face_at(struct pdf_dev *p, long g)
{
	return g < NFACES ? &p->face[g] : p->fb[g - NFACES];
}

/* Reports the pending libharu error (or status) for what, and clears it
 * so that the document can still be saved or freed.  Always -1. */
int hpdf_fail(struct pdf_dev *p, HPDF_STATUS status, const char *what);

/* pdf_glyphs.c */

/* Whether face f has cp itself (a BMP character in its cmap). */
int pdf_glyph_own(struct pdf_dev *p, enum dev_face f, uint32_t cp);
/* Where face f draws cp from when it lacks it (font -1: nowhere):
 * looked up in fontconfig's fallback order the first time, then
 * remembered. */
const struct fb_glyph *pdf_glyph_fallback(struct pdf_dev *p, enum dev_face f,
    uint32_t cp);
/* Calls run(p, ctx, g, s, len) for each run of s[0..len) that face f
 * draws from one font: g NULL for its own glyphs (s, len the run's
 * text), else the fallback of each character of the run in turn. */
typedef void run_fn(struct pdf_dev *p, void *ctx, const struct fb_glyph *g,
    const char *s, size_t len);
void pdf_glyph_runs(struct pdf_dev *p, enum dev_face f, const char *s,
    size_t len, run_fn *run, void *ctx);

#endif
