/* html.c: answer trees as XHTML (see html.h). */
#include "html.h"
#include "outline.h"

#include <cmark.h>
#include <string.h>
#include <strings.h>

int
html_safe_url(const char *url)
{
	static const char *const schemes[] = { "http://", "https://", "mailto:" };
	for (size_t i = 0; i < sizeof(schemes) / sizeof(*schemes); i++)
		if (strncasecmp(url, schemes[i], strlen(schemes[i])) == 0)
			return 1;
	return 0;
}

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

/* The element a container node opens, or NULL for none (document, a
 * paragraph in a tight list, an unsafe link, an image). */
static const char *
element(cmark_node *n)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_BLOCK_QUOTE: return "blockquote";
	case CMARK_NODE_LIST:
		return cmark_node_get_list_type(n) == CMARK_ORDERED_LIST ? "ol" : "ul";
	case CMARK_NODE_ITEM: return "li";
	case CMARK_NODE_PARAGRAPH: return ol_cmark_in_tight_list(n) ? NULL : "p";
	case CMARK_NODE_HEADING: {
		static const char *const h[] = { "h3", "h3", "h4", "h5", "h6", "h6", "h6" };
		int level = cmark_node_get_heading_level(n);
		return h[level >= 0 && level <= 6 ? level : 6];
	}
	case CMARK_NODE_EMPH: return "em";
	case CMARK_NODE_STRONG: return "strong";
	case CMARK_NODE_LINK: {
		const char *url = cmark_node_get_url(n);
		return url && html_safe_url(url) ? "a" : NULL;
	}
	default: return NULL;
	}
}

static int
enter(xmlTextWriterPtr w, cmark_node *n)
{
	int rc = 0;
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_CODE_BLOCK:
		if (start(w, "pre") < 0 || start(w, "code") < 0 ||
		    write_language_class(w, cmark_node_get_fence_info(n)) < 0 ||
		    text(w, cmark_node_get_literal(n)) < 0 ||
		    end(w) < 0 || end(w) < 0)
			return -1;
		return 0;
	case CMARK_NODE_CODE:
		if (start(w, "code") < 0 || text(w, cmark_node_get_literal(n)) < 0 ||
		    end(w) < 0)
			return -1;
		return 0;
	case CMARK_NODE_TEXT:
	case CMARK_NODE_HTML_INLINE:
	case CMARK_NODE_HTML_BLOCK:
		return text(w, cmark_node_get_literal(n));
	case CMARK_NODE_SOFTBREAK:
		return text(w, "\n");
	case CMARK_NODE_LINEBREAK:
	case CMARK_NODE_THEMATIC_BREAK:
		if (start(w, cmark_node_get_type(n) == CMARK_NODE_LINEBREAK ? "br" : "hr") < 0)
			return -1;
		return xmlTextWriterEndElement(w);
	default:
		break;
	}
	const char *el = element(n);
	if (el == NULL)
		return 0;
	rc = start(w, el);
	if (rc >= 0 && strcmp(el, "a") == 0)
		rc = xmlTextWriterWriteAttribute(w, BAD_CAST "href",
		    BAD_CAST cmark_node_get_url(n));
	if (rc >= 0 && strcmp(el, "ol") == 0 && cmark_node_get_list_start(n) != 1) {
		rc = xmlTextWriterWriteFormatAttribute(w, BAD_CAST "start", "%d",
		    cmark_node_get_list_start(n));
	}
	return rc < 0 ? -1 : 0;
}

int
html_answer(xmlTextWriterPtr w, const struct ol_node *q)
{
	cmark_node *root = q->as.question.answer;
	if (root == NULL)
		return 0;
	cmark_iter *it = cmark_iter_new(root);
	int rc = 0;
	cmark_event_type ev;
	while (rc == 0 && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		/* libxml2's writer returns the bytes it flushed, which may be
		 * more than 0: only a negative result is a failure. */
		if (ev == CMARK_EVENT_ENTER)
			rc = enter(w, n) < 0 ? -1 : 0;
		else if (!ol_cmark_is_leaf(cmark_node_get_type(n)) && element(n) &&
		    end(w) < 0)
			rc = -1;
	}
	cmark_iter_free(it);
	return rc;
}
