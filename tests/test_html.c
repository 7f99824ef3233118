/* test_html.c: unit tests of the answer -> XHTML renderer (src/epub/html.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qbind.h"
#include "outline.h"
#include "diag.h"
#include "html.h"
#include "buf.h"
#include "xalloc.h"
#include "xw.h"

/* The outline of a one-question corpus whose answer is text, in
 * language lang (NULL: as detected). */
static struct outline *
one_question_in(const char *lang, const char *text)
{
	struct diag d;
	diag_init(&d, stderr);
	struct corpus *c = corpus_new(&d);
	struct buf b0 = BUF_INIT;
	if (lang)
		buf_printf(&b0, "---\nlang: %s\n---\n", lang);
	buf_printf(&b0, "Title\n\n# S\n\n## G\n\n%s", text);
	corpus_add_mem(c, "t.txt", b0.ptr, b0.len);
	buf_free(&b0);
	struct outline *o = corpus_finish(c);
	assert_int_equal(d.nerrors, 0);
	assert_int_equal(outline_validate(o, &d), 0);
	assert_non_null(ol_next_question(o, NULL));
	return o;
}

static struct outline *
one_question(const char *text)
{
	return one_question_in(NULL, text);
}

#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

/* The XHTML of the first question's answer in text, through libxml2's
 * writer: alone, as the deck writes it, or in a document started with
 * encoding UTF-8 (where attribute values keep their non-ASCII
 * characters), as the EPUB's pages were before they had a writer of
 * their own; without the XML declaration and final line break. */
static char *
render_libxml(const char *text, int document)
{
	struct outline *o = one_question(text);
	xmlBufferPtr b = xmlBufferCreate();
	xmlTextWriterPtr w = xmlNewTextWriterMemory(b, 0);
	if (document)
		assert_true(xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) >= 0);
	assert_int_equal(xmlTextWriterStartElement(w, BAD_CAST "div"), 0);
	assert_int_equal(html_answer(w, ol_next_question(o, NULL)), 0);
	assert_true(xmlTextWriterEndElement(w) >= 0);
	if (document)
		assert_true(xmlTextWriterEndDocument(w) >= 0);
	xmlFreeTextWriter(w);
	const char *p = (const char *)xmlBufferContent(b);
	size_t n = strlen(p);
	if (document) {
		assert_true(n > strlen(XML_DECL));
		assert_memory_equal(p, XML_DECL, strlen(XML_DECL));
		p += strlen(XML_DECL);
		n -= strlen(XML_DECL) + 1;
	}
	char *s = strndup(p, n);
	xmlBufferFree(b);
	outline_free(o);
	return s;
}

static char *
render(const char *text)
{
	return render_libxml(text, 0);
}

/* The same through the buffer writer (as the EPUB writes it), without
 * the XML declaration and the final line break. */
static char *
render_buffer(const char *text)
{
	struct outline *o = one_question(text);
	struct xw x;
	xw_open(&x);
	xw_start(&x, "div");
	assert_int_equal(html_write(&x, ol_next_question(o, NULL)), 0);
	xw_end(&x);
	assert_int_equal(xw_end_document(&x), 0);
	assert_true(x.b.len > strlen(XML_DECL));
	assert_memory_equal(x.b.ptr, XML_DECL, strlen(XML_DECL));
	char *s = strndup(x.b.ptr + strlen(XML_DECL),
	    x.b.len - strlen(XML_DECL) - 1);
	assert_int_equal(x.b.ptr[x.b.len - 1], '\n');
	xw_close(&x);
	outline_free(o);
	return s;
}

/* Text through html_text_lang in a document of language lang, in a
 * <p>: without the XML declaration and the final line break. */
static char *
text_lang(const char *lang, int xml_lang, const char *text)
{
	struct script sc = script_of(lang);
	struct xw x;
	xw_open(&x);
	xw_start(&x, "p");
	html_text_lang(&x, &sc, xml_lang, text);
	xw_full_end(&x);
	assert_int_equal(xw_end_document(&x), 0);
	char *s = strndup(x.b.ptr + strlen(XML_DECL),
	    x.b.len - strlen(XML_DECL) - 1);
	xw_close(&x);
	return s;
}

static void
check_text_lang(const char *lang, int xml_lang, const char *text,
    const char *want)
{
	char *s = text_lang(lang, xml_lang, text);
	assert_string_equal(s, want);
	free(s);
}

/* Runs of the other script in a span of their language; the rest, and
 * a text all in the document's language, as they are. */
static void
text_lang_marks_other_script(void **state)
{
	(void)state;
	check_text_lang("ru", 1, "Что такое goroutine и select-case?",
	    "<p>Что такое <span lang=\"en\" xml:lang=\"en\">goroutine</span> и "
	    "<span lang=\"en\" xml:lang=\"en\">select-case</span>?</p>");
	check_text_lang("ru", 0, "«Go 1.22 & sync.Map» — это",
	    "<p>«<span lang=\"en\">Go 1.22 &amp; sync.Map</span>» — это</p>");
	check_text_lang("ru", 0, "Mutex vs RWMutex",
	    "<p><span lang=\"en\">Mutex vs RWMutex</span></p>");
	check_text_lang("en", 1, "A «горутина» is a goroutine",
	    "<p>A «<span lang=\"ru\" xml:lang=\"ru\">горутина</span>» is a goroutine</p>");
	check_text_lang("ru", 1, "Всё по-русски, 42.", "<p>Всё по-русски, 42.</p>");
	check_text_lang("en", 1, "All English, 42.", "<p>All English, 42.</p>");
	check_text_lang("ru", 1, "2 + 2 = 4", "<p>2 + 2 = 4</p>");
	check_text_lang("ru", 1, "", "<p></p>");
	/* A document of neither script marks nothing. */
	check_text_lang("ja", 1, "Go の goroutine", "<p>Go の goroutine</p>");
}

/* An answer in a Russian document: its English words marked, its code,
 * code blocks and an autolink's address not; the deck's fields (libxml2
 * writer) with lang alone, the EPUB's pages with xml:lang too. */
static void
answer_marks_other_script(void **state)
{
	(void)state;
	const char *text = "Q?\n:::\nЭто *goroutine*, `go func` и <https://go.dev/>, "
	    "[docs](https://go.dev/doc) тут.\n\n```go\nx := строка\n```\n:::\n";
	struct outline *o = one_question_in("ru", text);
	xmlBufferPtr b = xmlBufferCreate();
	xmlTextWriterPtr w = xmlNewTextWriterMemory(b, 0);
	assert_int_equal(html_answer(w, ol_next_question(o, NULL)), 0);
	xmlFreeTextWriter(w);
	assert_string_equal((const char *)xmlBufferContent(b),
	    "<p>Это <em><span lang=\"en\">goroutine</span></em>, <code>go func</code> и\xC2\xA0"
	    "<a href=\"https://go.dev/\">https://go.dev/</a>, "
	    "<a href=\"https://go.dev/doc\"><span lang=\"en\">docs</span></a> тут.</p>"
	    "<pre><code class=\"language-go\"><span class=\"code-line\">x := строка\n"
	    "</span></code></pre>");
	xmlBufferFree(b);

	struct xw x;
	xw_open(&x);
	xw_start(&x, "div");
	assert_int_equal(html_write(&x, ol_next_question(o, NULL)), 0);
	xw_end(&x);
	assert_int_equal(xw_end_document(&x), 0);
	assert_non_null(strstr(x.b.ptr, "<em><span lang=\"en\" xml:lang=\"en\">goroutine</span></em>"));
	assert_non_null(strstr(x.b.ptr, ">https://go.dev/</a>"));
	xw_close(&x);
	outline_free(o);
}

static void
blocks_and_inlines(void **state)
{
	(void)state;
	char *s = render("What is it?\n:::\nSome *em* and **strong** and `a<b`.\n\n"
	    "- one\n- two\n\n3. three\n4. four\n\n```go\nx := 1 && 2\n```\n\n"
	    "> quoted\n\n## Sub\n\n---\n:::\n");
	assert_string_equal(s, "<div><p>Some <em>em</em> and <strong>strong</strong> and "
	    "<code>a&lt;b</code>.</p><ul><li>one</li><li>two</li></ul>"
	    "<ol start=\"3\"><li>three</li><li>four</li></ol>"
	    "<pre><code class=\"language-go\"><span class=\"code-line\">x := 1 &amp;&amp; 2\n"
	    "</span></code></pre>"
	    "<blockquote><p>quoted</p></blockquote><h4>Sub</h4><hr/></div>");
	free(s);
}

static void
links_are_filtered_and_html_is_text(void **state)
{
	(void)state;
	char *s = render("Q?\n:::\n[ok](https://go.dev/?a=1&b=2) "
	    "[bad](javascript:alert(1)) ![img](x.png) <script>x</script>\n:::\n");
	assert_string_equal(s, "<div><p><a href=\"https://go.dev/?a=1&amp;b=2\">ok</a> "
	    "bad img &lt;script&gt;x&lt;/script&gt;</p></div>");
	free(s);
}

/* Empty elements keep their end tag: Anki reads fields as HTML, where
 * "<a href=…/>" or "<h4/>" opens an element that runs to the end of the
 * card.  Only the void br and hr may be written as "<br/>". */
static void
empty_elements_have_end_tags(void **state)
{
	(void)state;
	char *s = render("Q?\n:::\nSee [](https://go.dev) here.\n\n#\n\n"
	    "```go\n```\n\n- \n- x\n:::\n");
	assert_string_equal(s, "<div><p>See <a href=\"https://go.dev\"></a> here.</p>"
	    "<h3></h3><pre><code class=\"language-go\"></code></pre>"
	    "<ul><li></li><li>x</li></ul></div>");
	free(s);
}

/* A code line over HTML_CODE_COLUMNS breaks at a space, its continuation
 * after a mark with the line's indentation; a token with no break in it
 * breaks where the line is full; a line that fits and a blank one are
 * left alone. */
static void
long_code_lines_break_with_a_mark(void **state)
{
	(void)state;
	char *s = render("Q?\n:::\n```\n\tfmt.Println(\"one\", \"two\", \"three\", \"four\")\n"
	    "\nx\n" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n```\n:::\n");
	assert_int_equal(HTML_CODE_COLUMNS, 44);
	assert_string_equal(s, "<div><pre><code>"
	    "<span class=\"code-line\">\tfmt.Println(&quot;one&quot;, &quot;two&quot;, "
	    "<span class=\"code-wrap\" aria-hidden=\"true\">\n\t\xE2\x86\xAA </span>"
	    "&quot;three&quot;, &quot;four&quot;)\n</span>"
	    "<span class=\"code-line\">\n</span><span class=\"code-line\">x\n</span>"
	    "<span class=\"code-line\">aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "<span class=\"code-wrap\" aria-hidden=\"true\">\n\xE2\x86\xAA </span>"
	    "aaaaaa\n</span></code></pre></div>");
	free(s);
}

/* The writer flushes every few KiB and then returns a positive count:
 * the walk must go on to the end of a long answer. */
static void
long_answer_is_whole(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_puts(&b, "Long?\n:::\n");
	for (int i = 0; i < 400; i++)
		buf_printf(&b, "Paragraph %d of a long answer.\n\n", i);
	buf_puts(&b, ":::\n");
	char *s = render(b.ptr);
	buf_free(&b);
	assert_non_null(strstr(s, "<p>Paragraph 399 of a long answer.</p></div>"));
	free(s);
}

/* The EPUB's writer gives libxml2's bytes for every answer above. */
static void
buffer_writer_matches_libxml2(void **state)
{
	(void)state;
	static const char *const answers[] = {
		"What is it?\n:::\nSome *em* and **strong** and `a<b`.\n\n"
		"- one\n- two\n\n3. three\n4. four\n\n```go\nx := 1 && 2\n```\n\n"
		"> quoted\n\n## Sub\n\n---\n:::\n",
		"Q?\n:::\n[ok](https://go.dev/?a=1&b=\"2\"&c=\xc3\xa9) "
		"[bad](javascript:alert(1)) ![img](x.png) <script>x</script>\n:::\n",
		"Q?\n:::\nSee [](https://go.dev) here.\n\n#\n\n"
		"```go\n```\n\n- \n- x\nline  \nbreak \"q\" \xe2\x82\xac\n:::\n",
	};
	for (size_t i = 0; i < sizeof(answers) / sizeof(*answers); i++) {
		char *want = render_libxml(answers[i], 1), *got = render_buffer(answers[i]);
		assert_string_equal(got, want);
		free(want);
		free(got);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_lang_marks_other_script),
		cmocka_unit_test(answer_marks_other_script),
		cmocka_unit_test(blocks_and_inlines),
		cmocka_unit_test(links_are_filtered_and_html_is_text),
		cmocka_unit_test(long_answer_is_whole),
		cmocka_unit_test(empty_elements_have_end_tags),
		cmocka_unit_test(long_code_lines_break_with_a_mark),
		cmocka_unit_test(buffer_writer_matches_libxml2),
	};
	xalloc_init_libraries();
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	/* libxml2's caches, so that valgrind sees every block freed. */
	xalloc_free_libraries();
	return rc;
}
