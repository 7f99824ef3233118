/* read_markdown.c: CommonMark notes -> outline, through libcmark.
 *
 * The file is parsed once; its top-level blocks are then walked in
 * order.  The one top-level heading is the title, shallower headings
 * sections and deeper ones groups; list items, headings ending in '?'
 * and one-line paragraphs ending in '?' are questions.  An answer is
 * made of the blocks themselves, moved out of the file's tree, so it
 * keeps every node (code fences with their language) and its positions
 * in the file.  FORMAT.md, "markdown", has the rules.
 */
#include "corpus_int.h"
#include "outline.h"
#include "buf.h"
#include "diag.h"
#include "utf8.h"
#include "xalloc.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

struct md {
	struct corpus *c;
	struct answer_text text;  /* the text libcmark read, for positions */
	cmark_node *title;        /* the heading taken as the title, if any */
	int sec_level;            /* heading level of sections; deeper: groups */
	struct ol_node *q;        /* the question whose answer is being gathered */
	cmark_node *answer;       /* that answer, a document node */
	int by_heading;           /* q is a heading: only a heading ends it */
	int seen_question;        /* a heading or question came: no more intro */
	cmark_node *intro;        /* the document's description */
	struct buf flat;          /* scratch: a node's text */
};

static cmark_node *
new_doc(void)
{
	return cmark_node_new_with_mem(CMARK_NODE_DOCUMENT, xalloc_cmark_mem());
}

/* The position of n in the file (column in characters). */
static struct line
pos_of(const struct md *m, cmark_node *n)
{
	struct line ln = { .no = 0, .col = 1 };
	int l = cmark_node_get_start_line(n), col = cmark_node_get_start_column(n);
	if (m->text.nlines == 0)
		return ln;
	/* libcmark also ends a line at a lone CR, which the line index does
	 * not: a line past the index is its last (outline.h promises every
	 * node a line; the fuzzer's outline_check found one at line 0). */
	if (l <= 0)
		l = 1;
	if ((uint32_t)l > m->text.nlines)
		l = (int)m->text.nlines;
	const char *start = m->text.src + m->text.lines[l - 1];
	size_t bytes = col > 0 ? (size_t)col - 1 : 0;
	size_t linelen = m->text.lines[l] - m->text.lines[l - 1];
	ln.no = m->text.first_line + (uint32_t)l - 1;
	ln.col = (uint32_t)utf8_count(start, bytes < linelen ? bytes : linelen) + 1;
	ln.s = start;
	return ln;
}

/* The plain text of inline nodes from first up to (not including) stop:
 * markup dropped, code spans without their backticks, breaks as spaces. */
static void
flatten(struct buf *b, cmark_node *first, cmark_node *stop)
{
	for (cmark_node *n = first; n && n != stop; n = cmark_node_next(n)) {
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_HTML_INLINE: {
			/* libcmark decodes entities into anything: fixed
			 * here as answer.c fixes an answer's strings. */
			char *f = fixed_string(cmark_node_get_literal(n));
			buf_puts(b, f ? f : cmark_node_get_literal(n));
			free(f);
			break;
		}
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(b, ' ');
			break;
		default:
			flatten(b, cmark_node_first_child(n), NULL);
			break;
		}
	}
}

static const char *
text_of(struct md *m, cmark_node *n, cmark_node *stop)
{
	buf_clear(&m->flat);
	flatten(&m->flat, cmark_node_first_child(n), stop);
	while (m->flat.len && m->flat.ptr[m->flat.len - 1] == ' ')
		m->flat.ptr[--m->flat.len] = '\0';
	return m->flat.ptr;
}

/* In paragraph p, the first line break right after a '?': the question
 * is the text before it, the rest belongs to the answer (an answer
 * written on the lines below a question, with no blank line between).
 * NULL when there is none.  One pass, however many lines p has. */
static cmark_node *
question_break(struct md *m, cmark_node *p)
{
	buf_clear(&m->flat);
	for (cmark_node *n = cmark_node_first_child(p); n; n = cmark_node_next(n)) {
		cmark_node_type t = cmark_node_get_type(n);
		size_t len = m->flat.len;
		while (len && m->flat.ptr[len - 1] == ' ')
			len--;
		if ((t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) &&
		    len && m->flat.ptr[len - 1] == '?')
			return n;
		flatten(&m->flat, n, cmark_node_next(n));
	}
	return NULL;
}

/* Moves n (and its siblings up to stop) to the end of doc. */
static void
move_blocks(cmark_node *doc, cmark_node *n, cmark_node *stop)
{
	while (n && n != stop) {
		cmark_node *next = cmark_node_next(n);
		cmark_node_unlink(n);
		cmark_node_append_child(doc, n);
		n = next;
	}
}

/* The inlines after brk, as a paragraph of their own in doc. */
static void
move_rest(cmark_node *doc, cmark_node *brk)
{
	cmark_node *rest = cmark_node_next(brk);
	if (rest == NULL)
		return;
	cmark_node *para = cmark_node_new_with_mem(CMARK_NODE_PARAGRAPH, xalloc_cmark_mem());
	move_blocks(para, rest, NULL);
	cmark_node_append_child(doc, para);
}

static void
end_answer(struct md *m)
{
	if (m->answer)
		answer_adopt(m->c, m->q, m->answer, &m->text);
	m->answer = NULL;
	m->q = NULL;
}

/* A question of the text of n's inlines (up to stop), at n. */
static struct ol_node *
question(struct md *m, cmark_node *n, cmark_node *stop)
{
	struct line ln = pos_of(m, n);
	const char *t = text_of(m, n, stop);
	ln.s = t;
	m->seen_question = 1;
	return corpus_question(m->c, &ln, t, strlen(t));
}

/* Whether most of list's items end in '?': then an item above it that
 * does not is the heading of a group of questions. */
static int
asking_list(struct md *m, cmark_node *list)
{
	size_t items = 0, asked = 0;
	for (cmark_node *it = cmark_node_first_child(list); it; it = cmark_node_next(it)) {
		cmark_node *p = cmark_node_first_child(it);
		items++;
		asked += p && cmark_node_get_type(p) == CMARK_NODE_PARAGRAPH &&
		    (text_asks(text_of(m, p, NULL)) || question_break(m, p));
	}
	return items && asked * 2 >= items;
}

static void list_items(struct md *m, cmark_node *list, int depth);

/* One item of a list of questions. */
static void
item(struct md *m, cmark_node *it, int depth)
{
	cmark_node *p = cmark_node_first_child(it);
	/* "- # text" is an item whose text is a heading: a question too. */
	cmark_node_type pt = p ? cmark_node_get_type(p) : CMARK_NODE_NONE;
	if (pt != CMARK_NODE_PARAGRAPH && pt != CMARK_NODE_HEADING) {
		struct line ln = pos_of(m, it);
		diag_msg(m->c->d, MSG_MD_ITEM_NO_TEXT, m->c->file, ln.no, ln.col);
		return;
	}
	cmark_node *brk = question_break(m, p);
	cmark_node *sub = cmark_node_next(p);
	if (!brk && !text_asks(text_of(m, p, NULL)) && depth < 3 && sub &&
	    cmark_node_get_type(sub) == CMARK_NODE_LIST && asking_list(m, sub)) {
		struct line ln = pos_of(m, p);
		const char *t = text_of(m, p, NULL);
		corpus_group(m->c, &ln, t, strlen(t));
		for (; sub; sub = cmark_node_next(sub))
			if (cmark_node_get_type(sub) == CMARK_NODE_LIST)
				list_items(m, sub, depth + 1);
		return;
	}
	struct ol_node *q = question(m, p, brk);
	if (q == NULL)
		return;
	cmark_node *doc = new_doc();
	if (brk)
		move_rest(doc, brk);
	move_blocks(doc, sub, NULL);
	answer_adopt(m->c, q, doc, &m->text);
}

static void
list_items(struct md *m, cmark_node *list, int depth)
{
	cmark_node *it = cmark_node_first_child(list);
	while (it) {
		cmark_node *next = cmark_node_next(it);
		item(m, it, depth);
		it = next;
	}
}

/* A paragraph that asks: one line ending in '?', or one whose first
 * line does and the rest answers. */
static int
asking_paragraph(struct md *m, cmark_node *p, cmark_node **brk)
{
	*brk = question_break(m, p);
	return *brk || text_asks(text_of(m, p, NULL));
}

static void
heading(struct md *m, cmark_node *h)
{
	end_answer(m);
	m->seen_question = 1;
	const char *t = text_of(m, h, NULL);
	struct line ln = pos_of(m, h);
	if (text_asks(t)) {
		m->q = question(m, h, NULL);
		m->answer = m->q ? new_doc() : NULL;
		m->by_heading = 1;
	} else if (cmark_node_get_heading_level(h) <= m->sec_level)
		corpus_section(m->c, &ln, t, strlen(t));
	else
		corpus_group(m->c, &ln, t, strlen(t));
}

/* A block that is no heading and no list of questions. */
static void
block(struct md *m, cmark_node *n)
{
	cmark_node *brk = NULL;
	int para = cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH;
	if (para && (!m->answer || !m->by_heading) && asking_paragraph(m, n, &brk)) {
		end_answer(m);
		m->q = question(m, n, brk);
		m->answer = m->q ? new_doc() : NULL;
		m->by_heading = 0;
		if (m->answer && brk)
			move_rest(m->answer, brk);
		cmark_node_free(n);
		return;
	}
	if (m->answer) {
		move_blocks(m->answer, n, cmark_node_next(n));
		return;
	}
	if (!m->seen_question) {
		move_blocks(m->intro, n, cmark_node_next(n));
		return;
	}
	struct line ln = pos_of(m, n);
	diag_msg(m->c->d, MSG_MD_OUTSIDE, m->c->file, ln.no, ln.col);
}

static void
walk(struct md *m, cmark_node *doc)
{
	cmark_node *n = cmark_node_first_child(doc);
	while (n) {
		cmark_node *next = cmark_node_next(n);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_HEADING:
			if (n != m->title)
				heading(m, n);
			break;
		case CMARK_NODE_LIST:
			if (m->answer)
				move_blocks(m->answer, n, next);
			else {
				m->seen_question = 1;
				list_items(m, n, 0);
			}
			break;
		case CMARK_NODE_THEMATIC_BREAK:
			/* "---" between questions closes an answer */
			end_answer(m);
			break;
		default:
			block(m, n);
			break;
		}
		n = next;
	}
	end_answer(m);
}

/* The title heading and the section level: the one heading of the
 * shallowest level, when there is one and no list comes before it;
 * sections are then the next level down. */
static void
levels(struct md *m, cmark_node *doc)
{
	size_t count[7] = { 0 };
	cmark_node *first[7] = { NULL }, *list_before = NULL;
	for (cmark_node *n = cmark_node_first_child(doc); n; n = cmark_node_next(n)) {
		cmark_node_type t = cmark_node_get_type(n);
		if (t == CMARK_NODE_LIST && !list_before)
			list_before = n;
		if (t != CMARK_NODE_HEADING || text_asks(text_of(m, n, NULL)))
			continue;
		int l = cmark_node_get_heading_level(n);
		if (count[l]++ == 0 && !list_before)
			first[l] = n;
	}
	int top = 1;
	while (top < 7 && count[top] == 0)
		top++;
	m->sec_level = top;
	if (top < 7 && count[top] == 1 && first[top]) {
		m->title = first[top];
		m->sec_level = top + 1;
		while (m->sec_level < 7 && count[m->sec_level] == 0)
			m->sec_level++;
	}
}

/* A "---" block of key: value lines on line 1, as in the qbind format:
 * the length of the text it takes (0 when there is none). */
static size_t
md_front_matter(struct corpus *c, const char *data, size_t len, int first_file,
    uint32_t *lines_used)
{
	if (len < 4 || memcmp(data, "---", 3) != 0 || (data[3] != '\n' && data[3] != '\r'))
		return 0;
	/* Only the block itself goes to the qbind reader's front matter. */
	size_t end = 0;
	uint32_t no = 1;
	for (const char *p = memchr(data, '\n', len); p && (size_t)(p - data) + 1 < len;
	    p = memchr(p + 1, '\n', len - (size_t)(p - data) - 1)) {
		no++;
		const char *s = p + 1;
		size_t rest = len - (size_t)(s - data);
		if (rest >= 3 && memcmp(s, "---", 3) == 0 &&
		    (rest == 3 || s[3] == '\n' || s[3] == '\r')) {
			const char *nl = memchr(s, '\n', rest);
			end = nl ? (size_t)(nl - data) + 1 : len;
			break;
		}
	}
	if (end == 0)
		return 0;
	size_t n;
	struct line *lines = split_lines(c, data, end, &n);
	front_matter(c, lines, n, first_file);
	free(lines);
	*lines_used = no;
	return end;
}

void
read_markdown(struct corpus *c, const char *data, size_t len, int first_file)
{
	struct md m = { .c = c, .flat = BUF_INIT };
	uint32_t skipped = 0;
	size_t off = md_front_matter(c, data, len, first_file, &skipped);
	data += off;
	len -= off;
	c->question = NULL;
	answer_text_init(c, &m.text, data, len, skipped + 1);
	cmark_parser *parser = cmark_parser_new_with_mem(CMARK_OPT_DEFAULT,
	    xalloc_cmark_mem());
	cmark_parser_feed(parser, m.text.src, strlen(m.text.src));
	cmark_node *doc = cmark_parser_finish(parser);
	cmark_parser_free(parser);

	levels(&m, doc);
	if (first_file && m.title) {
		struct line ln = pos_of(&m, m.title);
		const char *t = text_of(&m, m.title, NULL);
		corpus_set_title(c, &ln, t, strlen(t));
	}
	if (first_file && c->o->meta.title == NULL)
		corpus_title_from_name(c);
	m.intro = new_doc();
	walk(&m, doc);
	if (first_file)
		answer_adopt(c, c->o->root, m.intro, &m.text);
	else
		cmark_node_free(m.intro);
	cmark_node_free(doc);
	buf_free(&m.flat);
}
