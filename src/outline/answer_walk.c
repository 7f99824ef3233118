/* answer_walk.c: the shared walk of answer trees (see answer_walk.h). */
#include "answer_walk.h"
#include "outline.h"

#include <string.h>
#include <strings.h>

int
aw_safe_url(const char *url)
{
	static const char *const schemes[] = { "http://", "https://", "mailto:" };
	for (size_t i = 0; i < sizeof(schemes) / sizeof(*schemes); i++)
		if (strncasecmp(url, schemes[i], strlen(schemes[i])) == 0)
			return 1;
	return 0;
}

void
aw_start(struct answer_walk *w, cmark_node *root, enum typo_lang typo)
{
	memset(w, 0, sizeof(*w));
	w->it = root ? cmark_iter_new(root) : NULL;
	w->lit = (struct buf)BUF_INIT;
	typo_begin(&w->typo, typo);
}

void
aw_end(struct answer_walk *w)
{
	if (w->it)
		cmark_iter_free(w->it);
	w->it = NULL;
	buf_free(&w->lit);
}

/* Whether block n is directly in an item of a tight list, where cmark
 * keeps a paragraph node that HTML and print leave without its spacing. */
static int
in_tight_list(cmark_node *n)
{
	cmark_node *item = cmark_node_parent(n);
	cmark_node *list = item ? cmark_node_parent(item) : NULL;
	return cmark_node_get_type(item) == CMARK_NODE_ITEM && list &&
	    cmark_node_get_list_tight(list);
}

/* Whether the link's only child is a text (or code) that reads as its
 * address: an autolink, or a mailto link showing the bare address. */
static int
shows_url(cmark_node *link, const char *url)
{
	cmark_node *c = cmark_node_first_child(link);
	const char *lit = c ? cmark_node_get_literal(c) : NULL;
	return lit && cmark_node_next(c) == NULL && (strcmp(lit, url) == 0 ||
	    (strncmp(url, "mailto:", 7) == 0 && strcmp(lit, url + 7) == 0));
}

/* What the step's type carries, read once for every writer. */
static void
fill(struct aw_step *s)
{
	cmark_node *n = s->node;
	const char *lit;
	if (ol_cmark_has_literal(s->type)) {
		lit = cmark_node_get_literal(n);
		s->literal = lit ? lit : "";
	}
	switch (s->type) {
	case CMARK_NODE_PARAGRAPH:
		s->tight = in_tight_list(n);
		break;
	case CMARK_NODE_HEADING:
		s->tight = in_tight_list(n);
		s->heading_level = cmark_node_get_heading_level(n);
		break;
	case CMARK_NODE_LIST:
		s->ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
		s->list_tight = cmark_node_get_list_tight(n);
		s->list_start = cmark_node_get_list_start(n);
		break;
	case CMARK_NODE_CODE_BLOCK:
		lit = cmark_node_get_fence_info(n);
		s->info = lit ? lit : "";
		break;
	case CMARK_NODE_LINK:
	case CMARK_NODE_IMAGE:
		lit = cmark_node_get_url(n);
		s->url = lit ? lit : "";
		lit = cmark_node_get_title(n);
		s->title = lit ? lit : "";
		if (s->type == CMARK_NODE_LINK) {
			s->safe = aw_safe_url(s->url);
			s->shows_url = shows_url(n, s->url);
		}
		break;
	default:
		break;
	}
}

/* The printed form of a text; quotes pair across the inlines of one
 * block, which a block's entry starts afresh. */
static void
typeset(struct answer_walk *w, struct aw_step *s)
{
	if (w->typo.lang == TYPO_RAW)
		return;
	if (s->type < CMARK_NODE_FIRST_INLINE) {
		if (s->enter)
			typo_begin(&w->typo, w->typo.lang);
		return;
	}
	switch (s->type) {
	case CMARK_NODE_LINK:
		if (s->enter)
			w->url_text = s->shows_url ?
			    cmark_node_first_child(s->node) : NULL;
		break;
	case CMARK_NODE_TEXT:
		if (s->node == w->url_text) {
			typo_skip(&w->typo);
			return;
		}
		buf_clear(&w->lit);
		typo_text(&w->typo, s->literal, strlen(s->literal), &w->lit);
		s->literal = w->lit.ptr;
		break;
	case CMARK_NODE_CODE:
	case CMARK_NODE_HTML_INLINE:
		typo_skip(&w->typo);
		break;
	case CMARK_NODE_SOFTBREAK:
	case CMARK_NODE_LINEBREAK:
		typo_space(&w->typo);
		break;
	default:
		break;
	}
}

const struct aw_step *
aw_next(struct answer_walk *w)
{
	if (w->it == NULL)
		return NULL;
	cmark_event_type ev = cmark_iter_next(w->it);
	if (ev == CMARK_EVENT_DONE)
		return NULL;
	struct aw_step *s = &w->step;
	memset(s, 0, sizeof(*s));
	s->node = cmark_iter_get_node(w->it);
	s->type = cmark_node_get_type(s->node);
	s->name = cmark_node_get_type_string(s->node);
	s->enter = ev == CMARK_EVENT_ENTER;
	/* Leaves get no exit event, containers always do. */
	s->leaf = ol_cmark_is_leaf(s->type);
	if (!s->enter)
		s->depth = --w->depth;
	else if (s->leaf)
		s->depth = w->depth;
	else
		s->depth = w->depth++;
	fill(s);
	typeset(w, s);
	return s;
}
