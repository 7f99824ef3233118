/* pdf_fonts.h: the PDF's faces, each found with fontconfig (what libharu
 * embeds of them is repaired by hpdf_fix.c).
 */
#ifndef QBIND_PDF_FONTS_H
#define QBIND_PDF_FONTS_H

#include "device.h"

#include <stdint.h>

struct diag;

struct pdf_face_file {
	char *path;   /* malloc'd; NULL where the search stopped */
	int index;    /* face in a font collection */
};

/* The TrueType file of each face: body for the four text faces, mono for
 * the two code faces.  A family fontconfig does not have, or one that is
 * not TrueType, is an error naming the fc-match query to try; a family
 * without a bold or italic face, a warning.  0, or -1 after reporting;
 * the caller frees the paths either way. */
int pdf_fonts_find(const char *body, const char *mono,
    struct pdf_face_file out[NFACES], struct diag *d);

/* Fallback faces: for a character a face lacks, the fonts fontconfig
 * would fall back to from that face (its family, weight and slant), in
 * fontconfig's order, which is the same on every run on a machine.
 * Nothing is asked of fontconfig until the first character is looked
 * up: a document its faces cover costs nothing. */
struct pdf_fallback;
struct pdf_fallback *pdf_fallback_new(const char *body, const char *mono);
void pdf_fallback_free(struct pdf_fallback *fb);
/* Calls take(ctx, file, index) for each TrueType font with outlines
 * (colour bitmap fonts cannot be embedded) whose character set has cp,
 * in fontconfig's order of fallback from face f, until take returns
 * nonzero; its value, or 0 when none took one (or fontconfig cannot
 * start). */
int pdf_fallback_each(struct pdf_fallback *fb, enum dev_face f, uint32_t cp,
    int (*take)(void *ctx, const char *file, int index), void *ctx);

#endif
