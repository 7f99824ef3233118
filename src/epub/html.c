/* html.c: answer trees as XHTML (see html.h). */
#include "html.h"
#include "answer_walk.h"
#include "outline.h"
#include "utf8.h"
#include "xw.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* CSS tab-size in the stylesheets (epub.css, anki.css). */
enum { TAB_COLUMNS = 4 };
/* What a continuation adds before its text: the 4ch hanging indent of
 * the stylesheets and the mark "↪ ". */
enum { HANG_COLUMNS = 4, MARK_COLUMNS = 2 };

/* The first word of a fence's info string, kept to [A-Za-z0-9_+-]. */
static void
write_language_class(struct xw *x, const char *info)
{
	char cls[48] = "language-";
	size_t n = strlen(cls);
	for (; *info && *info != ' ' && n + 1 < sizeof(cls); info++) {
		char c = *info;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '+' || c == '-')
			cls[n++] = c;
	}
	cls[n] = '\0';
	if (n > strlen("language-"))
		xw_attr(x, "class", cls);
}

/* The element a container step opens, or NULL for none (document, a
 * paragraph in a tight list, an unsafe link, an image). */
static const char *
element(const struct aw_step *s)
{
	static const char *const h[] = { "h3", "h3", "h4", "h5", "h6", "h6", "h6" };
	switch (s->type) {
	case CMARK_NODE_BLOCK_QUOTE: return "blockquote";
	case CMARK_NODE_LIST: return s->ordered ? "ol" : "ul";
	case CMARK_NODE_ITEM: return "li";
	case CMARK_NODE_PARAGRAPH: return s->tight ? NULL : "p";
	case CMARK_NODE_HEADING:
		return h[s->heading_level >= 0 && s->heading_level <= 6 ?
		    s->heading_level : 6];
	case CMARK_NODE_EMPH: return "em";
	case CMARK_NODE_STRONG: return "strong";
	case CMARK_NODE_LINK: return s->safe ? "a" : NULL;
	default: return NULL;
	}
}

/* --- code blocks: a span per line, long lines broken with a mark --- */

/* The column after s[0..n) set from column col (tabs to the next stop;
 * every other character one column), or the first past limit: a line of
 * a megabyte is looked at a piece at a time, never all over again. */
static size_t
columns_upto(const char *s, size_t n, size_t col, size_t limit)
{
	const char *end = s + n;
	while (s < end && col <= limit) {
		if (*s == '\t')
			col += TAB_COLUMNS - col % TAB_COLUMNS;
		else if (((unsigned char)*s & 0xC0) != 0x80)
			col++;
		s++;
	}
	return col;
}

static size_t
columns(const char *s, size_t n, size_t col)
{
	return columns_upto(s, n, col, SIZE_MAX - TAB_COLUMNS);
}

/* How well a line breaks before s[p]: 2 after a space (not inside a run
 * of them) or after , ; ( {; 1 before a selector's dot; else 0. */
static int
break_kind(const char *s, size_t p)
{
	char a = s[p - 1], b = s[p];
	if (b == ' ' || b == '\t')
		return 0;
	if (a == ' ' || a == ',' || a == ';' || a == '(' || a == '{')
		return 2;
	return b == '.' && a != ' ' && a != '.';
}

/* The end of the character at s[p]. */
static size_t
char_end(const char *s, size_t n, size_t p)
{
	for (p++; p < n && ((unsigned char)s[p] & 0xC0) == 0x80; p++)
		;
	return p;
}

/* Where a piece of s[0..n) set from column col ends to fit in width
 * columns: the last good break opportunity past the piece's first 40%,
 * else the last dot there, else as many characters as fit (at least
 * one).  When what the last good break leaves ends the line in fewer
 * than SHORT_TAIL columns, an earlier good break whose rest is not so
 * short and still fits the continuation (set from column cont). */
enum { SHORT_TAIL = 10 };

static size_t
piece_end(const char *s, size_t n, size_t col, size_t width, size_t cont)
{
	size_t good[HTML_CODE_COLUMNS + 1], ngood = 0;
	size_t p = 0, fit = 0, dot = 0, c = col;
	while (p < n) {
		size_t q = char_end(s, n, p);
		c = columns(s + p, q - p, c);
		if (c > width && fit > 0)
			break;
		p = fit = q;
		int k = p < n && (c - col) * 5 >= (width - col) * 2 ?
		    break_kind(s, p) : 0;
		if (k == 2 && ngood <= HTML_CODE_COLUMNS)
			good[ngood++] = p;
		else if (k == 1)
			dot = p;
	}
	if (ngood == 0)
		return dot ? dot : fit;
	for (size_t i = ngood; i-- > 0;) {
		size_t rest = columns_upto(s + good[i], n - good[i], cont, width);
		if (rest > width)
			break;          /* not the line's last piece */
		if (rest - cont >= SHORT_TAIL)
			return good[i];
	}
	return good[ngood - 1];
}

static void
text_n(struct xw *x, struct buf *tmp, const char *s, size_t n)
{
	buf_clear(tmp);
	buf_put(tmp, s, n);
	xw_text(x, tmp->ptr);
}

/* One line of code (its '\n' excluded), broken into pieces of at most
 * HTML_CODE_COLUMNS.  Each continuation starts with a mark span holding
 * the line break, the line's own indentation and "↪ ": hidden from screen
 * readers, and left out of a copy by the stylesheets' user-select, so
 * that a copied line is the line as written. */
static void
write_code_line(struct xw *x, struct buf *tmp, const char *s, size_t n)
{
	size_t ind = 0;
	while (ind < n && (s[ind] == ' ' || s[ind] == '\t'))
		ind++;
	size_t icol = columns(s, ind, 0);
	/* A deep indentation would leave a continuation no room. */
	if (icol > HTML_CODE_COLUMNS / 2)
		ind = icol = 0;
	size_t start = HANG_COLUMNS + icol + MARK_COLUMNS, col = 0, p = 0;
	while (columns_upto(s + p, n - p, col, HTML_CODE_COLUMNS) > HTML_CODE_COLUMNS) {
		size_t e = p + piece_end(s + p, n - p, col, HTML_CODE_COLUMNS, start);
		text_n(x, tmp, s + p, e - p);
		xw_start(x, "span");
		xw_attr(x, "class", "code-wrap");
		xw_attr(x, "aria-hidden", "true");
		buf_clear(tmp);
		buf_putc(tmp, '\n');
		buf_put(tmp, s, ind);
		BUF_PUTSL(tmp, "\xE2\x86\xAA ");
		xw_text(x, tmp->ptr);
		xw_full_end(x);
		p = e;
		col = start;
	}
	text_n(x, tmp, s + p, n - p);
}

/* A code block's text, a span.code-line per line with the line's '\n' in
 * it: the stylesheets make the spans blocks with a hanging indent (a line
 * the reader's screen still wraps goes on indented); without them the
 * '\n's keep the lines apart. */
static void
write_code(struct xw *x, const char *code)
{
	struct buf tmp = BUF_INIT;
	while (*code) {
		const char *nl = strchr(code, '\n');
		size_t n = nl ? (size_t)(nl - code) : strlen(code);
		xw_start(x, "span");
		xw_attr(x, "class", "code-line");
		write_code_line(x, &tmp, code, n);
		if (nl)
			xw_text(x, "\n");
		xw_full_end(x);
		code += n + (nl != NULL);
	}
	buf_free(&tmp);
}

void
html_text_lang(struct xw *x, const struct script *sc, int xml_lang,
    const char *s)
{
	size_t len = s ? strlen(s) : 0;
	const char *lang = NULL;
	size_t n = len ? script_next(sc, s, len, &lang) : 0;
	/* The common case, a text all in the document's language (or in
	 * neither script): as it is, with no copy. */
	if (n == len && (lang == NULL || *lang == '\0')) {
		xw_text(x, s);
		return;
	}
	struct buf tmp = BUF_INIT;
	for (size_t at = 0;;) {
		if (lang && *lang) {
			xw_start(x, "span");
			xw_attr(x, "lang", lang);
			if (xml_lang)
				xw_attr(x, "xml:lang", lang);
			text_n(x, &tmp, s + at, n);
			xw_full_end(x);
		} else
			text_n(x, &tmp, s + at, n);
		at += n;
		if (at >= len || x->err)
			break;
		n = script_next(sc, s + at, len - at, &lang);
	}
	buf_free(&tmp);
}

void
html_element_lang(struct xw *x, const char *name, const char *cls,
    const struct script *sc, int xml_lang, const char *s)
{
	xw_start(x, name);
	if (cls)
		xw_attr(x, "class", cls);
	html_text_lang(x, sc, xml_lang, s);
	xw_full_end(x);
}

/* What a text of the answer is written with: the document's script, and
 * whether it is a link's text that shows its address (an autolink: no
 * text in a language). */
struct marks {
	struct script sc;
	int xml_lang;
	int in_url;
};

/* A leaf: text, or an element with its text and nothing inside.  1 when
 * s is not a leaf, else 0.  Elements end with xw_full_end, never as
 * "<a .../>": Anki shows fields through an HTML parser, which reads
 * "<a/>" or "<h4/>" as a start tag, so an empty link or heading would
 * swallow the rest of the card.  Only br and hr, HTML's void elements
 * here, may end in "/>". */
static int
leaf(struct xw *x, const struct marks *m, const struct aw_step *s)
{
	switch (s->type) {
	case CMARK_NODE_CODE_BLOCK:
		xw_start(x, "pre");
		xw_start(x, "code");
		write_language_class(x, s->info);
		write_code(x, s->literal);
		xw_full_end(x);
		xw_full_end(x);
		return 0;
	case CMARK_NODE_CODE:
		xw_start(x, "code");
		xw_text(x, s->literal);
		xw_full_end(x);
		return 0;
	case CMARK_NODE_TEXT:
		if (m->in_url)
			xw_text(x, s->literal);
		else
			html_text_lang(x, &m->sc, m->xml_lang, s->literal);
		return 0;
	case CMARK_NODE_HTML_INLINE:
	case CMARK_NODE_HTML_BLOCK:
		xw_text(x, s->literal);
		return 0;
	case CMARK_NODE_SOFTBREAK:
		xw_text(x, "\n");
		return 0;
	case CMARK_NODE_LINEBREAK:
	case CMARK_NODE_THEMATIC_BREAK:
		xw_start(x, s->type == CMARK_NODE_LINEBREAK ? "br" : "hr");
		xw_end(x);
		return 0;
	default:
		return 1;
	}
}

/* Opens s's element with its attributes. */
static void
open_element(struct xw *x, const struct aw_step *s)
{
	const char *el = element(s);
	if (el == NULL)
		return;
	xw_start(x, el);
	if (s->type == CMARK_NODE_LINK)
		xw_attr(x, "href", s->url);
	if (s->type == CMARK_NODE_LIST && s->ordered && s->list_start != 1) {
		char start[16];
		snprintf(start, sizeof(start), "%d", s->list_start);
		xw_attr(x, "start", start);
	}
}

static int
write_answer(struct xw *x, const struct ol_node *q, int xml_lang)
{
	struct answer_walk aw;
	const struct aw_step *s;
	struct marks m = { script_of(q->display.lang), xml_lang, 0 };
	aw_start(&aw, q->as.question.answer, typo_lang_of(q->display.lang));
	while (!x->err && (s = aw_next(&aw)) != NULL) {
		if (s->type == CMARK_NODE_LINK)
			m.in_url = s->enter && s->shows_url;
		if (s->enter && leaf(x, &m, s) == 1)
			open_element(x, s);
		else if (!s->enter && element(s))
			xw_full_end(x);
	}
	aw_end(&aw);
	return x->err ? -1 : 0;
}

int
html_write(struct xw *x, const struct ol_node *q)
{
	return write_answer(x, q, 1);
}

int
html_answer(xmlTextWriterPtr w, const struct ol_node *q)
{
	struct xw x;
	xw_wrap(&x, w);
	int rc = write_answer(&x, q, 0);
	xw_close(&x);
	return rc;
}
