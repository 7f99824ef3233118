/* pdf_fonts.h: the PDF's fonts: each face found with fontconfig, and the
 * subset libharu 2.3.0 embeds repaired just before the document is saved.
 *
 * The repairs: libharu follows composite glyphs one level only (DejaVu's
 * «ё» is built from «е», itself built from Latin «e», so «е» could be
 * embedded blank); its ToUnicode map is one "begincidrange" that readers
 * reject; it lists the width and glyph of every character of the font,
 * and embeds the glyph names and the metrics of glyphs it left out.
 */
#ifndef QBIND_PDF_FONTS_H
#define QBIND_PDF_FONTS_H

#include "device.h"

#include <hpdf.h>
#include <stdint.h>

struct buf;
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

/* Repairs font (loaded from path with embedding) before the document is
 * saved.  used: a bit per BMP code point drawn with it (8192 bytes).
 * It has libharu write the embedded font file then and there, so nothing
 * may be drawn or measured with font afterwards.  0, or -1 after
 * reporting; libharu's error state is left to the caller. */
int pdf_font_repair(HPDF_Doc pdf, HPDF_Font font, const char *path,
    const uint8_t *used, struct diag *d);

/* Lays out the TrueType (sfnt) file in[0..len) again into out, as the
 * OpenType spec wants it and libharu 2.3.0 does not write it: each table
 * on a 4-byte boundary and padded with zeros, empty tables dropped, the
 * directory's search fields, table checksums and head.checkSumAdjustment
 * computed for this file.  0, or -1 if in is no sfnt (out undefined). */
int pdf_sfnt_tidy(const uint8_t *in, size_t len, struct buf *out);

#endif
