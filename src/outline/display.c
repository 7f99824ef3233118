/* display.c: the display pass (outline_display, see struct ol_display).
 *
 * Every heading, fallback title, rank and topic the backends print is
 * decided here, once, so that the PDF, the EPUB and the deck cannot
 * disagree: a titled group of an untitled section, such as the seed's
 * closing "Общие уточняющие:", stands at the top level everywhere.
 */
#include "outline.h"

#include <stddef.h>

static void
display_group(struct ol_node *g, int section_rank)
{
	g->display.heading = g->text;
	g->display.rank = g->text ? section_rank + 1 : -1;
	g->display.topic = g->as.group.label ? g->as.group.label : g->text;
	OL_FOREACH(q, g)
		q->display.rank = -1;
}

/* What section s's page is called (see ol_display.label). */
static const char *
page_label(const struct outline *o, const struct ol_node *s)
{
	if (s->display.heading)
		return s->display.heading;
	if (s->first && s->first->text)
		return s->first->text;
	if (s->first && o->nsections == 0)
		return o->root->display.heading;
	return o->labels->general;
}

static void
display_section(struct outline *o, struct ol_node *s)
{
	/* An untitled section adds no level: its titled groups are the top
	 * level.  One without groups still stands for a page of its own. */
	if (s->text)
		s->display.heading = s->text;
	else if (s->first == NULL)
		s->display.heading = o->labels->general;
	s->display.rank = s->display.heading ? 0 : -1;
	s->display.label = page_label(o, s);
	OL_FOREACH(g, s)
		display_group(g, s->text ? 0 : -1);
}

void
outline_display(struct outline *o)
{
	o->root->display.heading = o->meta.title ? o->meta.title : o->root->text;
	o->root->display.rank = -1;
	OL_FOREACH(s, o->root)
		display_section(o, s);
}
