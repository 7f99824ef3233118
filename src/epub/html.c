/* html.c: answer trees as XHTML (see html.h). */
#include "html.h"
#include "answer_walk.h"
#include "outline.h"
#include "xw.h"

#include <stdio.h>
#include <string.h>

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

/* A leaf: text, or an element with its text and nothing inside.  1 when
 * s is not a leaf, else 0.  Elements end with xw_full_end, never as
 * "<a .../>": Anki shows fields through an HTML parser, which reads
 * "<a/>" or "<h4/>" as a start tag, so an empty link or heading would
 * swallow the rest of the card.  Only br and hr, HTML's void elements
 * here, may end in "/>". */
static int
leaf(struct xw *x, const struct aw_step *s)
{
	switch (s->type) {
	case CMARK_NODE_CODE_BLOCK:
		xw_start(x, "pre");
		xw_start(x, "code");
		write_language_class(x, s->info);
		xw_text(x, s->literal);
		xw_full_end(x);
		xw_full_end(x);
		return 0;
	case CMARK_NODE_CODE:
		xw_start(x, "code");
		xw_text(x, s->literal);
		xw_full_end(x);
		return 0;
	case CMARK_NODE_TEXT:
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

int
html_write(struct xw *x, const struct ol_node *q)
{
	struct answer_walk aw;
	const struct aw_step *s;
	aw_start(&aw, q->as.question.answer, typo_lang_of(q->display.lang));
	while (!x->err && (s = aw_next(&aw)) != NULL) {
		if (s->enter && leaf(x, s) == 1)
			open_element(x, s);
		else if (!s->enter && element(s))
			xw_full_end(x);
	}
	aw_end(&aw);
	return x->err ? -1 : 0;
}

int
html_answer(xmlTextWriterPtr w, const struct ol_node *q)
{
	struct xw x;
	xw_wrap(&x, w);
	int rc = html_write(&x, q);
	xw_close(&x);
	return rc;
}
