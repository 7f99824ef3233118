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

#endif
