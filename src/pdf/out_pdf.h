/* out_pdf.h: the PDF backend's entry point (a formats[] row, pipeline.c). */
#ifndef QBIND_OUT_PDF_H
#define QBIND_OUT_PDF_H

struct diag;
struct outfile;
struct outline;
struct style;

/* The style settings it reads, NULL-terminated. */
extern const char *const out_pdf_style_keys[];

/* Checks the values of those settings (but for the fonts, which only
 * fontconfig can tell): 0, or -1 after reporting each bad one.  The
 * pipeline calls it before it reads the corpus. */
int out_pdf_check_style(const struct style *s, struct diag *d);

/* Sets the outline as a printable handout (layout.c) with libharu
 * (pdf_device.c) and writes the PDF to f->fp.  0, or -1 after reporting
 * (a bad setting, a missing font, a libharu error); a failed write of
 * f->fp returns -1 with errno set and nothing reported.  LAYOUT_TOO_LONG
 * (layout.h), after reporting: the corpus makes more pages than
 * QBIND_MAX_PAGES, a fault of the corpus, not of the machine. */
int out_pdf(const struct outline *o, const struct style *s, struct outfile *f,
    struct diag *d);

#endif
