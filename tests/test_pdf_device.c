/* test_pdf_device.c: unit tests of the libharu device: fonts through
 * fontconfig, glyph coverage, widths, links to missing pages, and the
 * saved document (reproducible, with the repairs pdf_device.c makes). */
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
		{ 1, 2, 3, 4 } };
	char *out = finish(&f, &info, len, rc);
	stop(&f);
	return out;
}

static void
faces_cover_cyrillic_not_cjk_nor_astral(void **state)
{
	(void)state;
	struct fixture f;
	start_dejavu(&f);
	for (int face = 0; face < NFACES; face++) {
		assert_true(f.dev.has_glyph(f.dev.ctx, face, 'A'));
		assert_true(f.dev.has_glyph(f.dev.ctx, face, 0x451)); /* ё */
		assert_false(f.dev.has_glyph(f.dev.ctx, face, 0x4E00));
		assert_false(f.dev.has_glyph(f.dev.ctx, face, 0x1F600));
		assert_false(f.dev.has_glyph(f.dev.ctx, face, 0xD800));
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

/* needle in buf[0..len), which has NUL bytes (compressed streams). */
static const char *
find(const char *buf, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= len; i++)
		if (memcmp(buf + i, needle, n) == 0)
			return buf + i;
	return NULL;
}

static int
has(const char *buf, size_t len, const char *needle)
{
	return find(buf, len, needle) != NULL;
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
	assert_true(has(out, len, "<FEFF040104360020D83DDE00>"));
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(faces_cover_cyrillic_not_cjk_nor_astral),
		cmocka_unit_test(widths_add_up_and_scale),
		cmocka_unit_test(missing_font_names_the_query),
		cmocka_unit_test(link_to_a_missing_page_is_an_error),
		cmocka_unit_test(documents_are_reproducible_and_repaired),
		cmocka_unit_test(bookmarks_keep_every_character),
		cmocka_unit_test(sfnt_tidy_aligns_and_sums),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
