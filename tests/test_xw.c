/* test_xw.c: unit tests of the XML writer (src/util/xw.c): its buffer
 * mode must give the bytes libxml2's xmlTextWriter gives, which the EPUB
 * and the XML dump were written with before. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include "xw.h"

/* One step of a document, done to both writers. */
enum op { START, ATTR, TEXT, STRING, END, FULL_END, RAW };
struct step {
	enum op op;
	const char *a, *b;
};

/* Every ASCII character but NUL, and a few longer ones. */
static char all_chars[160];

static void
libxml_step(xmlTextWriterPtr w, const struct step *s)
{
	int rc = 0;
	switch (s->op) {
	case START: rc = xmlTextWriterStartElement(w, BAD_CAST s->a); break;
	case ATTR: rc = xmlTextWriterWriteAttribute(w, BAD_CAST s->a, BAD_CAST s->b); break;
	case TEXT: /* fallthrough: xw_text differs only on "", never given */
	case STRING: rc = xmlTextWriterWriteString(w, BAD_CAST s->a); break;
	case END: rc = xmlTextWriterEndElement(w); break;
	case FULL_END: rc = xmlTextWriterFullEndElement(w); break;
	case RAW: rc = xmlTextWriterWriteRaw(w, BAD_CAST s->a); break;
	}
	assert_true(rc >= 0);
}

static void
xw_step(struct xw *x, const struct step *s)
{
	switch (s->op) {
	case START: xw_start(x, s->a); break;
	case ATTR: xw_attr(x, s->a, s->b); break;
	case TEXT: xw_text(x, s->a); break;
	case STRING: xw_string(x, s->a); break;
	case END: xw_end(x); break;
	case FULL_END: xw_full_end(x); break;
	case RAW: xw_raw(x, s->a); break;
	}
	assert_int_equal(x->err, 0);
}

/* The document of steps both ways, started with encoding UTF-8, indented
 * or not.  Elements left open are closed by the end of the document. */
static void
same_bytes(const struct step *steps, size_t n, int indent)
{
	xmlBufferPtr b = xmlBufferCreate();
	xmlTextWriterPtr w = xmlNewTextWriterMemory(b, 0);
	if (indent) {
		assert_true(xmlTextWriterSetIndent(w, 1) >= 0);
		assert_true(xmlTextWriterSetIndentString(w, BAD_CAST " ") >= 0);
	}
	assert_true(xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL) >= 0);
	for (size_t i = 0; i < n; i++)
		libxml_step(w, &steps[i]);
	assert_true(xmlTextWriterEndDocument(w) >= 0);
	xmlFreeTextWriter(w);

	struct xw x;
	xw_open(&x);
	if (indent)
		xw_indent(&x);
	for (size_t i = 0; i < n; i++)
		xw_step(&x, &steps[i]);
	assert_int_equal(xw_end_document(&x), 0);
	assert_string_equal(x.b.ptr, (const char *)xmlBufferContent(b));
	xw_close(&x);
	xmlBufferFree(b);
}

static const struct step tree[] = {
	{ START, "doc", NULL }, { ATTR, "title", all_chars }, { ATTR, "e", "" },
	{ START, "empty", NULL }, { END, NULL, NULL },
	{ START, "t", NULL }, { TEXT, all_chars, NULL }, { END, NULL, NULL },
	{ START, "s", NULL }, { STRING, "", NULL }, { END, NULL, NULL },
	{ START, "full", NULL }, { ATTR, "a", "1" }, { FULL_END, NULL, NULL },
	{ START, "outer", NULL },
	{ START, "inner", NULL }, { ATTR, "a", "<&>" }, { START, "deep", NULL },
	{ END, NULL, NULL }, { END, NULL, NULL },
	{ START, "mixed", NULL }, { TEXT, "text then ", NULL },
	{ START, "b", NULL }, { TEXT, "child", NULL }, { END, NULL, NULL },
	{ TEXT, " and text", NULL }, { END, NULL, NULL },
	{ START, "fullkids", NULL }, { START, "k", NULL }, { END, NULL, NULL },
	{ FULL_END, NULL, NULL },
	{ END, NULL, NULL },
	{ RAW, "\n", NULL },
	{ START, "open", NULL }, { START, "open2", NULL }, { TEXT, "x", NULL },
};

static void
flat_document(void **state)
{
	(void)state;
	same_bytes(tree, sizeof(tree) / sizeof(*tree), 0);
}

static void
indented_document(void **state)
{
	(void)state;
	same_bytes(tree, sizeof(tree) / sizeof(*tree), 1);
}

/* A writer error is sticky and reported at the end. */
static void
misuse_is_an_error(void **state)
{
	(void)state;
	struct xw x;
	xw_open(&x);
	xw_start(&x, "a");
	xw_text(&x, "x");
	xw_attr(&x, "late", "1");
	assert_int_equal(x.err, 1);
	xw_start(&x, "b");
	assert_int_equal(xw_end_document(&x), -1);
	xw_close(&x);
}

int
main(void)
{
	size_t n = 0;
	for (int c = 1; c < 128; c++)
		all_chars[n++] = (char)c;
	strcpy(all_chars + n, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80");
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(flat_document),
		cmocka_unit_test(indented_document),
		cmocka_unit_test(misuse_is_an_error),
	};
	xalloc_init_libraries();
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	xalloc_free_libraries();
	return rc;
}
