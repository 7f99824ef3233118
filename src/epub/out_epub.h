/* out_epub.h: the EPUB 3 backend's one entry point (a row of backend.c's table). */
#ifndef QBIND_OUT_EPUB_H
#define QBIND_OUT_EPUB_H

#include "backend.h"

/* The outline as an EPUB 3 book (with a toc.ncx for EPUB 2 readers).
 * Settings: epub.mode (inline | selftest) and the style's epub.css.  With
 * SOURCE_DATE_EPOCH set, the same outline and style give the same bytes. */
extern const struct backend backend_epub;

#endif
