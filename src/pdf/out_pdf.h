/* out_pdf.h: the PDF backend's one entry point (a row of backend.c's table). */
#ifndef QBIND_OUT_PDF_H
#define QBIND_OUT_PDF_H

#include "backend.h"

/* Sets the outline as a printable handout (layout.c) with libharu
 * (pdf_device.c).  Settings: the pdf.* keys (checked but for the fonts,
 * which only fontconfig can tell).  BACKEND_FAILED after reporting a bad
 * setting, a missing font or a libharu error; BACKEND_OVER_CAP after
 * reporting that the corpus makes more pages than QBIND_MAX_PAGES.  The
 * detail is the page count. */
extern const struct backend backend_pdf;

#endif
