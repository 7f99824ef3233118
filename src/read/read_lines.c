/* read_lines.c: what the line-by-line readers (list, qa) share:
 * indentation, headings, answers cut out of the file's lines, and the
 * top of a file (front matter, title). */
#include "corpus_int.h"
#include "outline.h"
#include "buf.h"

#include <string.h>

uint32_t
line_indent(const struct line *ln)
{
	uint32_t w = 0;
	for (const char *p = line_raw(ln); p < ln->s; p++)
		w = *p == '\t' ? (w / 4 + 1) * 4 : w + 1;
	return w;
}

const char *
line_raw(const struct line *ln)
{
	/* Indentation is spaces and tabs only, one byte a column. */
	return ln->s - (ln->col - 1);
}

int
lines_hash_heading(const struct line *ln, size_t *skip)
{
	size_t h = 0;
	while (h < ln->len && ln->s[h] == '#')
		h++;
	if (h == 0 || h > 6 || h == ln->len || (ln->s[h] != ' ' && ln->s[h] != '\t'))
		return 0;
	*skip = h + 1;
	return (int)h;
}

void
lines_heading(struct corpus *c, const struct line *ln, const char *s, size_t len,
    int level)
{
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	int colon = len > 1 && s[len - 1] == ':';
	if (level == 0)
		level = colon ? 2 : 1;
	if (colon)
		len--;
	struct line at = *ln;
	at.col += (uint32_t)(s - ln->s);
	if (level == 1)
		corpus_section(c, &at, s, len);
	else
		corpus_group(c, &at, s, len);
}

void
lines_answer(struct corpus *c, struct ol_node *q, const struct line *lines,
    size_t first, size_t last, const char *a, uint32_t cap)
{
	if (q == NULL)
		return;
	uint32_t dedent = cap;
	/* The first line counts when it is whole (not the rest of "A: …"). */
	size_t from = a == line_raw(&lines[first]) ? first : first + 1;
	for (size_t i = from; i <= last; i++)
		if (lines[i].len && line_indent(&lines[i]) < dedent)
			dedent = line_indent(&lines[i]);
	if (dedent == UINT32_MAX)
		dedent = 0;
	const struct line *end = &lines[last];
	answer_from_text(c, q, &lines[first], a, end->s + end->len, lines[first].no,
	    dedent);
}

size_t
lines_top(struct corpus *c, const struct line *lines, size_t n, int first_file,
    int (*title_ok)(const struct line *))
{
	size_t i = 0;
	if (n > 0 && lines[0].kind == L_DASHES && lines[0].no == 1)
		i = front_matter(c, lines, n, first_file);
	if (first_file && c->o->meta.title == NULL && i < n && title_ok(&lines[i])) {
		size_t skip = 0;
		const struct line *ln = &lines[i];
		lines_hash_heading(ln, &skip);
		corpus_set_title(c, ln, ln->s + skip, ln->len - skip);
		i++;
	}
	if (first_file && c->o->meta.title == NULL)
		corpus_title_from_name(c);
	return i;
}

int
text_asks(const char *t)
{
	size_t n = strlen(t);
	return n && t[n - 1] == '?';
}

void
lines_join(struct corpus *c, struct ol_node *q, const struct line *lines,
    size_t i, size_t k)
{
	struct buf b = BUF_INIT;
	buf_puts(&b, q->text);
	for (size_t j = i; j <= k; j++) {
		buf_putc(&b, ' ');
		buf_put(&b, lines[j].s, lines[j].len);
	}
	q->text = clean_text(c, b.ptr, b.len, lines[k].no, lines[k].col, 0);
	buf_free(&b);
}
