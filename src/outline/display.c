/* display.c: the display pass (outline_display, see struct ol_display).
 *
 * Every heading, fallback title, rank, topic, printed text and
 * follow-up reference the backends print is decided here, once, so that
 * the PDF, the EPUB and the deck cannot disagree: a titled group of an
 * untitled section, such as the seed's closing "Общие уточняющие:",
 * stands at the top level everywhere, and a follow-up group "К вопросу 1
 * (goroutine):" is headed "goroutine" with «к вопросу 1» under it in
 * every format.
 */
#include "qbind.h"
#include "outline.h"
#include "buf.h"
#include "typo.h"
#include "xalloc.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

struct pass {
	struct outline *o;
	int lang;                          /* enum typo_lang */
	/* The questions outside follow-up groups so far, in reading order:
	 * "К вопросу N" is the N-th of them, when it comes before. */
	const struct ol_node **plain;
	size_t nplain;
};

/* n's spans and, through them, its heading (a section or group; a
 * question prints no heading). */
static void
set_spans(struct pass *P, struct ol_node *n, const char *text)
{
	int heading = n->kind != OL_QUESTION;
	n->display.spans = ol_spans(P->o->arena, text, P->lang,
	    &n->display.nspans, heading ? &n->display.heading : NULL);
}

/* A follow-up group: headed by its topic, its parent named under it;
 * without a topic the reference itself is the heading ("К вопросу 3"). */
static void
display_follow_up(struct pass *P, struct ol_node *g)
{
	unsigned n = g->as.group.follows;
	const struct ol_node *parent = n <= P->nplain ? P->plain[n - 1] : NULL;
	const struct ol_labels *l = P->o->labels;
	const char *ref = g->as.group.label ? l->follow_up_sub : l->follow_up;
	struct buf line = BUF_INIT, b = BUF_INIT;
	/* The parent by the number it is printed with, which differs from
	 * N once follow-ups before it take numbers. */
	if (parent)
		buf_printf(&line, "%s %s", ref, parent->number);
	else
		buf_printf(&line, "%s %u", ref, n);
	g->display.parent_question = parent;
	if (g->as.group.label) {
		set_spans(P, g, g->as.group.label);
		g->display.subheading = arena_strdup(P->o->arena,
		    typo_string(P->lang, line.ptr, &b));
	} else
		set_spans(P, g, line.ptr);
	buf_free(&line);
	buf_free(&b);
}

static void
display_group(struct pass *P, struct ol_node *g, int section_rank)
{
	if (g->as.group.follows && g->text)
		display_follow_up(P, g);
	else if (g->text)
		set_spans(P, g, g->text);
	g->display.rank = g->text ? section_rank + 1 : -1;
	g->display.topic = g->as.group.label ? g->as.group.label : g->text;
	g->display.lang = P->o->meta.lang;
	OL_FOREACH(q, g) {
		q->display.rank = -1;
		q->display.lang = P->o->meta.lang;
		set_spans(P, q, q->text);
		if (!g->as.group.follows)
			P->plain[P->nplain++] = q;
	}
}

/* What section s's page is called (see ol_display.label). */
static const char *
page_label(const struct outline *o, const struct ol_node *s)
{
	if (s->display.heading)
		return s->display.heading;
	if (s->first && s->first->text)
		return s->first->display.heading;
	if (s->first && o->nsections == 0)
		return o->root->display.heading;
	return o->labels->general;
}

static void
display_section(struct pass *P, struct ol_node *s)
{
	/* An untitled section adds no level: its titled groups are the top
	 * level.  One without groups still stands for a page of its own. */
	if (s->text)
		set_spans(P, s, s->text);
	else if (s->first == NULL)
		s->display.heading = P->o->labels->general;
	s->display.rank = s->display.heading ? 0 : -1;
	s->display.lang = P->o->meta.lang;
	OL_FOREACH(g, s)
		display_group(P, g, s->text ? 0 : -1);
	/* After the groups: an untitled section's page is named by its
	 * first group's heading as printed. */
	s->display.label = page_label(P->o, s);
}

void
outline_display(struct outline *o)
{
	struct pass P = { .o = o, .lang = typo_lang_of(o->meta.lang) };
	struct ol_node *r = o->root;
	struct buf b = BUF_INIT;
	const char *title = o->meta.title ? o->meta.title : r->text;
	r->display.heading = title ?
	    arena_strdup(o->arena, typo_string(P.lang, title, &b)) : NULL;
	if (o->meta.subtitle)
		r->display.subheading = arena_strdup(o->arena,
		    typo_string(P.lang, o->meta.subtitle, &b));
	buf_free(&b);
	r->display.rank = -1;
	r->display.lang = o->meta.lang;
	P.plain = xcalloc(o->nquestions + 1, sizeof(const struct ol_node *));
	size_t index = 0;
	OL_FOREACH(s, r) {
		s->display.index = index++;
		display_section(&P, s);
	}
	free(P.plain);
}
