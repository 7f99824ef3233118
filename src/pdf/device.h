/* device.h: what the page layout (layout.c) needs from an output device.
 *
 * The layout decides every line and page break and calls the device only
 * to measure text and to put finished runs on pages.  out_pdf.c gives it
 * a libharu device; the layout tests give it a recording device that
 * writes the calls as text (tests/golden/layout-*.out), so pagination is
 * tested without a PDF.
 *
 * Coordinates are PDF points from the bottom-left of the page.  Text
 * handed to a device is UTF-8 the layout has already cleaned: only
 * characters the face has (has_glyph), no control characters.  Functions
 * returning int give 0 or -1 (the device failed: out of memory or an
 * error of the library; it has reported why through its own diag).
 */
#ifndef QBIND_DEVICE_H
#define QBIND_DEVICE_H

#include <stddef.h>
#include <stdint.h>

enum dev_face {
	FACE_REGULAR, FACE_BOLD, FACE_ITALIC, FACE_BOLD_ITALIC,
	FACE_MONO, FACE_MONO_BOLD,
	NFACES
};

/* What a face is: the line breaker keeps code whole, fontconfig is
 * asked for the weight and slant. */
static inline int
dev_face_mono(enum dev_face f)
{
	return f == FACE_MONO || f == FACE_MONO_BOLD;
}

static inline int
dev_face_bold(enum dev_face f)
{
	return f == FACE_BOLD || f == FACE_BOLD_ITALIC || f == FACE_MONO_BOLD;
}

static inline int
dev_face_italic(enum dev_face f)
{
	return f == FACE_ITALIC || f == FACE_BOLD_ITALIC;
}

struct dev_rgb {
	double r, g, b; /* 0..1 */
};

struct device {
	void *ctx;
	/* Advance width in points of len bytes of text in face at size. */
	double (*text_width)(void *ctx, enum dev_face face, double size,
	    const char *s, size_t len);
	/* Ascent and descent (both positive) of the face, per point of size. */
	void (*metrics)(void *ctx, enum dev_face face, double *ascent,
	    double *descent);
	/* Whether the face can draw code point cp (the PDF device: itself
	 * or from the font it falls back to for cp). */
	int (*has_glyph)(void *ctx, enum dev_face face, uint32_t cp);

	/* Starts a new page; pages are numbered from 1 in call order. */
	int (*begin_page)(void *ctx, double width, double height);
	/* Text whose baseline starts at (x, y) on the current page. */
	int (*text)(void *ctx, enum dev_face face, double size, double x,
	    double y, const char *s, size_t len, struct dev_rgb color);
	/* A filled rectangle (code block backgrounds, rules). */
	int (*rect)(void *ctx, double x, double y, double w, double h,
	    struct dev_rgb fill);
	/* A stroked line (ruled note lines, the header rule). */
	int (*line)(void *ctx, double x0, double y0, double x1, double y1,
	    double width, struct dev_rgb color);
	/* An outlined rectangle whose stroke, width points wide, lies
	 * inside it (the boxes and cells of the interviewer's sheet). */
	int (*box)(void *ctx, double x, double y, double w, double h,
	    double width, struct dev_rgb color);
	/* A bookmark (PDF outline entry) at depth level (0: section, 1: group
	 * inside it) whose target is page (1-based) at height y.  Called in
	 * document order; the page may not exist yet. */
	int (*bookmark)(void *ctx, int level, const char *title, int page,
	    double y);
	/* A clickable area on the current page that goes to page at height
	 * dest_y; the page may not exist yet (the table of contents comes
	 * first): devices resolve links when the document ends. */
	int (*link)(void *ctx, double x, double y, double w, double h, int page,
	    double dest_y);
	/* A clickable area on the current page that opens uri[0..len) (an
	 * address the layout found safe to follow: http, https, mailto). */
	int (*uri)(void *ctx, double x, double y, double w, double h,
	    const char *uri, size_t len);
	/* The language of the text drawn from now on: a language tag of
	 * letters, digits and '-' ("en"), or NULL for the document's own
	 * (the PDF catalog's /Lang).  The layout calls it where the
	 * language changes (util/script.h); every page starts in the
	 * document's. */
	int (*lang)(void *ctx, const char *lang);
};

#endif
