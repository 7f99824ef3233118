/* hpdf_fix.c: the repairs of libharu 2.3.0 that reach into its private
 * structs, and what it has no public call for (see hpdf_fix.h). */
#include "hpdf_fix.h"
#include "buf.h"
#include "diag.h"
#include "xalloc.h"

#include <hpdf.h>
#include <hpdf_version.h>
#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <hpdf_utils.h>
#include <zlib.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every function below reads or writes fields of libharu's private
 * structs (hpdf_doc.h, hpdf_objects.h, hpdf_fontdef.h, ...) and counts
 * on what 2.3.0 does with them when it saves.  Another version may lay
 * them out otherwise or fix the defect in its own way: check each repair
 * against its sources before allowing it here. */
/* hpdf_version.h, included above, defines the version in every libharu
 * release; cppcheck, which reads no system header, sees none and checks
 * the file all the same. */
#if defined(HPDF_MAJOR_VERSION) && (HPDF_MAJOR_VERSION != 2 || \
    HPDF_MINOR_VERSION != 3 || HPDF_BUGFIX_VERSION != 0)
#error "hpdf_fix.c is written for libharu 2.3.0 only (see hpdf_version.h): check every repair against this libharu's sources first"
#endif

/* Hex digits for the strings, CIDs and addresses written below. */
static const char hex[] = "0123456789ABCDEF";

/* v (16 bits) as four hex digits at q. */
static void
hex4(char *q, unsigned v)
{
	q[0] = hex[(v >> 12) & 15];
	q[1] = hex[(v >> 8) & 15];
	q[2] = hex[(v >> 4) & 15];
	q[3] = hex[v & 15];
}

/* --- what libharu has no public call for --- */

/* HPDF_Font_GetAscent wants the font, which libharu would then embed. */
void
hpdf_fix_metrics(HPDF_FontDef def, double *ascent, double *descent)
{
	*ascent = def->ascent;
	*descent = def->descent;
}

/* libharu tells a missing glyph only by drawing glyph 0. */
int
hpdf_fix_has_glyph(HPDF_FontDef def, uint16_t cp)
{
	return HPDF_TTFontDef_GetGlyphid(def, cp) != 0;
}

unsigned
hpdf_fix_glyph(HPDF_FontDef def, uint16_t cp)
{
	return HPDF_TTFontDef_GetGlyphid(def, cp);
}

double
hpdf_fix_glyph_width(HPDF_FontDef def, unsigned gid)
{
	return HPDF_TTFontDef_GetGidWidth(def, (HPDF_UINT16)gid);
}

static unsigned be16(const HPDF_BYTE *b);
static uint32_t be32(const uint8_t *b);
static HPDF_TTFTable *find_table(HPDF_TTFontDefAttr a, const char *tag);

/* n bytes of def's file from off into out; 0 or -1. */
static int
read_at(HPDF_TTFontDefAttr a, uint32_t off, HPDF_BYTE *out, HPDF_UINT n)
{
	HPDF_UINT got = n;
	if (HPDF_Stream_Seek(a->stream, (HPDF_INT)off, HPDF_SEEK_SET) != HPDF_OK ||
	    HPDF_Stream_Read(a->stream, out, &got) != HPDF_OK || got != n)
		return -1;
	return 0;
}

/* The offset in the file of def's Unicode format 12 subtable, 0 if none:
 * (3, 10) is the Windows one, (0, 4) and (0, 6) the Unicode platform's. */
static uint32_t
cmap32_offset(HPDF_TTFontDefAttr a, const HPDF_TTFTable *t)
{
	HPDF_BYTE h[4], rec[8], fmt[2];
	if (t->length < 4 || read_at(a, t->offset, h, 4) != 0)
		return 0;
	uint32_t best = 0;
	for (unsigned i = 0, n = be16(h + 2); i < n && 4 + 8 * (i + 1) <= t->length; i++) {
		if (read_at(a, t->offset + 4 + 8 * i, rec, 8) != 0)
			return 0;
		unsigned plat = be16(rec), enc = be16(rec + 2);
		uint32_t off = be32(rec + 4);
		if (!((plat == 3 && enc == 10) || (plat == 0 && (enc == 4 || enc == 6))) ||
		    off + 16 > t->length || read_at(a, t->offset + off, fmt, 2) != 0 ||
		    be16(fmt) != 12)
			continue;
		best = t->offset + off;
		if (plat == 3)
			break;
	}
	return best;
}

int
hpdf_fix_cmap32_read(HPDF_FontDef def, struct hpdf_fix_cmap32 *c)
{
	HPDF_TTFontDefAttr a = (HPDF_TTFontDefAttr)def->attr;
	c->group = NULL;
	c->n = 0;
	const HPDF_TTFTable *t = find_table(a, "cmap");
	uint32_t off = t && a->stream ? cmap32_offset(a, t) : 0;
	HPDF_BYTE h[16];
	if (off == 0 || read_at(a, off, h, 16) != 0)
		return 0;
	uint32_t n = be32(h + 12);
	if (n == 0 || n > (t->offset + t->length - off - 16) / 12)
		return 0;
	HPDF_BYTE *raw = xmalloc((size_t)n * 12);
	if (read_at(a, off + 16, raw, (HPDF_UINT)(n * 12)) != 0) {
		free(raw);
		return -1;
	}
	c->group = xmalloc((size_t)n * 3 * sizeof(*c->group));
	for (size_t i = 0; i < 3 * (size_t)n; i++)
		c->group[i] = be32(raw + 4 * i);
	c->n = n;
	free(raw);
	return 0;
}

/* The groups are sorted by their first character (the spec says so). */
unsigned
hpdf_fix_cmap32_glyph(const struct hpdf_fix_cmap32 *c, uint32_t cp)
{
	size_t lo = 0, hi = c->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const uint32_t *g = c->group + 3 * mid;
		if (cp < g[0])
			hi = mid;
		else if (cp > g[1])
			lo = mid + 1;
		else {
			uint32_t gid = g[2] + (cp - g[0]);
			return gid < 0x10000 ? (unsigned)gid : 0;
		}
	}
	return 0;
}

void
hpdf_fix_cmap32_free(struct hpdf_fix_cmap32 *c)
{
	free(c->group);
	c->group = NULL;
	c->n = 0;
}

/* --- text strings, info, header, /ID --- */

/* HPDF_SetInfoAttr writes the UTF-8 bytes as they are: a string given
 * as UTF-16 here is what every reader takes for Unicode. */
HPDF_STATUS
hpdf_fix_info_utf16(HPDF_Doc pdf, const char *key, const char *bytes,
    size_t len)
{
	HPDF_Binary bin = HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)bytes,
	    (HPDF_UINT)len);
	return HPDF_Dict_Add(pdf->info, key, bin);
}

/* HPDF_SetInfoDateAttr writes UTC as "Z00'00'", which PDF/A validators
 * (PDFBox Preflight) do not take for a time zone: plain "Z" here. */
HPDF_STATUS
hpdf_fix_info_dates(HPDF_Doc pdf, const struct tm *utc)
{
	char d[32];
	snprintf(d, sizeof(d), "D:%04d%02d%02d%02d%02d%02dZ",
	    (utc->tm_year + 1900) % 10000, (utc->tm_mon + 1) % 100,
	    utc->tm_mday % 100, utc->tm_hour % 100, utc->tm_min % 100,
	    utc->tm_sec % 100);
	if (HPDF_Dict_Add(pdf->info, "CreationDate",
	    HPDF_String_New(pdf->mmgr, d, NULL)) != HPDF_OK ||
	    HPDF_Dict_Add(pdf->info, "ModDate",
	    HPDF_String_New(pdf->mmgr, d, NULL)) != HPDF_OK)
		return HPDF_GetError(pdf);
	return HPDF_OK;
}

/* /Lang and metadata streams came in PDF 1.4: the header says at least
 * that. */
static void
at_least_14(HPDF_Doc pdf)
{
	if (pdf->pdf_version < HPDF_VER_14)
		pdf->pdf_version = HPDF_VER_14;
}

/* libharu has no call for the catalog's /Lang, and writes "%PDF-1.3"
 * whatever the file holds; /Lang came in PDF 1.4, and validators
 * (veraPDF, preflight) flag a key newer than the header. */
HPDF_STATUS
hpdf_fix_lang(HPDF_Doc pdf, const char *lang)
{
	HPDF_STATUS st = HPDF_Dict_Add(pdf->catalog, "Lang",
	    HPDF_String_New(pdf->mmgr, lang, NULL));
	at_least_14(pdf);
	return st;
}

/* libharu writes an /ID only for encrypted files; PDF 1.4+ readers want
 * one, and a random one would break reproducible builds. */
HPDF_STATUS
hpdf_fix_id(HPDF_Doc pdf, const uint8_t id[16])
{
	HPDF_Array a = HPDF_Array_New(pdf->mmgr);
	if (a == NULL || HPDF_Dict_Add(pdf->trailer, "ID", a) != HPDF_OK)
		return HPDF_GetError(pdf);
	for (int i = 0; i < 2; i++)
		if (HPDF_Array_Add(a, HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)id,
		    16)) != HPDF_OK)
			return HPDF_GetError(pdf);
	return HPDF_OK;
}

/* --- PDF/A --- */

/* A stream object holding bytes[0..len), compressed if flate; NULL with
 * libharu's error set. */
static HPDF_Dict
new_stream(HPDF_Doc pdf, const void *bytes, size_t len, int flate)
{
	HPDF_Dict s = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
	if (s == NULL)
		return NULL;
	if (flate)
		s->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	return HPDF_Stream_Write(s->stream, bytes, (HPDF_UINT)len) == HPDF_OK ?
	    s : NULL;
}

/* libharu has no call for a catalog's /Metadata or /OutputIntents. */
HPDF_STATUS
hpdf_fix_pdfa(HPDF_Doc pdf, const char *xmp, size_t xmplen,
    const unsigned char *icc, size_t icclen)
{
	static const char cond[] = "sRGB IEC61966-2.1";
	HPDF_Dict meta = new_stream(pdf, xmp, xmplen, 0);
	HPDF_Dict prof = new_stream(pdf, icc, icclen,
	    (pdf->compression_mode & HPDF_COMP_TEXT) != 0);
	/* Each direct object goes into its container as soon as it is made,
	 * so that libharu frees it with the document whatever fails next. */
	HPDF_Array intents = HPDF_Array_New(pdf->mmgr);
	if (intents == NULL || HPDF_Dict_Add(pdf->catalog, "OutputIntents",
	    intents) != HPDF_OK)
		return HPDF_GetError(pdf) ? HPDF_GetError(pdf) : HPDF_FAILD_TO_ALLOC_MEM;
	HPDF_Dict intent = HPDF_Dict_New(pdf->mmgr);
	if (intent == NULL || HPDF_Array_Add(intents, intent) != HPDF_OK)
		return HPDF_GetError(pdf) ? HPDF_GetError(pdf) : HPDF_FAILD_TO_ALLOC_MEM;
	if (meta == NULL || prof == NULL ||
	    HPDF_Dict_AddName(meta, "Type", "Metadata") != HPDF_OK ||
	    HPDF_Dict_AddName(meta, "Subtype", "XML") != HPDF_OK ||
	    HPDF_Dict_Add(pdf->catalog, "Metadata", meta) != HPDF_OK ||
	    HPDF_Dict_AddNumber(prof, "N", 3) != HPDF_OK ||
	    HPDF_Dict_AddName(intent, "Type", "OutputIntent") != HPDF_OK ||
	    HPDF_Dict_AddName(intent, "S", "GTS_PDFA1") != HPDF_OK ||
	    HPDF_Dict_Add(intent, "OutputConditionIdentifier",
	    HPDF_String_New(pdf->mmgr, cond, NULL)) != HPDF_OK ||
	    HPDF_Dict_Add(intent, "Info",
	    HPDF_String_New(pdf->mmgr, cond, NULL)) != HPDF_OK ||
	    HPDF_Dict_Add(intent, "DestOutputProfile", prof) != HPDF_OK)
		return HPDF_GetError(pdf) ? HPDF_GetError(pdf) : HPDF_FAILD_TO_ALLOC_MEM;
	at_least_14(pdf);
	return HPDF_OK;
}

/* --- text --- */

/* HPDF_Page_TextOut converts the position, writes it with a 512-byte
 * buffer it clears first, then has HPDF_Page_ShowText measure the text
 * (only to move a text position nothing here reads: the layout measured
 * it already) before it turns the UTF-8 into CIDs.  This writes the same
 * bytes and keeps the same text matrix, in about a third of the time.
 * Every glyph drawn is in the subset whatever measured it: close_subset
 * marks them all. */

/* TextPos_AbsToRel of libharu 2.3.0, in the same single precision. */
static void
abs_to_rel(const HPDF_TransMatrix *m, HPDF_REAL xabs, HPDF_REAL yabs,
    HPDF_REAL *xrel, HPDF_REAL *yrel)
{
	if (m->a == 0) {
		*xrel = (yabs - m->y - (xabs - m->x) * m->d / m->c) / m->b;
		*yrel = (xabs - m->x) / m->c;
	} else {
		HPDF_REAL y = (yabs - m->y - (xabs - m->x) * m->b / m->a) /
		    (m->d - m->c * m->b / m->a);
		*xrel = (xabs - m->x - y * m->c) / m->a;
		*yrel = y;
	}
}

/* "x y Td", and the text matrix moved, as HPDF_Page_MoveTextPos. */
static HPDF_STATUS
move_text_pos(HPDF_PageAttr attr, HPDF_REAL x, HPDF_REAL y)
{
	char buf[64], *end = buf + sizeof(buf) - 1;
	char *p = HPDF_FToA(buf, x, end);
	*p++ = ' ';
	p = HPDF_FToA(p, y, end);
	HPDF_StrCpy(p, " Td\012", end);
	HPDF_STATUS st = HPDF_Stream_WriteStr(attr->stream, buf);
	if (st != HPDF_OK)
		return st;
	HPDF_TransMatrix *m = &attr->text_matrix;
	m->x += x * m->a + y * m->c;
	m->y += y * m->d + x * m->b;
	attr->text_pos.x = m->x;
	attr->text_pos.y = m->y;
	return HPDF_OK;
}

/* The BMP code points of s[0..len) in big-endian hex into out (4 bytes
 * a character); -1 if one is not in the BMP or s is cut short. */
static int
cid_hex(const char *s, size_t len, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + len;
	buf_grow(out, 4 * len);
	char *q = out->ptr + out->len;
	while (p < e) {
		uint32_t cp;
		if (p[0] < 0x80) {
			cp = *p++;
		} else if (p[0] >= 0xC0 && p[0] < 0xE0 && e - p >= 2) {
			cp = (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
			p += 2;
		} else if (p[0] >= 0xE0 && p[0] < 0xF0 && e - p >= 3) {
			cp = (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 |
			    (p[2] & 0x3F);
			p += 3;
		} else {
			return -1;
		}
		hex4(q, cp);
		q += 4;
	}
	out->len = (size_t)(q - out->ptr);
	*q = '\0';
	return 0;
}

/* Whether libharu would measure s as wider than nothing: HPDF_Page_ShowText
 * writes nothing for a text of width 0. */
static int
has_width(HPDF_FontDef def, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + len;
	while (p < e) {
		uint32_t cp = *p++;
		if (cp >= 0xE0) {
			cp = (cp & 0x0F) << 12 | (uint32_t)(p[0] & 0x3F) << 6 | (p[1] & 0x3F);
			p += 2;
		} else if (cp >= 0xC0) {
			cp = (cp & 0x1F) << 6 | (p[0] & 0x3F);
			p++;
		}
		if (HPDF_TTFontDef_GetCharWidth(def, (HPDF_UINT16)cp) != 0)
			return 1;
	}
	return 0;
}

HPDF_STATUS
hpdf_fix_text(HPDF_Page page, HPDF_REAL x, HPDF_REAL y, const char *s,
    size_t len, struct buf *scratch)
{
	HPDF_PageAttr attr = page->attr;
	HPDF_Font font = attr->gstate->font;
	buf_clear(scratch);
	BUF_PUTSL(scratch, "<");
	/* libharu's own way for what this does not know: no font, a text
	 * longer than a PDF string may be, one beyond the BMP. */
	if (attr->gmode != HPDF_GMODE_TEXT_OBJECT || font == NULL ||
	    ((HPDF_FontAttr)font->attr)->type != HPDF_FONT_TYPE0_TT ||
	    len > 4096 || cid_hex(s, len, scratch) != 0) {
		buf_clear(scratch);
		buf_put(scratch, s, len);
		return HPDF_Page_TextOut(page, x, y, scratch->ptr);
	}
	HPDF_REAL dx, dy;
	abs_to_rel(&attr->text_matrix, x, y, &dx, &dy);
	HPDF_STATUS st = move_text_pos(attr, dx, dy);
	if (st != HPDF_OK || len == 0 ||
	    !has_width(((HPDF_FontAttr)font->attr)->fontdef, s, len))
		return st;
	BUF_PUTSL(scratch, "> Tj\012");
	return HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)scratch->ptr,
	    (HPDF_UINT)scratch->len);
}

HPDF_STATUS
hpdf_fix_cids(HPDF_Page page, HPDF_REAL x, HPDF_REAL y, const uint16_t *cid,
    size_t n, struct buf *scratch)
{
	HPDF_PageAttr attr = page->attr;
	HPDF_Font font = attr->gstate->font;
	if (attr->gmode != HPDF_GMODE_TEXT_OBJECT || font == NULL ||
	    ((HPDF_FontAttr)font->attr)->type != HPDF_FONT_TYPE0_TT)
		return HPDF_RaiseError(page->error, HPDF_PAGE_INVALID_GMODE, 0);
	HPDF_REAL dx, dy;
	abs_to_rel(&attr->text_matrix, x, y, &dx, &dy);
	HPDF_STATUS st = move_text_pos(attr, dx, dy);
	if (st != HPDF_OK || n == 0)
		return st;
	buf_clear(scratch);
	buf_putc(scratch, '<');
	for (size_t i = 0; i < n; i++) {
		char q[4];
		hex4(q, cid[i]);
		buf_put(scratch, q, 4);
	}
	BUF_PUTSL(scratch, "> Tj\012");
	return HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)scratch->ptr,
	    (HPDF_UINT)scratch->len);
}

HPDF_STATUS
hpdf_fix_span(HPDF_Page page, const char *lang)
{
	HPDF_PageAttr attr = page->attr;
	if (lang == NULL)
		return HPDF_Stream_WriteStr(attr->stream, "EMC\012");
	for (const char *c = lang; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || *c == '-'))
			return HPDF_RaiseError(page->error, HPDF_INVALID_PARAMETER, 0);
	HPDF_STATUS st = HPDF_Stream_WriteStr(attr->stream, "/Span <</Lang (");
	if (st == HPDF_OK)
		st = HPDF_Stream_WriteStr(attr->stream, lang);
	if (st == HPDF_OK)
		st = HPDF_Stream_WriteStr(attr->stream, ")>> BDC\012");
	return st;
}

/* --- links --- */

/* A link annotation as HPDF_Page_CreateLinkAnnot makes it is a dictionary
 * of six entries, each with a 128-byte key, a /Rect array of four
 * numbers, two 128-byte names and a /Border array: some 2.8 KB held until
 * the save, 100 MB for the 36,000 links of a large handout.  Here the
 * annotation is an empty dictionary in the cross-reference table, its
 * numbers beside it, that writes its entries itself, as libharu writes
 * them. */
struct link {
	HPDF_REAL rect[4];   /* left, bottom, right, top */
	HPDF_Page target;    /* the page it goes to, or NULL for a URI */
	HPDF_REAL y;         /* its /FitH top */
	HPDF_Dict page;      /* the page the link is on */
	char *uri;           /* a URI link's PDF string, "(...)"; else NULL */
	size_t urilen;
};

/* key and "N G R\n", as HPDF_Dict_Write writes a reference, onto b;
 * nothing for no obj. */
static void
put_ref(struct buf *b, const char *key, const void *obj)
{
	if (obj == NULL)
		return;
	const HPDF_Obj_Header *h = obj;
	buf_printf(b, "%s%u %u R\012", key, (unsigned)(h->obj_id & 0x00FFFFFF),
	    (unsigned)h->gen_no);
}

/* v as HPDF_Stream_WriteReal writes it, onto b. */
static void
put_real(struct buf *b, HPDF_REAL v)
{
	char num[HPDF_REAL_LEN + 1];
	char *end = HPDF_FToA(num, v, num + HPDF_REAL_LEN);
	buf_put(b, num, (size_t)(end - num));
}

/* key and a direct destination: target's page from the top y, as the
 * array HPDF_Destination_SetFitH makes.  PDF/A validators (PDFBox
 * Preflight) take no destination given by reference, as libharu
 * writes it. */
static void
put_dest(struct buf *b, const char *key, HPDF_Page target, HPDF_REAL y)
{
	if (target == NULL)
		return;
	const HPDF_Obj_Header *h = (const HPDF_Obj_Header *)target;
	buf_printf(b, "%s[ %u %u R /FitH ", key,
	    (unsigned)(h->obj_id & 0x00FFFFFF), (unsigned)h->gen_no);
	put_real(b, y);
	BUF_PUTSL(b, " ]\012");
}

/* Writes b to s and frees it. */
static HPDF_STATUS
write_buf(HPDF_Stream s, struct buf *b)
{
	HPDF_STATUS st = HPDF_Stream_Write(s, (const HPDF_BYTE *)b->ptr,
	    (HPDF_UINT)b->len);
	buf_free(b);
	return st;
}

/* The entries in the order and form HPDF_Dict_Write gives those of
 * HPDF_LinkAnnot_New, AddAnnotation and HPDF_LinkAnnot_SetBorderStyle
 * (0, 0, 0). */
static HPDF_STATUS
write_link(HPDF_Dict dict, HPDF_Stream s)
{
	const struct link *l = dict->attr;
	struct buf b = BUF_INIT;
	BUF_PUTSL(&b, "/Rect [ ");
	for (int i = 0; i < 4; i++) {
		put_real(&b, l->rect[i]);
		buf_putc(&b, ' ');
	}
	BUF_PUTSL(&b, "]\012/Type /Annot\012/Subtype /Link\012");
	put_dest(&b, "/Dest ", l->target, l->y);
	if (l->uri) {
		BUF_PUTSL(&b, "/A << /Type /Action /S /URI /URI ");
		buf_put(&b, l->uri, l->urilen);
		BUF_PUTSL(&b, " >>\012");
	}
	put_ref(&b, "/P ", l->page);
	/* Printed with the page (PDF/A wants the flag on every annotation). */
	BUF_PUTSL(&b, "/Border [ 0 0 0 ]\012/F 4\012");
	return write_buf(s, &b);
}

static void
free_link(HPDF_Dict dict)
{
	const struct link *l = dict->attr;
	if (l->uri)
		HPDF_FreeMem(dict->mmgr, l->uri);
	HPDF_FreeMem(dict->mmgr, dict->attr);
}

/* uri[0..len) as a PDF string of 7-bit ASCII, which a URI action wants:
 * bytes outside printable ASCII percent-encoded (an IRI's UTF-8 as
 * RFC 3987 maps it), the string's delimiters escaped. */
static void
uri_string(struct buf *b, const char *uri, size_t len)
{
	buf_putc(b, '(');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)uri[i];
		if (c <= 0x20 || c >= 0x7F) {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			buf_put(b, e, 3);
			continue;
		}
		if (c == '(' || c == ')' || c == '\\')
			buf_putc(b, '\\');
		buf_putc(b, (char)c);
	}
	buf_putc(b, ')');
}

static HPDF_STATUS add_link(HPDF_Doc pdf, HPDF_Page page, HPDF_Rect r,
    HPDF_Page target, HPDF_REAL y, const char *uri, size_t len);

HPDF_STATUS
hpdf_fix_link(HPDF_Doc pdf, HPDF_Page page, HPDF_Rect r, HPDF_Page target,
    HPDF_REAL y)
{
	return add_link(pdf, page, r, target, y, NULL, 0);
}

HPDF_STATUS
hpdf_fix_uri_link(HPDF_Doc pdf, HPDF_Page page, HPDF_Rect r, const char *uri,
    size_t len)
{
	return add_link(pdf, page, r, NULL, 0, uri, len);
}

/* A link to target at y, or with a URI action when uri is not NULL. */
static HPDF_STATUS
add_link(HPDF_Doc pdf, HPDF_Page page, HPDF_Rect r, HPDF_Page target,
    HPDF_REAL y, const char *uri, size_t len)
{
	HPDF_Dict a = HPDF_Dict_New(pdf->mmgr);
	if (a == NULL || HPDF_Xref_Add(pdf->xref, a) != HPDF_OK)
		return HPDF_GetError(pdf); /* HPDF_Xref_Add freed a */
	a->header.obj_class |= HPDF_OSUBCLASS_ANNOTATION;
	struct link *l = HPDF_GetMem(pdf->mmgr, sizeof(*l));
	if (l == NULL)
		return HPDF_GetError(pdf);
	/* HPDF_Annotation_New puts the top above the bottom. */
	HPDF_REAL bottom = r.bottom < r.top ? r.bottom : r.top;
	HPDF_REAL top = r.bottom < r.top ? r.top : r.bottom;
	*l = (struct link){ { r.left, bottom, r.right, top }, target, y, page,
		NULL, 0 };
	if (uri) {
		struct buf b = BUF_INIT;
		uri_string(&b, uri, len);
		l->uri = HPDF_GetMem(pdf->mmgr, (HPDF_UINT)b.len);
		if (l->uri)
			memcpy(l->uri, b.ptr, b.len);
		l->urilen = b.len;
		buf_free(&b);
		if (l->uri == NULL) {
			HPDF_FreeMem(pdf->mmgr, l);
			return HPDF_GetError(pdf);
		}
	}
	a->attr = l;
	a->write_fn = write_link;
	a->free_fn = free_link;
	/* What AddAnnotation does for the page. */
	HPDF_Array annots = HPDF_Dict_GetItem(page, "Annots", HPDF_OCLASS_ARRAY);
	if (annots == NULL) {
		annots = HPDF_Array_New(pdf->mmgr);
		if (annots == NULL || HPDF_Dict_Add(page, "Annots", annots) != HPDF_OK)
			return HPDF_GetError(pdf);
	}
	return HPDF_Array_Add(annots, a);
}

/* --- bookmarks --- */

/* An outline entry as HPDF_CreateOutline makes it holds six to nine
 * dictionary entries with 128-byte keys, a 128-byte name and a reference
 * object for each link in the tree: some 2.3 KB until the save.  Here
 * each entry (and the root) is an empty dictionary in the
 * cross-reference table, made when libharu would make it, with this
 * beside it, that writes its entries itself in the order libharu's
 * HPDF_Outline_New, AddChild, HPDF_Outline_SetDestination and BeforeWrite
 * would have added them. */
struct mark {
	HPDF_Dict self;
	HPDF_Dict parent, prev, next, first, last; /* NULL: none */
	/* The root's: the last entry made at each level, NULL past the
	 * last one's level. */
	HPDF_Dict at[HPDF_FIX_LEVELS];
	HPDF_Page target;       /* the page it goes to, from the top y */
	HPDF_REAL y;
	int opened;             /* a section's children are shown */
	HPDF_UINT len;          /* of the title, UTF-16BE; the root has none */
	HPDF_BYTE title[];
};

/* BeforeWrite's /Count: the entries shown below m (its children, and
 * theirs where a child is opened), negative when m is closed. */
static int
mark_count(const struct mark *m)
{
	int n = 0;
	for (HPDF_Dict c = m->first; c; c = ((const struct mark *)c->attr)->next) {
		const struct mark *k = c->attr;
		n += 1 + (k->opened ? mark_count(k) : 0);
	}
	return m->opened ? n : -n;
}

static HPDF_STATUS
write_mark(HPDF_Dict dict, HPDF_Stream s)
{
	const struct mark *m = dict->attr;
	int root = m->parent == NULL;
	struct buf b = BUF_INIT;
	if (root)
		BUF_PUTSL(&b, "/Type /Outlines\012");
	else {
		/* A literal string, half the bytes of a hex one, and
		 * printable ASCII in PDFDocEncoding, one byte a character:
		 * with a bookmark for every question, titles are most of
		 * the outline.  A raw CR would be read as an end of line. */
		int ascii = 1;
		for (HPDF_UINT i = 2; ascii && i + 1 < m->len; i += 2)
			ascii = m->title[i] == 0 && m->title[i + 1] >= 0x20 &&
			    m->title[i + 1] < 0x7f;
		BUF_PUTSL(&b, "/Title (");
		for (HPDF_UINT i = ascii ? 3 : 0; i < m->len; i += ascii ? 2 : 1) {
			HPDF_BYTE c = m->title[i];
			if (c == '(' || c == ')' || c == '\\')
				buf_putc(&b, '\\');
			if (c == '\r')
				BUF_PUTSL(&b, "\\r");
			else
				buf_putc(&b, (char)c);
		}
		BUF_PUTSL(&b, ")\012");
		put_ref(&b, "/Prev ", m->prev);
		put_ref(&b, "/Parent ", m->parent);
		put_dest(&b, "/Dest ", m->target, m->y);
	}
	put_ref(&b, "/First ", m->first);
	put_ref(&b, "/Last ", m->last);
	if (!root)
		put_ref(&b, "/Next ", m->next);
	int count = mark_count(m);
	if (count != 0)
		buf_printf(&b, "/Count %d\012", count);
	return write_buf(s, &b);
}

static void
free_mark(HPDF_Dict dict)
{
	HPDF_FreeMem(dict->mmgr, dict->attr);
}

/* A new entry under parent (NULL: the root), in the cross-reference
 * table; NULL with libharu's error set. */
static struct mark *
new_mark(HPDF_Doc pdf, struct mark *parent, const char *title, size_t len)
{
	HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);
	if (d == NULL || HPDF_Xref_Add(pdf->xref, d) != HPDF_OK)
		return NULL; /* HPDF_Xref_Add freed d */
	d->header.obj_class |= HPDF_OSUBCLASS_OUTLINE;
	struct mark *m = HPDF_GetMem(pdf->mmgr, (HPDF_UINT)(sizeof(*m) + len));
	if (m == NULL)
		return NULL;
	memset(m, 0, sizeof(*m));
	m->self = d;
	m->opened = parent == NULL;
	m->len = (HPDF_UINT)len;
	if (len)
		memcpy(m->title, title, len);
	d->attr = m;
	d->write_fn = write_mark;
	d->free_fn = free_mark;
	if (parent) {
		/* AddChild */
		m->parent = parent->self;
		if (parent->last) {
			((struct mark *)parent->last->attr)->next = d;
			m->prev = parent->last;
		} else
			parent->first = d;
		parent->last = d;
	}
	return m;
}

HPDF_STATUS
hpdf_fix_bookmark(HPDF_Doc pdf, int level, const char *title, size_t len,
    HPDF_Page target, HPDF_REAL y)
{
	if (pdf->outlines == NULL) {
		/* What HPDF_CreateOutline does for the first one. */
		struct mark *r = new_mark(pdf, NULL, NULL, 0);
		if (r == NULL || HPDF_Dict_Add(pdf->catalog, "Outlines",
		    r->self) != HPDF_OK)
			return HPDF_GetError(pdf);
		pdf->outlines = r->self;
	}
	struct mark *root = pdf->outlines->attr;
	if (level < 0 || level >= HPDF_FIX_LEVELS)
		return HPDF_RaiseError(&pdf->error, HPDF_INVALID_PARAMETER, 0);
	/* Under the last entry of the nearest level above that has one. */
	int up = level;
	while (up > 0 && root->at[up - 1] == NULL)
		up--;
	struct mark *parent = up > 0 ? root->at[up - 1]->attr : root;
	struct mark *m = new_mark(pdf, parent, title, len);
	if (m == NULL)
		return HPDF_GetError(pdf);
	m->target = target;
	m->y = y;
	root->at[level] = m->self;
	for (int k = level + 1; k < HPDF_FIX_LEVELS; k++)
		root->at[k] = NULL;
	/* Shown open once one of its entries has entries of its own: the
	 * headings, not a group's list of questions (an entry starts
	 * closed; the root is always open). */
	if (parent->parent != NULL)
		((struct mark *)parent->parent->attr)->opened = 1;
	return HPDF_OK;
}

/* --- saving --- */

/* libharu keeps every page's contents uncompressed until it saves (some
 * 20 KB a page of text, four times what they compress to), then
 * compresses each with its own deflate state of some 256 KB.  Here a
 * finished page is compressed at once with one state for all pages, and
 * its dictionary told to write the bytes as they are. */
struct hpdf_fix_deflate {
	z_stream z;
	struct buf out;  /* a page's compressed contents */
};

static voidpf
z_alloc(voidpf opaque, uInt items, uInt size)
{
	(void)opaque;
	return xcalloc(items, size);
}

static void
z_free(voidpf opaque, voidpf ptr)
{
	(void)opaque;
	free(ptr);
}

struct hpdf_fix_deflate *
hpdf_fix_deflate_new(void)
{
	struct hpdf_fix_deflate *d = xcalloc(1, sizeof(*d));
	d->out = (struct buf)BUF_INIT;
	d->z.zalloc = z_alloc;
	d->z.zfree = z_free;
	/* What HPDF_Stream_WriteToStreamWithDeflate uses, so the same bytes
	 * come out.  With memory that never runs out, only a zlib other
	 * than the one in zlib.h can fail here. */
	if (deflateInit(&d->z, Z_DEFAULT_COMPRESSION) != Z_OK)
		abort();
	return d;
}

void
hpdf_fix_deflate_free(struct hpdf_fix_deflate *d)
{
	if (d == NULL)
		return;
	deflateEnd(&d->z);
	buf_free(&d->out);
	free(d);
}

/* HPDF_Dict_Write calls this after the dictionary's entries, with
 * "/Filter [/FlateDecode]" among them, and reads the filter again before
 * it copies the stream: none, so the compressed bytes go out as they are. */
static HPDF_STATUS
write_as_is(HPDF_Dict dict, HPDF_Stream stream)
{
	(void)stream;
	dict->filter = HPDF_STREAM_FILTER_NONE;
	dict->write_fn = NULL;
	return HPDF_OK;
}

/* Deflates in[0..n) onto d->out; flush is Z_FINISH after the last piece.
 * (The bytes do not depend on how input and output are cut.) */
static int
deflate_piece(struct hpdf_fix_deflate *d, const HPDF_BYTE *in, HPDF_UINT n,
    int flush)
{
	struct buf *out = &d->out;
	d->z.next_in = (Bytef *)in;
	d->z.avail_in = n;
	int zr;
	do {
		buf_grow(out, 1 << 14);
		size_t room = out->cap - out->len - 1;
		d->z.next_out = (Bytef *)out->ptr + out->len;
		d->z.avail_out = (uInt)room;
		zr = deflate(&d->z, flush);
		if (zr == Z_STREAM_ERROR)
			return -1;
		out->len += room - d->z.avail_out;
		out->ptr[out->len] = '\0';
	} while (d->z.avail_out == 0 || (flush == Z_FINISH && zr != Z_STREAM_END));
	return 0;
}

HPDF_STATUS
hpdf_fix_page_done(HPDF_Doc pdf, HPDF_Page page, struct hpdf_fix_deflate *d)
{
	HPDF_Dict contents = ((HPDF_PageAttr)page->attr)->contents;
	if (!(contents->filter & HPDF_STREAM_FILTER_FLATE_DECODE) ||
	    contents->write_fn != NULL)
		return HPDF_OK; /* not compressed, or done already */
	HPDF_Stream s = contents->stream;
	buf_clear(&d->out);
	HPDF_UINT nbuf = HPDF_MemStream_GetBufCount(s);
	int rc = deflateReset(&d->z) == Z_OK ? 0 : -1;
	for (HPDF_UINT i = 0; i < nbuf && rc == 0; i++) {
		HPDF_UINT n = 0;
		HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(s, i, &n);
		if (p && n)
			rc = deflate_piece(d, p, n, Z_NO_FLUSH);
	}
	if (rc == 0)
		rc = deflate_piece(d, NULL, 0, Z_FINISH);
	if (rc != 0)
		return HPDF_RaiseError(&pdf->error, HPDF_ZLIB_ERROR, 0);
	HPDF_MemStream_FreeData(s);
	HPDF_STATUS st = HPDF_Stream_Write(s, (const HPDF_BYTE *)d->out.ptr,
	    (HPDF_UINT)d->out.len);
	contents->write_fn = write_as_is;
	return st;
}

struct sink {
	hpdf_fix_sink write;
	void *ctx;
};

static HPDF_STATUS
sink_write(HPDF_Stream stream, const HPDF_BYTE *ptr, HPDF_UINT siz)
{
	const struct sink *s = stream->attr;
	return s->write(s->ctx, ptr, siz) == 0 ? HPDF_OK : HPDF_FILE_IO_ERROR;
}

/* HPDF_SaveToStream writes into pdf->stream, a memory stream it makes
 * unless there is one: a callback writer put there gets the bytes
 * instead (HPDF_MemStream_FreeData leaves other kinds alone). */
HPDF_STATUS
hpdf_fix_save(HPDF_Doc pdf, hpdf_fix_sink write, void *ctx)
{
	struct sink s = { write, ctx };
	HPDF_Stream cb = HPDF_CallbackWriter_New(pdf->mmgr, sink_write, &s);
	if (cb == NULL)
		return HPDF_GetError(pdf);
	if (pdf->stream)
		HPDF_Stream_Free(pdf->stream);
	pdf->stream = cb;
	HPDF_STATUS st = HPDF_SaveToStream(pdf);
	HPDF_Stream_Free(cb);
	pdf->stream = NULL;
	return st;
}

/* --- the embedded fonts --- */



struct repair {
	HPDF_Doc pdf;
	HPDF_Font font;
	HPDF_FontDef def;
	const char *path;
	const uint8_t *used;
	const struct hpdf_fix_slots *slots; /* NULL: none */
	struct diag *d;
};

/* Reports the pending libharu error; -1. */
static int
fail(const struct repair *r, const char *what)
{
	diag_sys(r->d, MSG_HARU_FONT, what, r->path,
	    (unsigned long)HPDF_GetError(r->pdf),
	    (unsigned long)HPDF_GetErrorDetail(r->pdf));
	return -1;
}

static int
is_used(const struct repair *r, uint32_t cp)
{
	return cp < 65536 && (r->used[cp >> 3] & (1u << (cp & 7)));
}

/* The slot CID cid's index, or -1 when it is a code point. */
static long
slot_of(const struct repair *r, uint32_t cid)
{
	if (r->slots == NULL || cid < HPDF_FIX_SLOT0 ||
	    cid >= HPDF_FIX_SLOT0 + r->slots->n)
		return -1;
	return (long)(cid - HPDF_FIX_SLOT0);
}

/* The glyph CID cid draws. */
static HPDF_UINT16
gid_of(const struct repair *r, uint32_t cid)
{
	long k = slot_of(r, cid);
	if (k >= 0)
		return r->slots->gid[k];
	return HPDF_TTFontDef_GetGlyphid(r->def, (HPDF_UINT16)cid);
}

/* Reads glyph gid of a's font (at most cap bytes) into out; its length. */
static size_t
read_glyph(HPDF_TTFontDefAttr a, unsigned gid, HPDF_BYTE *out, size_t cap)
{
	if (gid + 1 > a->num_glyphs)
		return 0;
	HPDF_UINT32 off = a->glyph_tbl.offsets[gid];
	HPDF_UINT32 end = a->glyph_tbl.offsets[gid + 1];
	if (a->header.index_to_loc_format == 0) {
		off *= 2;
		end *= 2;
	}
	if (end <= off)
		return 0;
	HPDF_UINT n = end - off > cap ? (HPDF_UINT)cap : (HPDF_UINT)(end - off);
	if (HPDF_Stream_Seek(a->stream, (HPDF_INT)(a->glyph_tbl.base_offset + off),
	    HPDF_SEEK_SET) != HPDF_OK ||
	    HPDF_Stream_Read(a->stream, out, &n) != HPDF_OK)
		return 0;
	return n;
}

static unsigned
be16(const HPDF_BYTE *b)
{
	return (unsigned)b[0] << 8 | b[1];
}

/* libharu 2.3.0 puts a glyph in the subset when it measures it, and then
 * the glyphs it is built from, but not theirs: DejaVu's «ё» is built from
 * «е», which is built from Latin «e», so a text that measures «ё» before
 * any «е» embeds «е» blank.  Here every glyph drawn, and everything it is
 * built from at any depth, is marked, just before the subset is written. */
static int
close_subset(const struct repair *r)
{
	HPDF_TTFontDefAttr a = (HPDF_TTFontDefAttr)r->def->attr;
	HPDF_BYTE *flgs = a->glyph_tbl.flgs;
	unsigned n = a->num_glyphs;
	unsigned *stack = xmalloc((n + 1) * sizeof(*stack));
	size_t top = 0;
	for (uint32_t cp = 0; cp < 65536; cp++)
		if (is_used(r, cp)) {
			unsigned gid = gid_of(r, cp);
			if (gid < n)
				flgs[gid] = 1;
		}
	for (unsigned g = 0; g < n; g++)
		if (flgs[g])
			stack[top++] = g;
	enum { CAP = 4096 };
	HPDF_BYTE *glyph = xmalloc(CAP);
	while (top > 0) {
		unsigned g = stack[--top];
		size_t len = read_glyph(a, g, glyph, CAP);
		/* numberOfContours < 0: a composite, components from byte 10. */
		if (len < 10 || !(glyph[0] & 0x80))
			continue;
		size_t at = 10;
		unsigned flags;
		do {
			if (at + 4 > len)
				break;
			flags = be16(glyph + at);
			unsigned comp = be16(glyph + at + 2);
			at += 4 + ((flags & 0x0001) ? 4 : 2);     /* ARG_1_AND_2_ARE_WORDS */
			if (flags & 0x0008)                       /* WE_HAVE_A_SCALE */
				at += 2;
			else if (flags & 0x0040)                  /* X_AND_Y_SCALE */
				at += 4;
			else if (flags & 0x0080)                  /* TWO_BY_TWO */
				at += 8;
			if (comp < n && !flgs[comp]) {
				flgs[comp] = 1;
				stack[top++] = comp;
			}
		} while (flags & 0x0020);                         /* MORE_COMPONENTS */
	}
	free(glyph);
	free(stack);
	if (HPDF_GetError(r->pdf) != HPDF_OK)
		return fail(r, "reading composite glyphs");
	return 0;
}

static HPDF_TTFTable *
find_table(HPDF_TTFontDefAttr a, const char *tag)
{
	for (unsigned i = 0; i < a->offset_tbl.num_tables; i++)
		if (memcmp(a->offset_tbl.table[i].tag, tag, 4) == 0)
			return &a->offset_tbl.table[i];
	return NULL;
}

/* libharu's subset keeps every table but glyf whole; two of them are
 * most of what is left: post (some 60 KB of glyph names, which a PDF
 * never uses: version 3 has none) and hmtx (the widths are in /W; only
 * the glyphs in the subset keep theirs).  libharu copies the tables from
 * its font stream when it saves, so the stream becomes a patched copy of
 * the file in memory.  After close_subset, which fixes the subset. */
static int
slim_font(const struct repair *r)
{
	HPDF_TTFontDefAttr a = (HPDF_TTFontDefAttr)r->def->attr;
	FILE *fp = fopen(r->path, "rb");
	if (fp == NULL) {
		diag_sys(r->d, MSG_FONT_UNREADABLE,
		    r->path, strerror(errno));
		return -1;
	}
	struct buf b = BUF_INIT;
	char chunk[1 << 16];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_put(&b, chunk, n);
	int rd_err = ferror(fp);
	fclose(fp);
	HPDF_BYTE *f = (HPDF_BYTE *)b.ptr;
	HPDF_TTFTable *post = find_table(a, "post");
	HPDF_TTFTable *hmtx = find_table(a, "hmtx");
	if (rd_err || post == NULL || hmtx == NULL ||
	    (size_t)post->offset + post->length > b.len ||
	    (size_t)hmtx->offset + hmtx->length > b.len) {
		buf_free(&b);
		return 0; /* not the file libharu read: leave it alone */
	}
	if (post->length >= 32) {
		memcpy(f + post->offset, "\0\3\0\0", 4);
		post->length = 32;
	}
	const HPDF_BYTE *flgs = a->glyph_tbl.flgs;
	for (unsigned g = 0; g < a->num_glyphs; g++) {
		if (flgs[g])
			continue;
		size_t at = g < a->num_h_metric ? 4 * (size_t)g :
		    4 * (size_t)a->num_h_metric + 2 * (size_t)(g - a->num_h_metric);
		size_t len = g < a->num_h_metric ? 4 : 2;
		/* The last advance is that of every glyph after it too (a
		 * monospace font may list one): only its side bearing goes. */
		if (g + 1 == a->num_h_metric && g + 1 < a->num_glyphs) {
			at += 2;
			len = 2;
		}
		if (at + len <= hmtx->length)
			memset(f + hmtx->offset + at, 0, len);
	}
	HPDF_Stream ms = HPDF_MemStream_New(r->pdf->mmgr, (HPDF_UINT)b.len);
	if (ms == NULL || HPDF_Stream_Write(ms, f, (HPDF_UINT)b.len) != HPDF_OK) {
		buf_free(&b);
		return fail(r, "copying the font");
	}
	buf_free(&b);
	HPDF_Stream_Free(a->stream);
	a->stream = ms;
	return 0;
}

/* With the UTF-8 encoder a CID is the character's code point (or a
 * slot: hpdf_fix_slots).  libharu
 * lists the width and the glyph of every character of the font (some
 * 30 KB a face); only those drawn are needed. */
static int
trim_widths(const struct repair *r)
{
	HPDF_FontAttr fa = (HPDF_FontAttr)r->font->attr;
	HPDF_Dict desc = fa->descendant_font;
	HPDF_Array w = desc ? HPDF_Dict_GetItem(desc, "W", HPDF_OCLASS_ARRAY) : NULL;
	if (w == NULL || fa->map_stream == NULL) {
		if (HPDF_GetError(r->pdf) != HPDF_OK)
			return fail(r, "finding the font's widths");
		return 0;
	}
	HPDF_Array_Clear(w);
	HPDF_Array run = NULL;
	uint32_t max = 0;
	for (uint32_t cp = 0; cp < 65536; cp++) {
		if (!is_used(r, cp)) {
			run = NULL;
			continue;
		}
		max = cp;
		if (run == NULL) {
			run = HPDF_Array_New(r->pdf->mmgr);
			HPDF_Array_AddNumber(w, (HPDF_INT32)cp);
			HPDF_Array_Add(w, run);
		}
		HPDF_UINT16 gid = gid_of(r, cp);
		HPDF_Array_AddNumber(run, HPDF_TTFontDef_GetGidWidth(r->def, gid));
	}
	HPDF_Stream map = fa->map_stream->stream;
	HPDF_MemStream_FreeData(map);
	HPDF_BYTE pair[2];
	for (uint32_t cp = 0; cp <= max; cp++) {
		HPDF_UINT16 gid = is_used(r, cp) ? gid_of(r, cp) : 0;
		pair[0] = (HPDF_BYTE)(gid >> 8);
		pair[1] = (HPDF_BYTE)gid;
		HPDF_Stream_Write(map, pair, 2);
	}
	return HPDF_GetError(r->pdf) != HPDF_OK ? fail(r, "writing the font's widths") : 0;
}

/* The slot CIDs drawn, each to its character as a surrogate pair, in
 * blocks of at most 100 (the CMap limit), onto b. */
static void
write_slot_chars(const struct repair *r, struct buf *b, struct buf *body)
{
	unsigned count = 0;
	buf_clear(body);
	for (size_t k = 0; r->slots && k <= r->slots->n; k++) {
		if ((k == r->slots->n || count == 100) && count > 0) {
			buf_printf(b, "%u beginbfchar\n%sendbfchar\n", count,
			    body->ptr);
			buf_clear(body);
			count = 0;
		}
		if (k == r->slots->n || !is_used(r, HPDF_FIX_SLOT0 + (uint32_t)k))
			continue;
		uint32_t c = r->slots->cp[k] - 0x10000;
		buf_printf(body, "<%04X> <%04X%04X>\n",
		    (unsigned)(HPDF_FIX_SLOT0 + k), (unsigned)(0xD800 + (c >> 10)),
		    (unsigned)(0xDC00 + (c & 0x3FF)));
		count++;
	}
}

/* libharu's ToUnicode map is one "begincidrange" that no reader accepts;
 * this one maps each CID drawn to its character, in ranges where they
 * run on (a bfrange may not cross a change of the first byte). */
static int
write_tounicode(const struct repair *r)
{
	HPDF_FontAttr fa = (HPDF_FontAttr)r->font->attr;
	if (fa->cmap_stream == NULL)
		return 0;
	struct buf b = BUF_INIT, body = BUF_INIT;
	BUF_PUTSL(&b, "/CIDInit /ProcSet findresource begin\n12 dict begin\n"
	    "begincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
	    "/Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n"
	    "/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\n"
	    "endcodespacerange\n");
	unsigned count = 0;
	for (uint32_t cp = 0; cp < 65536; cp++) {
		if (!is_used(r, cp) || (cp >= 0xD800 && cp <= 0xDFFF))
			continue;
		uint32_t end = cp;
		while (end + 1 < 65536 && ((end + 1) & 0xFF) != 0 && is_used(r, end + 1))
			end++;
		buf_printf(&body, "<%04X> <%04X> <%04X>\n", (unsigned)cp,
		    (unsigned)end, (unsigned)cp);
		cp = end;
		if (++count == 100) {
			buf_printf(&b, "100 beginbfrange\n%sendbfrange\n", body.ptr);
			buf_clear(&body);
			count = 0;
		}
	}
	if (count)
		buf_printf(&b, "%u beginbfrange\n%sendbfrange\n", count, body.ptr);
	write_slot_chars(r, &b, &body);
	BUF_PUTSL(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\n"
	    "end\nend\n");
	HPDF_MemStream_FreeData(fa->cmap_stream->stream);
	HPDF_Stream_Write(fa->cmap_stream->stream, (const HPDF_BYTE *)b.ptr,
	    (HPDF_UINT)b.len);
	/* The keys libharu gave it describe an encoding CMap, not this. */
	HPDF_Dict_RemoveElement(fa->cmap_stream, "CMapName");
	HPDF_Dict_RemoveElement(fa->cmap_stream, "CIDSystemInfo");
	HPDF_Dict_RemoveElement(fa->cmap_stream, "WMode");
	HPDF_ResetError(r->pdf); /* a key that was not there is no error */
	buf_free(&b);
	buf_free(&body);
	return 0;
}

static uint32_t
be32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static void
put32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)(v >> 24);
	b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8);
	b[3] = (uint8_t)v;
}

/* The TrueType checksum: the sum of big-endian words, len rounded up
 * to a word with zeros. */
static uint32_t
sfnt_sum(const uint8_t *b, size_t len)
{
	uint32_t sum = 0;
	for (size_t i = 0; i < len; i += 4) {
		uint8_t w[4] = { 0, 0, 0, 0 };
		memcpy(w, b + i, len - i < 4 ? len - i : 4);
		sum += be32(w);
	}
	return sum;
}

/* Lays the sfnt in (len bytes) out again into out as the OpenType spec
 * wants it; -1 if it is not one.  libharu 2.3.0 writes the subset's
 * tables back to back (most then start off a 4-byte boundary), keeps
 * the original font's searchRange, entrySelector and rangeShift for
 * fewer tables, and computes head.checkSumAdjustment without the table
 * directory: FreeType forgives all that, stricter readers (OTS, font
 * validators, some printers' RIPs) do not.  Here every table starts on
 * a word, is padded with zeros, tables of no length are dropped, and
 * the sums are made again. */
int
hpdf_fix_sfnt_tidy(const uint8_t *in, size_t len, struct buf *out)
{
	if (len < 12)
		return -1;
	unsigned n = be16(in + 4), kept = 0;
	if (12 + 16 * (size_t)n > len)
		return -1;
	for (unsigned i = 0; i < n; i++) {
		const uint8_t *rec = in + 12 + 16 * (size_t)i;
		if ((size_t)be32(rec + 8) + be32(rec + 12) > len)
			return -1;
		kept += be32(rec + 12) > 0;
	}
	unsigned pow2 = 1, log2 = 0;
	while (pow2 * 2 <= kept) {
		pow2 *= 2;
		log2++;
	}
	buf_clear(out);
	uint8_t hdr[12];
	memcpy(hdr, in, 4);
	hdr[4] = (uint8_t)(kept >> 8), hdr[5] = (uint8_t)kept;
	hdr[6] = (uint8_t)(pow2 * 16 >> 8), hdr[7] = (uint8_t)(pow2 * 16);
	hdr[8] = 0, hdr[9] = (uint8_t)log2;
	hdr[10] = (uint8_t)((kept - pow2) * 16 >> 8), hdr[11] = (uint8_t)((kept - pow2) * 16);
	buf_put(out, hdr, 12);
	static const uint8_t zero[16];
	for (unsigned i = 0; i < kept; i++)
		buf_put(out, zero, 16);    /* the directory, filled in below */
	size_t dir = 12, at = out->len, head = 0;
	for (unsigned i = 0; i < n; i++) {
		const uint8_t *rec = in + 12 + 16 * (size_t)i;
		uint32_t off = be32(rec + 8), tlen = be32(rec + 12);
		if (tlen == 0)
			continue;
		buf_put(out, in + off, tlen);
		buf_put(out, zero, (4 - tlen % 4) % 4);
		uint8_t *t = (uint8_t *)out->ptr + at;
		if (memcmp(rec, "head", 4) == 0 && tlen >= 12) {
			head = at;
			put32(t + 8, 0);
		}
		uint8_t *r = (uint8_t *)out->ptr + dir;
		memcpy(r, rec, 4);
		put32(r + 4, sfnt_sum(t, tlen));
		put32(r + 8, (uint32_t)at);
		put32(r + 12, tlen);
		dir += 16;
		at = out->len;
	}
	if (head)
		put32((uint8_t *)out->ptr + head + 8,
		    0xB1B0AFBAu - sfnt_sum((const uint8_t *)out->ptr, out->len));
	return 0;
}

/* Makes libharu build the font's descriptor and FontFile2 now (what it
 * does when it saves, once: it keeps the descriptor), then lays the
 * embedded file out again with hpdf_fix_sfnt_tidy. */
static int
tidy_embedded(const struct repair *r)
{
	HPDF_Font font = r->font;
	if (font->before_write_fn == NULL || font->before_write_fn(font) != HPDF_OK ||
	    r->def->descriptor == NULL)
		return fail(r, "embedding the font");
	HPDF_Dict ff = HPDF_Dict_GetItem(r->def->descriptor, "FontFile2",
	    HPDF_OCLASS_DICT);
	if (ff == NULL || ff->stream == NULL)
		return fail(r, "finding the embedded font");
	struct buf in = BUF_INIT, out = BUF_INIT;
	HPDF_UINT nbuf = HPDF_MemStream_GetBufCount(ff->stream);
	for (HPDF_UINT i = 0; i < nbuf; i++) {
		HPDF_UINT n = 0;
		HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(ff->stream, i, &n);
		if (p)
			buf_put(&in, p, n);
	}
	int rc = 0;
	if (hpdf_fix_sfnt_tidy((const uint8_t *)in.ptr, in.len, &out) != 0) {
		diag_sys(r->d, MSG_FONT_NOT_EMBEDDED, r->path);
		rc = -1;
	} else {
		HPDF_MemStream_FreeData(ff->stream);
		if (HPDF_Stream_Write(ff->stream, (const HPDF_BYTE *)out.ptr,
		    (HPDF_UINT)out.len) != HPDF_OK ||
		    HPDF_Dict_AddNumber(ff, "Length1", (HPDF_INT32)out.len) != HPDF_OK)
			rc = fail(r, "writing the embedded font");
	}
	buf_free(&in);
	buf_free(&out);
	return rc;
}

/* The height of capitals in 1/1000 of the size, which PDF/A wants in
 * the descriptor and libharu does not write: the OS/2 table's
 * sCapHeight (version 2 on), else the top of the glyph of 'H'. */
static int
cap_height(const struct repair *r)
{
	HPDF_TTFontDefAttr a = (HPDF_TTFontDefAttr)r->def->attr;
	unsigned upem = a->header.units_per_em ? a->header.units_per_em : 1000;
	const HPDF_TTFTable *os2 = find_table(a, "OS/2");
	HPDF_BYTE b[90];
	int v = 0;
	int pending = HPDF_GetError(r->pdf) != HPDF_OK;
	if (os2 && os2->length >= 90 && read_at(a, os2->offset, b, 90) == 0 &&
	    be16(b) >= 2)
		v = (int16_t)be16(b + 88);
	if (v <= 0) {
		HPDF_BYTE g[10];
		unsigned gid = HPDF_TTFontDef_GetGlyphid(r->def, 'H');
		v = gid && read_glyph(a, gid, g, sizeof(g)) == sizeof(g) ?
		    (int16_t)be16(g + 8) : 0;
	}
	/* A font too short to tell is no error; one raised before is the
	 * caller's. */
	if (!pending)
		HPDF_ResetError(r->pdf);
	return v * 1000 / (int)upem;
}

/* The CIDs the subset has (every one drawn, and 0), a bit each from the
 * first byte's high bit: PDF/A-1 wants it for a subset CIDFont; PDF/A-2
 * takes it when it is complete, and writing it there too keeps a 2b
 * file the 1b file but for its part number (tests/check-pdfa.sh). */
static int
add_cidset(const struct repair *r)
{
	uint8_t bits[65536 / 8];
	memcpy(bits, r->used, sizeof(bits));
	bits[0] |= 1;           /* CID 0, .notdef */
	size_t n = sizeof(bits);
	while (n > 1 && bits[n - 1] == 0)
		n--;
	/* used has CID c at bit (c & 7) from the low end; CIDSet from the
	 * high end. */
	for (size_t i = 0; i < n; i++) {
		unsigned x = bits[i], y = 0;
		for (int k = 0; k < 8; k++)
			y |= ((x >> k) & 1u) << (7 - k);
		bits[i] = (uint8_t)y;
	}
	HPDF_Dict set = new_stream(r->pdf, bits, n,
	    (r->pdf->compression_mode & HPDF_COMP_TEXT) != 0);
	if (set == NULL || HPDF_Dict_Add(r->def->descriptor, "CIDSet", set) != HPDF_OK)
		return fail(r, "making the CIDSet");
	return 0;
}

int
hpdf_fix_font(HPDF_Doc pdf, HPDF_Font font, const char *path,
    const uint8_t *used, const struct hpdf_fix_slots *slots, int cidset,
    struct diag *d)
{
	struct repair r = { pdf, font, ((HPDF_FontAttr)font->attr)->fontdef, path,
		used, slots, d };
	int cap = cap_height(&r);
	if (close_subset(&r) != 0 || slim_font(&r) != 0 || trim_widths(&r) != 0 ||
	    write_tounicode(&r) != 0 || tidy_embedded(&r) != 0)
		return -1;
	if (HPDF_Dict_AddNumber(r.def->descriptor, "CapHeight", cap) != HPDF_OK)
		return fail(&r, "writing the font's descriptor");
	return cidset ? add_cidset(&r) : 0;
}
