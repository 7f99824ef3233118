/* out_epub.h: the EPUB 3 backend's one entry point (a formats[] row). */
#ifndef QBIND_OUT_EPUB_H
#define QBIND_OUT_EPUB_H

struct outline;
struct style;
struct outfile;
struct diag;

/* Writes o as an EPUB 3 book (with a toc.ncx for EPUB 2 readers) to
 * f->fp.  Style keys: epub.mode (inline | selftest) and the style's
 * epub.css.  With SOURCE_DATE_EPOCH set, the same outline and style give
 * the same bytes.  0, or -1: reported through d, or a write error on
 * f->fp left in errno for the caller to name. */
int out_epub(const struct outline *o, const struct style *s,
    struct outfile *f, struct diag *d);
/* Checks the value of epub.mode (the pipeline does, before it reads the
 * corpus): 0, or -1 after reporting. */
int out_epub_check_style(const struct style *s, struct diag *d);

#endif
