/* html.c: answer trees as XHTML (see html.h). */
#include "html.h"
#include "answer_walk.h"
#include "outline.h"

#include <string.h>

/* The first word of a fence's info string, kept to [A-Za-z0-9_+-]. */
static int
write_language_class(xmlTextWriterPtr w, const char *info)
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
	if (n == strlen("language-"))
		return 0;
	return xmlTextWriterWriteAttribute(w, BAD_CAST "class", BAD_CAST cls);
}

static int
start(xmlTextWriterPtr w, const char *name)
{
	return xmlTextWriterStartElement(w, BAD_CAST name);
}

static int
text(xmlTextWriterPtr w, const char *s)
{
	return s && *s ? xmlTextWriterWriteString(w, BAD_CAST s) : 0;
}

/* Always "<a ...></a>", never "<a .../>": Anki shows fields through an
 * HTML parser, which reads "<a/>" or "<h4/>" as a start tag, so an empty
 * link or heading would swallow the rest of the card.  Only br and hr,
 * HTML's void elements here, may end in "/>". */
static int
end(xmlTextWriterPtr w)
{
	return xmlTextWriterFullEndElement(w);
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
 * s is not a leaf, else 0 or -1 (the writer failed). */
static int
leaf(xmlTextWriterPtr w, const struct aw_step *s)
{
	switch (s->type) {
	case CMARK_NODE_CODE_BLOCK:
		if (start(w, "pre") < 0 || start(w, "code") < 0 ||
		    write_language_class(w, s->info) < 0 ||
		    text(w, s->literal) < 0 || end(w) < 0 || end(w) < 0)
			return -1;
		return 0;
	case CMARK_NODE_CODE:
		if (start(w, "code") < 0 || text(w, s->literal) < 0 || end(w) < 0)
			return -1;
		return 0;
	case CMARK_NODE_TEXT:
	case CMARK_NODE_HTML_INLINE:
	case CMARK_NODE_HTML_BLOCK:
		return text(w, s->literal) < 0 ? -1 : 0;
	case CMARK_NODE_SOFTBREAK:
		return text(w, "\n") < 0 ? -1 : 0;
	case CMARK_NODE_LINEBREAK:
	case CMARK_NODE_THEMATIC_BREAK:
		if (start(w, s->type == CMARK_NODE_LINEBREAK ? "br" : "hr") < 0 ||
		    xmlTextWriterEndElement(w) < 0)
			return -1;
		return 0;
	default:
		return 1;
	}
}

/* Opens s's element with its attributes.  0, or -1 when the writer failed. */
static int
open_element(xmlTextWriterPtr w, const struct aw_step *s)
{
	const char *el = element(s);
	if (el == NULL)
		return 0;
	int rc = start(w, el);
	if (rc >= 0 && s->type == CMARK_NODE_LINK)
		rc = xmlTextWriterWriteAttribute(w, BAD_CAST "href", BAD_CAST s->url);
	if (rc >= 0 && s->type == CMARK_NODE_LIST && s->ordered && s->list_start != 1)
		rc = xmlTextWriterWriteFormatAttribute(w, BAD_CAST "start", "%d",
		    s->list_start);
	return rc < 0 ? -1 : 0;
}

int
html_answer(xmlTextWriterPtr w, const struct ol_node *q)
{
	struct answer_walk aw;
	const struct aw_step *s;
	int rc = 0;
	aw_start(&aw, q->as.question.answer);
	/* libxml2's writer returns the bytes it flushed, which may be more
	 * than 0: only a negative result is a failure. */
	while (rc == 0 && (s = aw_next(&aw)) != NULL) {
		if (s->enter && (rc = leaf(w, s)) == 1)
			rc = open_element(w, s);
		else if (!s->enter && element(s) && end(w) < 0)
			rc = -1;
	}
	aw_end(&aw);
	return rc;
}
