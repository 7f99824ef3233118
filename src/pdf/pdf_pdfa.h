/* pdf_pdfa.h: what a PDF/A file carries beyond a PDF: its XMP metadata
 * (the document info again, and which PDF/A it is) and the sRGB ICC
 * profile of its output intent, built into qbind (out/gen/srgb_icc.h,
 * made by the Makefile from icc-profiles-free's sRGB.icc). */
#ifndef QBIND_PDF_PDFA_H
#define QBIND_PDF_PDFA_H

#include <stddef.h>
#include <time.h>

struct buf;

/* The document info as it is in the Info dictionary; NULL or "" fields
 * are left out.  Strings are UTF-8, free of the characters XML cannot
 * hold (pdf_pdfa_text). */
struct pdf_xmp {
	const char *title, *author, *subject;
	const char *lang;          /* BCP 47: dc:language */
	const char *creator_tool;  /* Info's /Creator */
	const char *producer;      /* Info's /Producer */
	time_t date;               /* CreationDate and ModDate, UTC */
	int part;                  /* PDF/A-1 or PDF/A-2, level B */
};

/* The XMP packet for x onto b (emptied first): UTF-8, uncompressed in
 * the file, as PDF/A-1 wants it. */
void pdf_xmp(struct buf *b, const struct pdf_xmp *x);

/* s without the characters XML 1.0 cannot hold (C0 controls but tab,
 * line feed and carriage return; U+FFFE, U+FFFF), which would make the
 * XMP unreadable, onto b (emptied first): an info string is this, so
 * that it and its XMP copy are equal. */
void pdf_pdfa_text(struct buf *b, const char *s);

/* The sRGB IEC61966-2.1 ICC profile (version 2), its length in *len. */
const unsigned char *pdf_srgb_icc(size_t *len);

#endif
