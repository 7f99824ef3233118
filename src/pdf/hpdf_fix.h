/* hpdf_fix.h: every place qbind reaches into libharu's private structs,
 * to repair what libharu 2.3.0 writes or to do what it has no call for.
 *
 * Only hpdf_fix.c knows those structs; it refuses to build against any
 * other libharu than 2.3.0 (hpdf_version.h), whose layouts it was
 * written and checked against.  pdf_device.c and the rest of the PDF
 * backend use libharu's public calls and these.
 *
 * The repairs, each at its function in hpdf_fix.c:
 * - the embedded subset: libharu follows composite glyphs one level only
 *   (DejaVu's «ё» is built from «е», itself built from Latin «e», so «е»
 *   could be embedded blank); it embeds the glyph names and the metrics
 *   of glyphs it left out; it lists the width and glyph of every
 *   character of the font; its ToUnicode map is one "begincidrange" that
 *   readers reject; its TrueType file breaks the OpenType layout rules;
 * - text strings: it writes the UTF-8 bytes of an info entry and turns a
 *   bookmark's characters beyond the BMP into spaces (UTF-16 is given
 *   here instead);
 * - the header says PDF 1.3 whatever the file holds (/Lang is 1.4);
 * - an /ID is written only for encrypted files;
 * - saving: the whole file is kept in a memory stream to be read back;
 *   here it goes out in pieces as it is made;
 * - page contents are held uncompressed until the file is saved; here
 *   each page is compressed as soon as it is finished;
 * - a link annotation takes some 2.8 KB until the save, a bookmark
 *   2.3 KB; here a tenth (and a URI link has no call of its own);
 * - HPDF_Page_TextOut measures every text it draws again;
 * - for PDF/A: destinations are objects of their own (PDFBox Preflight
 *   wants them direct), annotations lack the Print flag, descriptors
 *   /CapHeight (and, for PDF/A, /CIDSet), UTC dates end "Z00'00'"
 *   (not read as a time zone), the catalog has no call for /Metadata or
 *   /OutputIntents; and a font's last hmtx advance, which every glyph
 *   after it shares, was cleared with the unused glyphs' metrics.
 * Functions returning int give 0, or -1 after reporting through d (or,
 * where no diag is taken, with libharu's error state set).
 */
#ifndef QBIND_HPDF_FIX_H
#define QBIND_HPDF_FIX_H

#include <hpdf.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct buf;
struct diag;

/* --- what libharu has no public call for --- */

/* Ascent and descent (descent negative) of a loaded font, in 1/1000 of
 * the size, without making the font (libharu writes every font it made,
 * drawn on or not). */
void hpdf_fix_metrics(HPDF_FontDef def, double *ascent, double *descent);
/* Whether the TrueType font def has a glyph for the BMP character cp. */
int hpdf_fix_has_glyph(HPDF_FontDef def, uint16_t cp);
/* The glyph of the BMP character cp in def (0: none), as libharu's
 * format 4 cmap gives it. */
unsigned hpdf_fix_glyph(HPDF_FontDef def, uint16_t cp);
/* The advance of glyph gid of def, in 1/1000 of the size (as libharu
 * measures text). */
double hpdf_fix_glyph_width(HPDF_FontDef def, unsigned gid);

/* The characters beyond the BMP of a font: libharu reads only its
 * format 4 (BMP) cmap.  Groups of (first, last, first glyph), from the
 * font's format 12 cmap; none when it has no such table. */
struct hpdf_fix_cmap32 {
	uint32_t *group;   /* 3 a group; malloc'd */
	size_t n;
};
/* Reads def's format 12 cmap into c (empty when there is none).  0, or
 * -1 with libharu's error state set when the font cannot be read. */
int hpdf_fix_cmap32_read(HPDF_FontDef def, struct hpdf_fix_cmap32 *c);
unsigned hpdf_fix_cmap32_glyph(const struct hpdf_fix_cmap32 *c, uint32_t cp);
void hpdf_fix_cmap32_free(struct hpdf_fix_cmap32 *c);

/* With libharu's UTF-8 encoder a CID is the character's code point, so
 * a character beyond the BMP has none.  Such characters get CIDs of
 * their own in the surrogate range, which no character takes: CID
 * HPDF_FIX_SLOT0 + i is cp[i], drawn with glyph gid[i].  A font's
 * ToUnicode map gives them back as surrogate pairs. */
enum { HPDF_FIX_SLOT0 = 0xD800, HPDF_FIX_NSLOTS = 0x800 };
struct hpdf_fix_slots {
	const uint32_t *cp;
	const uint16_t *gid;
	size_t n;
};

/* --- text strings, info, header, /ID --- */

/* Sets key of the document info to the PDF string of bytes[0..len),
 * which the caller has made UTF-16BE with its byte order mark. */
HPDF_STATUS hpdf_fix_info_utf16(HPDF_Doc pdf, const char *key,
    const char *bytes, size_t len);
/* The info's /CreationDate and /ModDate: the time utc, as
 * "D:YYYYMMDDHHmmSSZ". */
HPDF_STATUS hpdf_fix_info_dates(HPDF_Doc pdf, const struct tm *utc);
/* The catalog's /Lang, and the header raised to PDF 1.4, which /Lang
 * needs. */
HPDF_STATUS hpdf_fix_lang(HPDF_Doc pdf, const char *lang);
/* A trailer /ID of two copies of id[0..16): a placeholder the caller
 * overwrites in the saved bytes. */
HPDF_STATUS hpdf_fix_id(HPDF_Doc pdf, const uint8_t id[16]);

/* --- PDF/A --- */

/* The catalog's /Metadata: the XMP packet xmp[0..xmplen), uncompressed
 * as PDF/A-1 wants it; and its /OutputIntents: one, GTS_PDFA1, sRGB,
 * with the ICC profile icc[0..icclen).  Raises the header to PDF 1.4. */
HPDF_STATUS hpdf_fix_pdfa(HPDF_Doc pdf, const char *xmp, size_t xmplen,
    const unsigned char *icc, size_t icclen);

/* --- text --- */

/* s[0..len) (UTF-8) at (x, y) on page, in a text object with a font set:
 * the bytes and state HPDF_Page_TextOut gives, without its second
 * measuring of the text.  scratch: any buffer, reused. */
HPDF_STATUS hpdf_fix_text(HPDF_Page page, HPDF_REAL x, HPDF_REAL y,
    const char *s, size_t len, struct buf *scratch);

/* The CIDs cid[0..n) at (x, y) on page, in a text object with a font
 * set: for runs with slot CIDs (hpdf_fix_slots), which UTF-8 cannot
 * say.  scratch: any buffer, reused. */
HPDF_STATUS hpdf_fix_cids(HPDF_Page page, HPDF_REAL x, HPDF_REAL y,
    const uint16_t *cid, size_t n, struct buf *scratch);

/* Marked content in page's contents: with lang, "/Span <</Lang (lang)>>
 * BDC" opens a span whose text is in language lang (a tag of letters,
 * digits and '-', ISO 32000-1 14.9.2); with NULL, EMC closes it.
 * libharu 2.3.0 has no call for either. */
HPDF_STATUS hpdf_fix_span(HPDF_Page page, const char *lang);

/* --- links --- */

/* A link on page over r to target (its top at y: /FitH), as
 * HPDF_Page_CreateLinkAnnot with HPDF_LinkAnnot_SetBorderStyle(0, 0, 0)
 * writes it, in a tenth of the memory until the save; but with the
 * destination written in the annotation (PDF/A wants it direct) and
 * flagged to print (/F 4). */
HPDF_STATUS hpdf_fix_link(HPDF_Doc pdf, HPDF_Page page, HPDF_Rect r,
    HPDF_Page target, HPDF_REAL y);
/* The same, for a link that opens uri[0..len) (a URI action): bytes
 * outside printable ASCII are percent-encoded. */
HPDF_STATUS hpdf_fix_uri_link(HPDF_Doc pdf, HPDF_Page page, HPDF_Rect r,
    const char *uri, size_t len);

/* --- bookmarks --- */

/* A bookmark to target from the top y (/FitH, a direct destination as
 * PDF/A wants) titled title[0..len) (UTF-16BE with its byte order
 * mark), at level 0 (a section) to HPDF_FIX_LEVELS - 1, under the last
 * entry of the level above (of the nearest above that has one since, or
 * at the top), shown open while its entries have entries (headings
 * open, a list of questions closed), as HPDF_CreateOutline,
 * HPDF_Outline_SetDestination and HPDF_Outline_SetOpened make it, in a
 * tenth of the memory until the save.  Not to be mixed with
 * HPDF_CreateOutline in one document. */
enum { HPDF_FIX_LEVELS = 4 };
HPDF_STATUS hpdf_fix_bookmark(HPDF_Doc pdf, int level, const char *title,
    size_t len, HPDF_Page target, HPDF_REAL y);

/* --- saving --- */

/* A page whose drawing is over: its contents are compressed now, as
 * libharu would compress them when saving (same zlib, same level, same
 * bytes), and libharu then writes the compressed bytes as they are.
 * Nothing may be drawn on the page afterwards.  z: one deflate state
 * for all the pages of a document. */
struct hpdf_fix_deflate;
struct hpdf_fix_deflate *hpdf_fix_deflate_new(void);
void hpdf_fix_deflate_free(struct hpdf_fix_deflate *z);
HPDF_STATUS hpdf_fix_page_done(HPDF_Doc pdf, HPDF_Page page,
    struct hpdf_fix_deflate *z);

/* Saves the document through write(ctx, bytes, n), in pieces as libharu
 * makes them; write returns 0, or -1 to stop the save.  HPDF_OK or
 * libharu's error. */
typedef int (*hpdf_fix_sink)(void *ctx, const unsigned char *bytes, size_t n);
HPDF_STATUS hpdf_fix_save(HPDF_Doc pdf, hpdf_fix_sink write, void *ctx);

/* --- the embedded fonts --- */

/* Repairs font (loaded from path with embedding) before the document is
 * saved.  used: a bit per CID drawn with it (8192 bytes): a BMP code
 * point, or a slot of slots (NULL: none).  Its descriptor gets the
 * /CapHeight libharu leaves out and, when cidset is not 0, a /CIDSet of
 * the CIDs drawn (PDF/A-1 wants it for a subset; written for PDF/A-2 too,
 * where a complete one is allowed, so the two parts' files differ only in
 * the part number).
 * It has libharu write the embedded font file then and there, so nothing
 * may be drawn or measured with font afterwards.  libharu's error state
 * is left to the caller. */
int hpdf_fix_font(HPDF_Doc pdf, HPDF_Font font, const char *path,
    const uint8_t *used, const struct hpdf_fix_slots *slots, int cidset,
    struct diag *d);

/* Lays out the TrueType (sfnt) file in[0..len) again into out, as the
 * OpenType spec wants it and libharu 2.3.0 does not write it: each table
 * on a 4-byte boundary and padded with zeros, empty tables dropped, the
 * directory's search fields, table checksums and head.checkSumAdjustment
 * computed for this file.  0, or -1 if in is no sfnt (out undefined). */
int hpdf_fix_sfnt_tidy(const uint8_t *in, size_t len, struct buf *out);

#endif
