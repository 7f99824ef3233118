/* read_list.c: numbered, bulleted and bare-line lists -> outline.
 *
 * Items ("1.", "1)", "1 -", "-", "*", "•", "–", …) at the shallowest
 * indentation are questions, their markers dropped; what is indented
 * deeper below one, or stands directly below it, is its answer.  Plain
 * lines are the title (the first) and headings.  A file without any
 * item is a bare list: a line each, headings told apart by their lack
 * of '?' when most lines have one.  FORMAT.md, "list", has the rules.
 */
#include "corpus_int.h"
#include "outline.h"
#include "diag.h"

#include <stdlib.h>
#include <string.h>

struct list {
	struct corpus *c;
	const struct line *lines;
	size_t n;
	int bare;               /* no item in the whole file */
	int asking;             /* most lines end in '?' (bare lists) */
	uint32_t item_indent;   /* the shallowest item's indentation */
	struct ol_node *q;      /* the question whose answer may follow */
	uint32_t q_indent;
	size_t ans_first, ans_last;
	int has_answer;
	int flat_answer;        /* begun on a line not indented */
};

static size_t
item_marker(const struct line *ln)
{
	int md;
	size_t m = list_marker(ln->s, ln->len, &md);
	return m < ln->len ? m : 0;
}

static int
asks(const struct line *ln)
{
	return ln->len && ln->s[ln->len - 1] == '?';
}

static int
title_after_items(const struct line *ln)
{
	return item_marker(ln) == 0 && line_indent(ln) == 0;
}

static int
title_of_bare(const struct line *ln)
{
	return line_indent(ln) == 0 && !asks(ln);
}

static void
flush(struct list *l)
{
	if (l->q && l->has_answer)
		lines_answer(l->c, l->q, l->lines, l->ans_first, l->ans_last,
		    line_raw(&l->lines[l->ans_first]), UINT32_MAX);
	l->q = NULL;
	l->has_answer = 0;
}

/* The last of up to 3 lines directly below lines[i] (and i itself) that
 * ends in '?', for a question wrapped over lines; SIZE_MAX when none does. */
static size_t
wrapped_end(const struct list *l, size_t i)
{
	for (size_t k = i; k < l->n && k < i + 3; k++) {
		if ((k > i && l->lines[k].blank_before) || item_marker(&l->lines[k]) ||
		    l->lines[k].kind == L_TOOLONG)
			return SIZE_MAX;
		if (asks(&l->lines[k]))
			return k;
	}
	return SIZE_MAX;
}

/* Whether lines[i] belongs to the current question (its answer, or the
 * rest of its text); consumes it if so, returning the last line used. */
static int
belongs(struct list *l, size_t *i)
{
	const struct line *ln = &l->lines[*i];
	uint32_t ind = line_indent(ln);
	size_t m = l->bare ? 0 : item_marker(ln);
	size_t skip;
	if (l->q == NULL || lines_hash_heading(ln, &skip))
		return 0;
	int deeper = ind > l->q_indent && !(m && ind <= l->item_indent);
	/* Bare lists have a question a line: only indentation makes an answer.
	 * A line ending in ':' is a group's heading; an answer begun with
	 * indented lines ends at the first line that is not. */
	int below = !l->bare && !ln->blank_before && !m && ind <= l->q_indent &&
	    ln->s[ln->len - 1] != ':' && (!l->has_answer || l->flat_answer);
	if (!deeper && !below)
		return 0;
	size_t k;
	if (!l->has_answer && !text_asks(l->q->text) &&
	    !ln->blank_before && (k = wrapped_end(l, *i)) != SIZE_MAX) {
		lines_join(l->c, l->q, l->lines, *i, k);
		*i = k;
		return 1;
	}
	if (!l->has_answer) {
		l->ans_first = *i;
		l->flat_answer = !deeper;
	}
	l->ans_last = *i;
	l->has_answer = 1;
	return 1;
}

/* A plain line of a bare list that is a heading, not a question. */
static int
bare_heading(const struct list *l, const struct line *ln)
{
	char last = ln->s[ln->len - 1];
	return last == ':' || (l->asking && last != '?' && last != '.' && ln->len <= 120);
}

/* Plain lines: a heading, or two directly below each other, a section
 * and its group.  Returns the index of the last line used. */
static size_t
headings(struct list *l, size_t i)
{
	const struct line *ln = &l->lines[i], *next = i + 1 < l->n ? ln + 1 : NULL;
	int pair = next && !next->blank_before && next->kind != L_TOOLONG &&
	    line_indent(next) == 0 && (l->bare ? bare_heading(l, next) :
	    item_marker(next) == 0);
	if (ln->s[ln->len - 1] == ':')
		pair = 0;
	lines_heading(l->c, ln, ln->s, ln->len, pair ? 1 : 0);
	if (!pair)
		return i;
	lines_heading(l->c, next, next->s, next->len, 2);
	return i + 1;
}

/* A file that fits no shape: prose, most likely.  Said once, at the
 * first line past the title that asks nothing, rather than letting the
 * reader's guess pass unremarked. */
static void
not_a_list(struct corpus *c, const struct line *lines, size_t n, size_t asked,
    size_t plain)
{
	for (size_t i = 1; i < n; i++)
		if (lines[i].kind != L_TOOLONG && !asks(&lines[i])) {
			diag_msg(c->d, MSG_LIST_SHAPE, c->file, lines[i].no,
			    lines[i].col, asked, plain);
			return;
		}
}

static void
question(struct list *l, const struct line *ln, size_t m)
{
	const char *s = ln->s + m;
	size_t len = ln->len - m;
	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	struct line at = *ln;
	at.col += (uint32_t)m;
	at.s = s;
	at.len = (uint32_t)len;
	l->q = corpus_question(l->c, &at, s, len);
	l->q_indent = line_indent(ln);
}

void
read_list(struct corpus *c, const char *data, size_t len, int first_file)
{
	struct list l = { .c = c, .item_indent = UINT32_MAX };
	struct line *lines = split_lines(c, data, len, &l.n);
	l.lines = lines;
	c->lax_tabs = 1;
	c->question = NULL;
	size_t asked = 0, plain = 0;
	for (size_t i = 0; i < l.n; i++) {
		if (lines[i].kind == L_TOOLONG)
			continue;
		plain++;
		asked += asks(&lines[i]);
		if (item_marker(&lines[i]) && line_indent(&lines[i]) < l.item_indent)
			l.item_indent = line_indent(&lines[i]);
	}
	l.bare = l.item_indent == UINT32_MAX;
	l.asking = asked * 2 >= plain;
	if (l.bare && plain > 5 && asked * 10 < plain * 3)
		not_a_list(c, lines, l.n, asked, plain);
	size_t i = lines_top(c, lines, l.n, first_file,
	    l.bare ? title_of_bare : title_after_items);
	for (; i < l.n; i++) {
		const struct line *ln = &lines[i];
		if (ln->kind == L_TOOLONG || belongs(&l, &i))
			continue;
		flush(&l);
		size_t skip, m = l.bare ? 0 : item_marker(ln);
		int level = lines_hash_heading(ln, &skip);
		if (level)
			lines_heading(c, ln, ln->s + skip, ln->len - skip, level == 1 ? 1 : 2);
		else if (m || (l.bare && !bare_heading(&l, ln)))
			question(&l, ln, m);
		else
			i = headings(&l, i);
	}
	flush(&l);
	c->lax_tabs = 0;
	free(lines);
}
