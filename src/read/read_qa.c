/* read_qa.c: "Q:"/"A:" pairs -> outline.
 *
 * A question marker (Q:, Question:, Вопрос:, В:, with an optional
 * number or bold) starts a question, an answer marker (A:, Answer:,
 * Ответ:, О:) its answer, which runs up to the next question or
 * heading.  Plain lines outside answers, and short ones standing right
 * above a question, are headings.  FORMAT.md, "qa", has the rules.
 */
#include "corpus_int.h"
#include "outline.h"

#include <stdlib.h>
#include <string.h>

struct qa {
	struct corpus *c;
	const struct line *lines;
	size_t n;
	struct ol_node *q;
	int open;            /* the question's text may go on */
	int has_answer;
	size_t ans_first, ans_last;
	const char *ans_a;   /* where the answer starts on its first line */
};

/* The marker at ln (after an optional bullet): its end, or NULL. */
static const char *
marker(const struct line *ln, int *answer)
{
	int md;
	size_t lm = list_marker(ln->s, ln->len, &md);
	size_t mk = qa_marker(ln->s + lm, ln->len - lm, answer);
	return mk ? ln->s + lm + mk : NULL;
}

static int
not_marker(const struct line *ln)
{
	int answer;
	return marker(ln, &answer) == NULL;
}

static int
is_question_line(const struct line *ln)
{
	int answer;
	return ln->kind != L_TOOLONG && marker(ln, &answer) && !answer;
}

/* Whether lines[i] could be a heading: short, not a sentence. */
static int
heading_like(const struct line *ln)
{
	/* A line past the cap has no text (len 0): never a heading. */
	if (ln->kind == L_TOOLONG || ln->len == 0)
		return 0;
	/* ln points into split_lines' array, never NULL (clang-tidy cannot
	 * see xmalloc across files). */
	char last = ln->s[ln->len - 1]; /* NOLINT(clang-analyzer-core.NullDereference) */
	return not_marker(ln) && ln->len <= 120 &&
	    last != '.' && last != ',' && last != ';' && last != '!' && last != '?';
}

/* How many heading lines start at lines[i] (0, 1 or 2): lines that stand
 * after a blank line and directly above a question. */
static int
heading_run(const struct qa *s, size_t i)
{
	const struct line *l = s->lines;
	if (!l[i].blank_before || !heading_like(&l[i]))
		return 0;
	if (i + 1 < s->n && !l[i + 1].blank_before && is_question_line(&l[i + 1]))
		return 1;
	if (i + 2 < s->n && !l[i + 1].blank_before && heading_like(&l[i + 1]) &&
	    !l[i + 2].blank_before && is_question_line(&l[i + 2]))
		return 2;
	return 0;
}

static void
flush(struct qa *s)
{
	/* Lines below "A: text" are indented to line up with the text, if
	 * at all; the answer's own indentation (code) is kept beyond that,
	 * and after a blank line all of it is. */
	const struct line *l = s->lines;
	if (s->q && s->has_answer) {
		size_t f = s->ans_first;
		uint32_t cap = f + 1 <= s->ans_last && l[f + 1].blank_before ? 0 :
		    (uint32_t)(s->ans_a - line_raw(&l[f]));
		lines_answer(s->c, s->q, l, f, s->ans_last, s->ans_a, cap);
	}
	s->q = NULL;
	s->open = s->has_answer = 0;
}

/* A run of plain lines outside answers: one heading, or a section and
 * its group; returns the index of the last line used. */
static size_t
headings(struct qa *s, size_t i, int run)
{
	const struct line *ln = &s->lines[i];
	/* As in heading_like: ln is never NULL. */
	if (run == 0)
		run = i + 1 < s->n && !ln[1].blank_before && heading_like(&ln[1]) &&
		    ln->s[ln->len - 1] != ':' ? 2 : 1; /* NOLINT(clang-analyzer-core.NullDereference) */
	lines_heading(s->c, ln, ln->s, ln->len, run == 2 ? 1 : 0);
	if (run == 2)
		lines_heading(s->c, ln + 1, ln[1].s, ln[1].len, 2);
	return i + (size_t)run - 1;
}

static void
question(struct qa *s, const struct line *ln, const char *text)
{
	size_t len = ln->len - (size_t)(text - ln->s);
	struct line at = *ln;
	at.col = line_col(ln, text);
	at.s = text;
	at.len = (uint32_t)len;
	s->q = len ? corpus_question(s->c, &at, text, len) : NULL;
	if (len == 0)
		corpus_err(s->c, ln, MSG_QA_MARKER_NO_TEXT);
	s->open = 1;
}

static void
start_answer(struct qa *s, size_t i, const char *a)
{
	s->ans_first = s->ans_last = i;
	s->ans_a = a;
	s->has_answer = 1;
	s->open = 0;
}

/* A line that is not a marker, inside or after a question. */
static size_t
plain_line(struct qa *s, size_t i)
{
	const struct line *ln = &s->lines[i];
	int run = heading_run(s, i);
	if (s->q == NULL || run) {
		flush(s);
		return headings(s, i, run);
	}
	if (s->has_answer)
		s->ans_last = i;
	else if (s->open && !ln->blank_before && !text_asks(s->q->text))
		lines_join(s->c, s->q, s->lines, i, i);
	else
		start_answer(s, i, line_raw(ln));
	return i;
}

void
read_qa(struct corpus *c, const char *data, size_t len, int first_file)
{
	struct qa s = { .c = c };
	struct line *lines = split_lines(c, data, len, &s.n);
	s.lines = lines;
	c->lax_tabs = 1;
	c->question = NULL;
	for (size_t i = lines_top(c, lines, s.n, first_file, not_marker); i < s.n; i++) {
		const struct line *ln = &lines[i];
		int answer = 0;
		size_t skip;
		const char *m = ln->kind == L_TOOLONG ? NULL : marker(ln, &answer);
		int level = m ? 0 : lines_hash_heading(ln, &skip);
		if (ln->kind == L_TOOLONG)
			continue;
		if (m && !answer) {
			flush(&s);
			question(&s, ln, m);
		} else if (m && s.q && !s.has_answer)
			start_answer(&s, i, m);
		else if (m && s.q)
			s.ans_last = i;  /* a second "A:": more of the same answer */
		else if (m)
			corpus_err(c, ln, MSG_QA_ANSWER_FIRST);
		else if (level) {
			flush(&s);
			lines_heading(c, ln, ln->s + skip, ln->len - skip, level == 1 ? 1 : 2);
		} else
			i = plain_line(&s, i);
	}
	flush(&s);
	c->lax_tabs = 0;
	free(lines);
}
