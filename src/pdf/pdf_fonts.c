/* pdf_fonts.c: the fonts of the PDF: finding the faces with fontconfig,
 * and repairing the subsets libharu 2.3.0 would embed (see pdf_fonts.h). */
#include "pdf_fonts.h"
#include "buf.h"
#include "diag.h"
#include "xalloc.h"

#include <fontconfig/fontconfig.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const pdf_face_names[NFACES] = {
	"regular", "bold", "italic", "bold italic", "monospace",
	"monospace bold"
};

static int
family_matches(FcPattern *m, const char *family)
{
	FcChar8 *fam;
	for (int i = 0; FcPatternGetString(m, FC_FAMILY, i, &fam) == FcResultMatch; i++)
		if (strcasecmp((const char *)fam, family) == 0)
			return 1;
	return 0;
}

static const char *
fc_style(enum dev_face f)
{
	switch (f) {
	case FACE_BOLD: case FACE_MONO_BOLD: return "Bold";
	case FACE_ITALIC: return "Italic";
	case FACE_BOLD_ITALIC: return "Bold Italic";
	default: return "Regular";
	}
}

/* The TrueType file of family's face f: fontconfig's best match, which
 * must be of that family (fontconfig falls back to any font) and a
 * TrueType (libharu 2.3.0 cannot embed CFF outlines). */
static int
find_face(FcConfig *cfg, const char *family, enum dev_face f,
    struct pdf_face_file *out, struct diag *d)
{
	int bold = f == FACE_BOLD || f == FACE_BOLD_ITALIC || f == FACE_MONO_BOLD;
	int italic = f == FACE_ITALIC || f == FACE_BOLD_ITALIC;
	FcPattern *pat = FcPatternCreate();
	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
	FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
	FcPatternAddInteger(pat, FC_SLANT, italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
	FcConfigSubstitute(cfg, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	FcResult res;
	FcPattern *m = FcFontMatch(cfg, pat, &res);
	FcPatternDestroy(pat);
	FcChar8 *file = NULL, *fmt = NULL, *got = NULL;
	int rc = -1, index = 0;
	if (m == NULL || !family_matches(m, family)) {
		if (m)
			FcPatternGetString(m, FC_FAMILY, 0, &got);
		diag_sys(d, MSG_FONT_NOT_FOUND, family, pdf_face_names[f],
		    got ? (const char *)got : "nothing", family, fc_style(f));
	} else if (FcPatternGetString(m, FC_FILE, 0, &file) != FcResultMatch) {
		diag_sys(d, MSG_FONT_NO_FILE,
		    family, pdf_face_names[f]);
	} else if (FcPatternGetString(m, FC_FONTFORMAT, 0, &fmt) == FcResultMatch &&
	    strcmp((const char *)fmt, "TrueType") != 0) {
		diag_sys(d, MSG_FONT_NOT_TRUETYPE, family, pdf_face_names[f],
		    (const char *)fmt, (const char *)file);
	} else {
		FcPatternGetInteger(m, FC_INDEX, 0, &index);
		out->path = xstrdup((const char *)file);
		out->index = index;
		rc = 0;
		/* A family without the face: fontconfig gives the nearest one
		 * and asks the renderer to fake the rest (embolden, a slanting
		 * matrix), which a PDF does not do. */
		FcBool embolden = FcFalse;
		FcMatrix *mat;
		FcPatternGetBool(m, FC_EMBOLDEN, 0, &embolden);
		if ((bold && embolden) || (italic &&
		    FcPatternGetMatrix(m, FC_MATRIX, 0, &mat) == FcResultMatch))
			diag_sys(d, MSG_FONT_FACE, family, pdf_face_names[f],
			    (const char *)file, family, fc_style(f));
	}
	if (m)
		FcPatternDestroy(m);
	return rc;
}

int
pdf_fonts_find(const char *body, const char *mono,
    struct pdf_face_file out[NFACES], struct diag *d)
{
	memset(out, 0, NFACES * sizeof(*out));
	/* A configuration of our own, destroyed after the look-ups, so that
	 * fontconfig holds no memory while the document is made. */
	FcConfig *cfg = FcInitLoadConfigAndFonts();
	if (cfg == NULL) {
		diag_sys(d, MSG_FONTCONFIG);
		return -1;
	}
	int rc = 0;
	for (int f = 0; f < NFACES && rc == 0; f++)
		rc = find_face(cfg, f >= FACE_MONO ? mono : body, (enum dev_face)f,
		    &out[f], d);
	FcConfigDestroy(cfg);
	FcFini();
	return rc;
}

/* --- repairs --- */

struct repair {
	HPDF_Doc pdf;
	HPDF_Font font;
	HPDF_FontDef def;
	const char *path;
	const uint8_t *used;
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
			unsigned gid = HPDF_TTFontDef_GetGlyphid(r->def, (HPDF_UINT16)cp);
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

/* With the UTF-8 encoder a CID is the character's code point.  libharu
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
		HPDF_UINT16 gid = HPDF_TTFontDef_GetGlyphid(r->def, (HPDF_UINT16)cp);
		HPDF_Array_AddNumber(run, HPDF_TTFontDef_GetGidWidth(r->def, gid));
	}
	HPDF_Stream map = fa->map_stream->stream;
	HPDF_MemStream_FreeData(map);
	HPDF_BYTE pair[2];
	for (uint32_t cp = 0; cp <= max; cp++) {
		HPDF_UINT16 gid = is_used(r, cp) ?
		    HPDF_TTFontDef_GetGlyphid(r->def, (HPDF_UINT16)cp) : 0;
		pair[0] = (HPDF_BYTE)(gid >> 8);
		pair[1] = (HPDF_BYTE)gid;
		HPDF_Stream_Write(map, pair, 2);
	}
	return HPDF_GetError(r->pdf) != HPDF_OK ? fail(r, "writing the font's widths") : 0;
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
pdf_sfnt_tidy(const uint8_t *in, size_t len, struct buf *out)
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
 * embedded file out again with pdf_sfnt_tidy. */
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
	if (pdf_sfnt_tidy((const uint8_t *)in.ptr, in.len, &out) != 0) {
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

int
pdf_font_repair(HPDF_Doc pdf, HPDF_Font font, const char *path,
    const uint8_t *used, struct diag *d)
{
	struct repair r = { pdf, font, ((HPDF_FontAttr)font->attr)->fontdef, path,
		used, d };
	if (close_subset(&r) != 0 || slim_font(&r) != 0 || trim_widths(&r) != 0 ||
	    write_tounicode(&r) != 0 || tidy_embedded(&r) != 0)
		return -1;
	return 0;
}
