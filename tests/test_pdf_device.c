/* test_pdf_device.c: unit tests of the libharu device: fonts through
 * fontconfig, glyph coverage, widths, links to missing pages, the saved
 * document (reproducible, with the repairs pdf_device.c makes), and
 * hpdf_fix.c's writing against libharu's own. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "pdf_device.h"
#include "hpdf_fix.h"
#include "pdf_fonts.h"
#include "pdf_pdfa.h"
#include "utf8.h"

#include <hpdf.h>
#include <libxml/parser.h>

struct fixture {
	char *msgs;
	size_t msglen;
	FILE *mem;
	struct diag d;
	struct pdf_dev *p;
	struct device dev;
};

static const struct dev_rgb black = { 0, 0, 0 };

static void
start(struct fixture *f, const char *body, const char *mono)
{
	memset(f, 0, sizeof(*f));
	f->mem = open_memstream(&f->msgs, &f->msglen);
	diag_init(&f->d, f->mem);
	struct pdf_fonts fonts = { body, mono };
	f->p = pdf_dev_new(&fonts, &f->d);
	if (f->p)
		pdf_dev_device(f->p, &f->dev);
}

static void
stop(struct fixture *f)
{
	pdf_dev_free(f->p);
	fclose(f->mem);
	free(f->msgs);
}

/* start with the DejaVu families, which must be there. */
static void
start_dejavu(struct fixture *f)
{
	start(f, "DejaVu Sans", "DejaVu Sans Mono");
	assert_non_null(f->p);
}

/* pdf_dev_finish into memory: the document's bytes (*len of them), its
 * result in *rc. */
static char *
finish(struct fixture *f, const struct pdf_info *info, size_t *len, int *rc)
{
	char *out = NULL;
	FILE *fp = open_memstream(&out, len);
	*rc = pdf_dev_finish(f->p, info, fp);
	fclose(fp);
	return out;
}

static double
width(struct fixture *f, enum dev_face face, double size, const char *s)
{
	return f->dev.text_width(f->dev.ctx, face, size, s, strlen(s));
}

/* The document's bytes: one page with s in the regular face. */
static char *
render(const char *s, size_t *len, int *rc)
{
	struct fixture f;
	start_dejavu(&f);
	assert_int_equal(f.dev.begin_page(f.dev.ctx, 595, 842), 0);
	assert_int_equal(f.dev.text(f.dev.ctx, FACE_REGULAR, 12, 72, 700, s,
	    strlen(s), black), 0);
	struct pdf_info info = { "Заголовок", "Автор", NULL, "ru", 1700000000,
		{ 1, 2, 3, 4 }, 0 };
	char *out = finish(&f, &info, len, rc);
	stop(&f);
	return out;
}

static void
faces_cover_cyrillic_and_fall_back_for_the_rest(void **state)
{
	(void)state;
	struct fixture f;
	start_dejavu(&f);
	for (int face = 0; face < NFACES; face++) {
		assert_true(f.dev.has_glyph(f.dev.ctx, face, 'A'));
		assert_true(f.dev.has_glyph(f.dev.ctx, face, 0x451)); /* ё */
		/* Beyond DejaVu: from Symbola (fonts-symbola, installed by
		 * make), through fontconfig's fallback. */
		assert_true(f.dev.has_glyph(f.dev.ctx, face, 0x1F600));
		/* Private use: no other font's guess; not characters. */
		assert_false(f.dev.has_glyph(f.dev.ctx, face, 0xE000));
		assert_false(f.dev.has_glyph(f.dev.ctx, face, 0xD800));
		assert_false(f.dev.has_glyph(f.dev.ctx, face, 0x110000));
		assert_false(f.dev.has_glyph(f.dev.ctx, face, 0xFFFF));
	}
	double asc, desc;
	f.dev.metrics(f.dev.ctx, FACE_REGULAR, &asc, &desc);
	assert_true(asc > 0.7 && asc < 1.1);
	assert_true(desc > 0.1 && desc < 0.4);
	assert_int_equal(f.d.nerrors, 0);
	stop(&f);
}

static void
widths_add_up_and_scale(void **state)
{
	(void)state;
	struct fixture f;
	start_dejavu(&f);
	double a = width(&f, FACE_REGULAR, 10, "Ёлка");
	assert_true(a > 10 && a < 40);
	assert_true(width(&f, FACE_REGULAR, 20, "Ёлка") > 2 * a - 1e-9 &&
	    width(&f, FACE_REGULAR, 20, "Ёлка") < 2 * a + 1e-9);
	double parts = width(&f, FACE_REGULAR, 10, "Ёл") +
	    width(&f, FACE_REGULAR, 10, "ка");
	assert_true(parts > a - 1e-9 && parts < a + 1e-9);
	assert_true(width(&f, FACE_BOLD, 10, "Ёлка") > a);
	/* Monospace: every character as wide as any other. */
	double i = width(&f, FACE_MONO, 10, "iii"), w = width(&f, FACE_MONO, 10, "WWW");
	assert_true(i > w - 1e-9 && i < w + 1e-9);
	assert_true(width(&f, FACE_REGULAR, 10, "iii") < width(&f, FACE_REGULAR, 10, "WWW"));
	stop(&f);
}

static void
missing_font_names_the_query(void **state)
{
	(void)state;
	struct fixture f;
	start(&f, "No Such Font", "DejaVu Sans Mono");
	assert_null(f.p);
	assert_int_equal(f.d.nerrors, 1);
	diag_flush(&f.d);
	fflush(f.mem);
	assert_non_null(strstr(f.msgs, "font 'No Such Font' (regular) not found"));
	assert_non_null(strstr(f.msgs, "fc-match 'No Such Font:style=Regular'"));
	assert_non_null(strstr(f.msgs, "fonts-dejavu-core"));
	stop(&f);
}

static void
link_to_a_missing_page_is_an_error(void **state)
{
	(void)state;
	struct fixture f;
	start_dejavu(&f);
	assert_int_equal(f.dev.begin_page(f.dev.ctx, 595, 842), 0);
	assert_int_equal(f.dev.link(f.dev.ctx, 72, 700, 100, 12, 2, 800), 0);
	size_t len = 0;
	int rc;
	free(finish(&f, &(struct pdf_info){ .date = 0 }, &len, &rc));
	assert_int_equal(rc, -1);
	diag_flush(&f.d);
	fflush(f.mem);
	assert_non_null(strstr(f.msgs, "goes to page 2 of 1"));
	stop(&f);
}

/* needle[0..n) in buf[0..len); both may hold NUL bytes (compressed
 * streams, UTF-16 strings). */
static const char *
find_bytes(const char *buf, size_t len, const char *needle, size_t n)
{
	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(buf + i, needle, n) == 0)
			return buf + i;
	return NULL;
}

static const char *
find(const char *buf, size_t len, const char *needle)
{
	return find_bytes(buf, len, needle, strlen(needle));
}

static int
has(const char *buf, size_t len, const char *needle)
{
	return find(buf, len, needle) != NULL;
}

static int
has_bytes(const char *buf, size_t len, const char *needle, size_t n)
{
	return find_bytes(buf, len, needle, n) != NULL;
}

static void
documents_are_reproducible_and_repaired(void **state)
{
	(void)state;
	size_t len1, len2;
	int rc1, rc2;
	char *a = render("ёж и еда", &len1, &rc1);
	char *b = render("ёж и еда", &len2, &rc2);
	assert_int_equal(rc1, 0);
	assert_int_equal(rc2, 0);
	assert_true(len1 > 1000);
	assert_int_equal(len1, len2);
	assert_memory_equal(a, b, len1);
	/* The header names a version that has every key used (/Lang: 1.4). */
	assert_true(has(a, len1, "%PDF-1.4"));
	/* The /ID is a digest of the file: not the placeholder given, and
	 * another for other pages. */
	const char *id = find(a, len1, "/ID [ <");
	assert_non_null(id);
	assert_false(has(a, len1, "/ID [ <01020304"));
	size_t len3;
	int rc3;
	char *c = render("другой текст", &len3, &rc3);
	assert_int_equal(rc3, 0);
	const char *id3 = find(c, len3, "/ID [ <");
	assert_non_null(id3);
	assert_true(memcmp(id, id3, 7 + 32) != 0);
	assert_true(memcmp(id + 7, id + 7 + 35, 32) == 0); /* both halves */
	free(c);
	/* Title in UTF-16BE with its byte order mark: "За". */
	assert_true(has(a, len1, "<FEFF04170430"));
	assert_true(has(a, len1, "/Lang (ru)"));
	assert_true(has(a, len1, "/CreationDate (D:20231114221320Z"));
	/* Widths only for the characters drawn (libharu lists every one the
	 * font has): the space, then а (U+0430, 1072). */
	assert_true(has(a, len1, "/W [ 32 [ 317 ] 1072 [ "));
	free(a);
	free(b);
}

/* Bookmarks are UTF-16BE text strings, a character beyond the BMP as its
 * surrogate pair (libharu's encoder would write spaces). */
static void
bookmarks_keep_every_character(void **state)
{
	(void)state;
	struct fixture f;
	start_dejavu(&f);
	assert_int_equal(f.dev.begin_page(f.dev.ctx, 595, 842), 0);
	assert_int_equal(f.dev.bookmark(f.dev.ctx, 0, "Ёж \xF0\x9F\x98\x80", 1, 800), 0);
	size_t len = 0;
	int rc;
	char *out = finish(&f, &(struct pdf_info){ .date = 0 }, &len, &rc);
	assert_int_equal(rc, 0);
	assert_true(has_bytes(out, len, "(\xFE\xFF\x04\x01\x04\x36\0 \xD8\x3D\xDE\0)", 14));
	free(out);
	stop(&f);
	/* A literal string escapes the bytes '(' ')' '\\' and CR of the
	 * UTF-16: Ш U+0428, ќ U+045C, Ѝ U+040D; ASCII titles are one byte a
	 * character, with the same escapes. */
	start_dejavu(&f);
	assert_int_equal(f.dev.begin_page(f.dev.ctx, 595, 842), 0);
	assert_int_equal(f.dev.bookmark(f.dev.ctx, 0, "Шќ\xD0\x8D", 1, 800), 0);
	assert_int_equal(f.dev.bookmark(f.dev.ctx, 0, "f(x) \\ 1", 1, 700), 0);
	out = finish(&f, &(struct pdf_info){ .date = 0 }, &len, &rc);
	assert_int_equal(rc, 0);
	assert_true(has_bytes(out, len, "(\xFE\xFF\x04\\(\x04\\\\\x04\\r)", 13));
	assert_true(has(out, len, "/Title (f\\(x\\) \\\\ 1)"));
	free(out);
	stop(&f);
}

static uint32_t
get32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static void
set32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)(v >> 24), b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8), b[3] = (uint8_t)v;
}

/* An sfnt laid out as libharu writes one (tables back to back, search
 * fields for another count, an empty table) comes out as the OpenType
 * spec wants it; what is no sfnt is refused. */
static void
sfnt_tidy_aligns_and_sums(void **state)
{
	(void)state;
	uint8_t in[12 + 3 * 16 + 5 + 54];
	memset(in, 0, sizeof(in));
	set32(in, 0x00010000);
	in[5] = 3;                      /* numTables */
	in[7] = 0xFF;                   /* searchRange: wrong on purpose */
	const char *tags[3] = { "cvt ", "head", "prep" };
	uint32_t off[3] = { 60, 65, 119 }, len[3] = { 5, 54, 0 };
	for (int i = 0; i < 3; i++) {
		memcpy(in + 12 + 16 * i, tags[i], 4);
		set32(in + 12 + 16 * i + 8, off[i]);
		set32(in + 12 + 16 * i + 12, len[i]);
	}
	memset(in + 60, 0x11, 5);
	set32(in + 65, 0x00010000);     /* head.version */
	set32(in + 65 + 8, 0xDEADBEEF); /* checkSumAdjustment, to be redone */
	set32(in + 65 + 12, 0x5F0F3CF5);
	struct buf out = BUF_INIT;
	assert_int_equal(hpdf_fix_sfnt_tidy(in, sizeof(in), &out), 0);
	const uint8_t *o = (const uint8_t *)out.ptr;
	assert_int_equal(o[4] << 8 | o[5], 2);           /* prep dropped */
	assert_int_equal(o[6] << 8 | o[7], 32);          /* searchRange */
	assert_int_equal(o[8] << 8 | o[9], 1);           /* entrySelector */
	assert_int_equal(o[10] << 8 | o[11], 0);         /* rangeShift */
	assert_int_equal(out.len % 4, 0);
	uint32_t whole = 0;
	for (size_t i = 0; i < out.len; i += 4)
		whole += get32(o + i);
	assert_int_equal(whole, 0xB1B0AFBA);
	for (int i = 0; i < 2; i++) {
		const uint8_t *rec = o + 12 + 16 * i;
		uint32_t at = get32(rec + 8), n = get32(rec + 12);
		assert_int_equal(at % 4, 0);
		assert_int_equal(n, len[i]);
		assert_memory_equal(o + at, in + off[i], i == 1 ? 8 : n);
		uint32_t sum = 0;
		for (uint32_t k = 0; k < n; k += 4) {
			uint8_t w[4] = { 0, 0, 0, 0 };
			memcpy(w, o + at + k, n - k < 4 ? n - k : 4);
			if (i == 1 && k == 8)
				continue;       /* head's sum leaves checkSumAdjustment out */
			sum += get32(w);
		}
		assert_int_equal(sum, get32(rec + 4));
	}
	/* A directory that points past the end, or no directory at all. */
	set32(in + 12 + 8, 1000);
	assert_int_equal(hpdf_fix_sfnt_tidy(in, sizeof(in), &out), -1);
	assert_int_equal(hpdf_fix_sfnt_tidy(in, 8, &out), -1);
	buf_free(&out);
}

/* --- hpdf_fix.c against libharu's own calls --- */

static int
to_buf(void *ctx, const unsigned char *bytes, size_t n)
{
	buf_put(ctx, bytes, n);
	return 0;
}

/* A /FitH destination to page as hpdf_fix.c writes it: direct, in the
 * annotation or bookmark (libharu's own is an object of its own). */
static HPDF_Destination
direct_fith(HPDF_Doc pdf, HPDF_Page page, float y)
{
	HPDF_Array dst = HPDF_Array_New(pdf->mmgr);
	dst->header.obj_class |= HPDF_OSUBCLASS_DESTINATION;
	HPDF_Array_Add(dst, page);
	HPDF_Array_AddName(dst, "FitH");
	HPDF_Array_AddReal(dst, y);
	return dst;
}

/* A document of two pages of text, links and bookmarks, made with
 * libharu's own calls (fixed 0) or with hpdf_fix.c's (fixed 1), saved
 * into out.  Its font is repaired as pdf_device.c repairs it: the subset
 * holds every glyph drawn, whether libharu measured it or not. */
static void
hpdf_doc(int fixed, const char *font_path, struct diag *d, struct buf *out)
{
	static const struct { float x, y; const char *s; } runs[] = {
		{ 72, 700, "Ёлка и ёж" }, { 56.69291f, 797.61707f, "Title (1)" },
		{ 300.5f, 20.25f, "x" }, { 72, 680, "\xE2\x80\x8B" }, /* ZWSP: no width */
		{ -3.3f, 5, "neg \\ «»" }, { 72.1f, 700, "" },
	};
	/* A first entry of level 1 before any section, and of 2 under a
	 * section with no group: under the nearest entry above. */
	static const int levels[] = { 1, 0, 1, 2, 2, 1, 0, 0, 1, 0, 2 };
	HPDF_Doc pdf = HPDF_New(NULL, NULL);
	assert_non_null(pdf);
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(pdf);
	const char *name = HPDF_LoadTTFontFromFile(pdf, font_path, HPDF_TRUE);
	HPDF_Font font = HPDF_GetFont(pdf, name, "UTF-8");
	assert_non_null(font);
	struct hpdf_fix_deflate *z = hpdf_fix_deflate_new();
	struct buf scratch = BUF_INIT;
	static uint8_t used[65536 / 8];
	for (size_t k = 0; k < sizeof(runs) / sizeof(runs[0]); k++)
		for (const char *p = runs[k].s; *p;) {
			uint32_t cp = utf8_next(&p);
			used[cp >> 3] |= (uint8_t)(1u << (cp & 7));
		}
	HPDF_Page pages[2];
	for (int i = 0; i < 2; i++) {
		HPDF_Page pg = pages[i] = HPDF_AddPage(pdf);
		HPDF_Page_BeginText(pg);
		HPDF_Page_SetFontAndSize(pg, font, 10.5f + (float)i);
		for (size_t k = 0; k < sizeof(runs) / sizeof(runs[0]); k++)
			if (fixed)
				hpdf_fix_text(pg, runs[k].x, runs[k].y, runs[k].s,
				    strlen(runs[k].s), &scratch);
			else
				HPDF_Page_TextOut(pg, runs[k].x, runs[k].y, runs[k].s);
		HPDF_Page_EndText(pg);
		if (fixed)
			assert_int_equal(hpdf_fix_page_done(pdf, pg, z), HPDF_OK);
	}
	for (int i = 0; i < 3; i++) {
		HPDF_Rect r = { 72, 700.25f - (float)i, 200, 690 }; /* top below bottom */
		if (fixed) {
			assert_int_equal(hpdf_fix_link(pdf, pages[i & 1], r, pages[1],
			    500 - (float)i), HPDF_OK);
			continue;
		}
		HPDF_Annotation a = HPDF_Page_CreateLinkAnnot(pages[i & 1], r,
		    direct_fith(pdf, pages[1], 500 - (float)i));
		HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
		HPDF_Dict_AddNumber(a, "F", 4);
	}
	/* The last entry at each level, as hpdf_fix_bookmark keeps them. */
	HPDF_Outline at[3] = { NULL, NULL, NULL };
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
		/* Printable ASCII, which both write as a literal string
		 * (hpdf_fix.c in PDFDocEncoding, one byte a character); other
		 * titles: bookmarks_keep_every_character. */
		char title[] = "\xFE\xFF\0T\0i\0t\0l\0e\0 \0A";
		title[sizeof(title) - 2] = (char)('A' + i);
		if (fixed) {
			assert_int_equal(hpdf_fix_bookmark(pdf, levels[i], title,
			    sizeof(title) - 1, pages[i & 1], 100 + (float)i), HPDF_OK);
			continue;
		}
		char ascii[] = "Title A";
		ascii[sizeof(ascii) - 2] = (char)('A' + i);
		HPDF_Destination dst = direct_fith(pdf, pages[i & 1], 100 + (float)i);
		int up = levels[i];
		while (up > 0 && at[up - 1] == NULL)
			up--;
		HPDF_Outline parent = up > 0 ? at[up - 1] : NULL;
		HPDF_Outline o = HPDF_CreateOutline(pdf, parent, ascii, NULL);
		/* Only the outline root needs its /Type. */
		HPDF_Dict_RemoveElement(o, "Type");
		HPDF_Outline_SetDestination(o, dst);
		at[levels[i]] = o;
		for (int k = levels[i] + 1; k < 3; k++)
			at[k] = NULL;
		/* Open while its entries have entries, written out: the
		 * second entry (level 0) alone has an entry (level 1) with
		 * entries (level 2), the sixth (1) after it; the third (1,
		 * under the second), the eighth and the tenth (0) have
		 * entries with none, the last one (2) under the tenth past a
		 * missing level 1.  hpdf_fix.c is not asked: this is the
		 * answer. */
		HPDF_Outline_SetOpened(o, i == 1 ? HPDF_TRUE : HPDF_FALSE);
	}
	assert_int_equal(hpdf_fix_font(pdf, font, font_path, used, NULL, 0, d), 0);
	if (fixed) {
		assert_int_equal(hpdf_fix_save(pdf, to_buf, out), HPDF_OK);
	} else {
		assert_int_equal(HPDF_SaveToStream(pdf), HPDF_OK);
		HPDF_UINT32 n = HPDF_GetStreamSize(pdf);
		buf_grow(out, n);
		assert_int_equal(HPDF_ReadFromStream(pdf, (HPDF_BYTE *)out->ptr, &n),
		    HPDF_OK);
		out->len = n;
	}
	assert_int_equal(HPDF_GetError(pdf), HPDF_OK);
	buf_free(&scratch);
	hpdf_fix_deflate_free(z);
	HPDF_Free(pdf);
}

/* What hpdf_fix.c writes in libharu's stead (text, compressed pages,
 * links, bookmarks, the save) is byte for byte what libharu writes. */
static void
hpdf_fix_writes_what_libharu_writes(void **state)
{
	(void)state;
	struct pdf_face_file files[NFACES];
	struct diag d;
	diag_init(&d, stderr);
	assert_int_equal(pdf_fonts_find("DejaVu Sans", "DejaVu Sans Mono", files,
	    &d), 0);
	struct buf a = BUF_INIT, b = BUF_INIT;
	hpdf_doc(0, files[FACE_REGULAR].path, &d, &a);
	hpdf_doc(1, files[FACE_REGULAR].path, &d, &b);
	assert_true(a.len > 1000);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.ptr, b.ptr, a.len);
	assert_non_null(strstr(a.ptr, "/Count"));
	buf_free(&a);
	buf_free(&b);
	for (int f = 0; f < NFACES; f++)
		free(files[f].path);
}

/* The XMP of a title with markup, quotes, a tab and a control
 * character: what XML cannot hold is left out of the info and the XMP
 * alike (pdf_pdfa_text), the rest escaped; no title, no dc:title. */
static void
xmp_escapes_and_drops_what_xml_cannot_hold(void **state)
{
	(void)state;
	struct buf t = BUF_INIT, x = BUF_INIT;
	pdf_pdfa_text(&t, "A\x01<b>&\"q\"\t]]>\x1B[31m\xEF\xBF\xBF\xC2\x85 \xD0\x81");
	assert_string_equal(t.ptr, "A<b>&\"q\"\t]]>[31m\xC2\x85 \xD0\x81");
	struct pdf_xmp in = { t.ptr, "Me & you", NULL, "ru", "qbind", "Haru",
		1700000000, 2 };
	pdf_xmp(&x, &in);
	assert_non_null(strstr(x.ptr, "<rdf:li xml:lang=\"x-default\">A&lt;b&gt;&amp;&quot;q&quot;&#9;]]&gt;[31m\xC2\x85 \xD0\x81</rdf:li>"));
	assert_non_null(strstr(x.ptr, "<dc:creator><rdf:Seq><rdf:li>Me &amp; you</rdf:li></rdf:Seq></dc:creator>"));
	assert_null(strstr(x.ptr, "dc:description"));
	assert_non_null(strstr(x.ptr, "<xmp:CreateDate>2023-11-14T22:13:20Z</xmp:CreateDate>"));
	assert_non_null(strstr(x.ptr, "<pdfaid:part>2</pdfaid:part>"));
	static const char head[] = "<?xpacket begin=\"\xEF\xBB\xBF\"";
	assert_int_equal(strncmp(x.ptr, head, strlen(head)), 0);
	/* Well-formed XML, as Preflight and every XMP reader parse it. */
	xmlDocPtr doc = xmlReadMemory(x.ptr, (int)x.len, "xmp.xml", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	assert_non_null(doc);
	xmlFreeDoc(doc);
	in.title = NULL;
	pdf_xmp(&x, &in);
	assert_null(strstr(x.ptr, "dc:title"));
	buf_free(&t);
	buf_free(&x);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(faces_cover_cyrillic_and_fall_back_for_the_rest),
		cmocka_unit_test(widths_add_up_and_scale),
		cmocka_unit_test(missing_font_names_the_query),
		cmocka_unit_test(link_to_a_missing_page_is_an_error),
		cmocka_unit_test(documents_are_reproducible_and_repaired),
		cmocka_unit_test(bookmarks_keep_every_character),
		cmocka_unit_test(sfnt_tidy_aligns_and_sums),
		cmocka_unit_test(hpdf_fix_writes_what_libharu_writes),
		cmocka_unit_test(xmp_escapes_and_drops_what_xml_cannot_hold),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
