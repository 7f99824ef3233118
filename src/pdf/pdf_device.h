/* pdf_device.h: a struct device (device.h) that draws into a libharu
 * document: pages, text in the six faces, rectangles, lines, links and
 * bookmarks resolved when the document ends, document info in UTF-16 and
 * an /ID that is a digest of the file; PDF/A-1b or -2b on request (XMP,
 * output intent: pdf_pdfa.h).  Its faces come from pdf_fonts.c;
 * hpdf_fix.c holds every repair of what libharu 2.3.0 would write.
 *
 * Used by out_pdf.c only: new (fonts found and loaded), device (given to
 * layout_document), finish (the PDF bytes), free.
 */
#ifndef QBIND_PDF_DEVICE_H
#define QBIND_PDF_DEVICE_H

#include "device.h"

#include <stdint.h>
#include <stdio.h>
#include <time.h>

struct diag;
struct pdf_dev;

/* Families for the faces: body faces (regular, bold, italic, bold
 * italic) from body, the two monospace faces from mono. */
struct pdf_fonts {
	const char *body;
	const char *mono;
};

/* Document information; NULL fields are left out.  Strings are UTF-8. */
struct pdf_info {
	const char *title;
	const char *author;
	const char *subject;
	const char *lang;       /* BCP 47, for the catalog's /Lang */
	time_t date;            /* CreationDate and ModDate, UTC */
	uint8_t id[16];         /* seeds the /ID, which ends up a digest of the file */
	int pdfa;               /* 0, or the PDF/A part (1, 2) of level B to meet */
};

/* Finds the six faces through fontconfig and loads them into a new
 * libharu document.  NULL after reporting (a font that is missing or not
 * TrueType, a libharu error). */
struct pdf_dev *pdf_dev_new(const struct pdf_fonts *fonts, struct diag *d);
/* The device functions, valid until pdf_dev_free. */
void pdf_dev_device(struct pdf_dev *p, struct device *dev);
/* Resolves links and bookmarks, fixes the fonts, sets the info, saves
 * the document and writes its bytes to fp.  0; -1 after reporting, or
 * with errno set and nothing reported when writing to fp failed. */
int pdf_dev_finish(struct pdf_dev *p, const struct pdf_info *info, FILE *fp);
void pdf_dev_free(struct pdf_dev *p);
/* Pages of the document so far (after pdf_dev_finish: in the file). */
size_t pdf_dev_npages(const struct pdf_dev *p);

#endif
