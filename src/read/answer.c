/* answer.c: the text between two ":::" lines -> a checked libcmark tree.
 *
 * What the tree may hold is settled here, once, so that no backend has to
 * second-guess it: nesting is capped (every backend walks the tree, and a
 * 20,000-deep block quote costs stack and quadratic indentation), raw HTML
 * becomes text (FORMAT.md: it is shown, never interpreted), and characters
 * that libcmark decodes from entities (&#1;, &#xFFFF;) but XML and PDF
 * cannot carry become U+FFFD.
 */
#include "corpus_int.h"
#include "answer_walk.h"
#include "qbind.h"
#include "outline.h"
#include "diag.h"
#include "utf8.h"
#include "xalloc.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

/* A code point an outline string must not hold (see outline.h). */
static int
is_forbidden(uint32_t cp)
{
	return (cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp <= 0x9F) ||
	    cp == 0xFFFE || cp == 0xFFFF;
}

/* s with forbidden characters replaced by U+FFFD, malloc'd; NULL when s
 * is fine as it is.  Invalid UTF-8 is replaced too, byte by byte:
 * libcmark 0.30 writes &#xFFFE; and &#xFFFF; as the lone bytes 0xFE and
 * 0xFF (its utf8proc encoder's old convention), and utf8_next would step
 * over the terminating NUL of such a string. */
char *
fixed_string(const char *s)
{
	size_t n = strlen(s);
	const char *p = s, *end = s + n;
	int bad = utf8_invalid_at((const unsigned char *)s, n) != n;
	while (p < end && !bad)
		bad = is_forbidden(utf8_next(&p));
	if (!bad)
		return NULL;
	struct buf b = BUF_INIT;
	char enc[4];
	for (p = s; p < end;) {
		const char *valid_end = p + utf8_invalid_at((const unsigned char *)p,
		    (size_t)(end - p));
		while (p < valid_end) {
			const char *start = p;
			uint32_t cp = utf8_next(&p);
			if (is_forbidden(cp))
				buf_put(&b, enc, utf8_encode(0xFFFD, enc));
			else
				buf_put(&b, start, (size_t)(p - start));
		}
		if (p < end) {
			buf_put(&b, enc, utf8_encode(0xFFFD, enc));
			p++;
		}
	}
	return buf_detach(&b);
}

static void
fix_strings(cmark_node *n)
{
	const char *(*get[])(cmark_node *) = {
		cmark_node_get_literal, cmark_node_get_url, cmark_node_get_title,
		cmark_node_get_fence_info,
	};
	int (*set[])(cmark_node *, const char *) = {
		cmark_node_set_literal, cmark_node_set_url, cmark_node_set_title,
		cmark_node_set_fence_info,
	};
	for (size_t i = 0; i < sizeof(get) / sizeof(*get); i++) {
		/* cppcheck 2.10 does not see get's initialiser (an array of
		 * function pointers) and calls it uninitialised. */
		/* cppcheck-suppress uninitvar */
		const char *v = get[i](n);
		char *f = v ? fixed_string(v) : NULL;
		if (f) {
			set[i](n, f);
			free(f);
		}
	}
}

/* Raw HTML shown as what it is: an inline becomes text, a block a
 * paragraph of text. */
static void
html_to_text(cmark_node *n)
{
	cmark_mem *mem = xalloc_cmark_mem();
	int block = cmark_node_get_type(n) == CMARK_NODE_HTML_BLOCK;
	const char *lit = cmark_node_get_literal(n);
	size_t len = strlen(lit);
	while (block && len && lit[len - 1] == '\n')
		len--;
	char *text = xstrndup(lit, len);
	cmark_node *t = cmark_node_new_with_mem(CMARK_NODE_TEXT, mem);
	cmark_node_set_literal(t, text);
	free(text);
	cmark_node *repl = t;
	if (block) {
		repl = cmark_node_new_with_mem(CMARK_NODE_PARAGRAPH, mem);
		cmark_node_append_child(repl, t);
	}
	cmark_node_replace(n, repl);
	cmark_node_free(n);
}

enum tree_check { TREE_OK, TREE_TOO_DEEP, TREE_TOO_BIG };

/* Checks and cleans the tree, counting its nodes into *nodes.  Past
 * QBIND_MAX_DEPTH or QBIND_MAX_NODES, says which, with *at the node
 * that went past. */
static enum tree_check
check_tree(cmark_node *root, size_t *nodes, cmark_node **at)
{
	struct answer_walk w;
	const struct aw_step *s;
	enum tree_check rc = TREE_OK;
	size_t nhtml = 0, cap = 0;
	cmark_node **html = NULL;
	aw_start(&w, root, TYPO_RAW);
	while ((s = aw_next(&w)) != NULL) {
		if (!s->enter)
			continue;
		if (!s->leaf && s->depth + 1 > QBIND_MAX_DEPTH)
			rc = TREE_TOO_DEEP;
		else if (++*nodes > QBIND_MAX_NODES)
			rc = TREE_TOO_BIG;
		if (rc != TREE_OK) {
			*at = s->node;
			break;
		}
		/* Cleans s->node in place: s->literal is stale after this. */
		fix_strings(s->node);
		if (s->type == CMARK_NODE_HTML_BLOCK || s->type == CMARK_NODE_HTML_INLINE) {
			if (nhtml == cap) {
				cap = cap ? cap * 2 : 8;
				/* An array of node pointers is meant. */
				/* NOLINTNEXTLINE(bugprone-sizeof-expression) */
				html = xrealloc(html, cap * sizeof(*html));
			}
			html[nhtml++] = s->node;
		}
	}
	aw_end(&w);
	/* Replaced after the walk: the iterator must not see a changing tree. */
	for (size_t i = 0; i < nhtml && rc == TREE_OK; i++)
		html_to_text(html[i]);
	free(html);
	return rc;
}

/* The start of the line that p is on. */
static const char *
line_start(const char *p)
{
	while (p[-1] != '\n')
		p--;
	return p;
}

/* The node a ':::' block belongs to: the last question, or, right after
 * the title of the first file, the document (its description). */
static struct ol_node *
answer_owner(struct corpus *c)
{
	struct outline *o = c->o;
	if (c->question)
		return c->question;
	if (o->nfiles == 1 && o->root->first == NULL && o->meta.title)
		return o->root;
	return NULL;
}

void
answer_read(struct corpus *c, const struct line *open, const struct line *close)
{
	struct ol_node *q = answer_owner(c);
	if (q == NULL) {
		corpus_err(c, open, MSG_ANSWER_NO_QUESTION);
		return;
	}
	if (q->as.question.answer != NULL || (c->trial && q->as.question.seq)) {
		if (q->kind == OL_DOCUMENT)
			corpus_err(c, open, MSG_TWO_DESCRIPTIONS);
		else
			corpus_err(c, open, MSG_TWO_ANSWERS);
		return;
	}
	/* A trial asks only whether the file parses: the answer is marked
	 * as there, not built. */
	if (c->trial) {
		q->as.question.seq = 1;
		return;
	}
	/* The raw text between the fence lines, blank lines and all. */
	const char *a = memchr(open->s + open->len, '\n',
	    (size_t)(close->s - (open->s + open->len)));
	const char *b = line_start(close->s);
	a = a ? a + 1 : b;
	answer_from_text(c, q, open, a, b, open->no + 1, 0);
}

/* Fills the line starts and 256-byte column marks of src[0..len). */
static void
index_lines(struct corpus *c, struct answer_text *t, const char *src, size_t len,
    uint32_t nlines)
{
	uint32_t *starts = arena_alloc(c->arena, (nlines + 1) * sizeof(*starts));
	uint32_t *cols = arena_alloc(c->arena, ((len >> 8) + 1) * sizeof(*cols));
	uint32_t i = 0, chars = 0;
	starts[i++] = 0;
	for (size_t off = 0; off < len; off++) {
		if ((off & 255) == 0)
			cols[off >> 8] = chars;
		if (src[off] == '\n') {
			if (i < nlines)
				starts[i++] = (uint32_t)(off + 1);
			chars = 0;
		} else
			chars += ((unsigned char)src[off] & 0xC0) != 0x80;
	}
	starts[i] = (uint32_t)len;
	t->src = src;
	t->lines = starts;
	t->nlines = i;
	t->cols = cols;
}

void
answer_text_init(struct corpus *c, struct answer_text *t, const char *s,
    size_t len, uint32_t first_line)
{
	uint32_t nlines = 0;
	for (const char *p = s, *end = s + len; p < end; nlines++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
	}
	/* The text must end in a newline, as every answer's does. */
	int nl = len == 0 || s[len - 1] != '\n';
	char *src = arena_alloc(c->arena, len + (size_t)nl + 1);
	memcpy(src, s, len);
	if (nl)
		src[len++] = '\n';
	src[len] = '\0';
	index_lines(c, t, src, len, nlines);
	t->first_line = first_line;
}

static void
report_tree(struct corpus *c, const struct ol_node *q, enum tree_check tc,
    cmark_node *at)
{
	struct ol_pos pos = ol_answer_pos(q, at);
	if (pos.line == 0)
		pos = q->as.question.answer_pos;
	if (tc == TREE_TOO_DEEP)
		diag_msg(c->d, MSG_TOO_DEEP, c->file, pos.line, pos.col,
		    QBIND_MAX_DEPTH,
		    QBIND_MAX_DEPTH);
	else
		diag_msg(c->d, MSG_TOO_MANY_NODES, c->file, pos.line, pos.col,
		    QBIND_MAX_NODES, QBIND_MAX_NODES);
}

/* Attaches doc, made from t's lines, to n and checks it. */
static void
attach(struct corpus *c, struct ol_node *n, cmark_node *doc,
    const struct answer_text *t, uint32_t col)
{
	n->as.question.answer = doc;
	n->as.question.answer_pos.file = c->file;
	n->as.question.answer_pos.line = t->first_line;
	n->as.question.answer_pos.col = 1;
	n->as.question.answer_line0 = t->first_line;
	n->as.question.answer_col0 = col;
	n->as.question.answer_src = t->src;
	n->as.question.answer_lines = t->lines;
	n->as.question.answer_nlines = t->nlines;
	n->as.question.answer_cols = t->cols;
	if (n->kind == OL_QUESTION)
		c->o->nanswers++;
	cmark_node *at = NULL;
	enum tree_check tc = check_tree(doc, &c->nnodes, &at);
	if (tc == TREE_OK)
		return;
	report_tree(c, n, tc, at);
	/* The check stopped part way: the rest of the tree was never
	 * cleaned, and an outline dumped with its errors must not show it. */
	cmark_node_free(doc);
	n->as.question.answer = NULL;
	if (n->kind == OL_QUESTION)
		c->o->nanswers--;
}

void
answer_from_text(struct corpus *c, struct ol_node *q, const struct line *at,
    const char *a, const char *b, uint32_t lineno, uint32_t dedent)
{
	if (b - a > QBIND_MAX_ANSWER) {
		diag_msg(c->d, MSG_ANSWER_TOO_LONG, c->file, at->no, at->col,
		    (size_t)(b - a),
		    QBIND_MAX_ANSWER);
		return;
	}
	/* Past QBIND_MAX_NODES (said once): no more trees. */
	if (c->nnodes > QBIND_MAX_NODES)
		return;

	struct buf *sb = &c->scratch;
	buf_clear(sb);
	buf_grow(sb, (size_t)(b - a) + 1);
	uint32_t nlines = 0, first = lineno;
	for (const char *p = a; p < b;) {
		const char *nl = memchr(p, '\n', (size_t)(b - p));
		size_t len = (size_t)((nl ? nl : b) - p);
		if (len && p[len - 1] == '\r')
			len--;
		/* A tab is the indentation to the next multiple of 4, as
		 * CommonMark counts it. */
		size_t skip = 0;
		for (uint32_t w = 0; skip < len && w < dedent &&
		    (p[skip] == ' ' || p[skip] == '\t'); skip++)
			w = p[skip] == '\t' ? (w / 4 + 1) * 4 : w + 1;
		nlines++;
		if (len <= QBIND_MAX_LINE) /* a longer one was reported already */
			sb->len += clean_into(c, sb->ptr + sb->len, p + skip, len - skip,
			    lineno, 1 + (uint32_t)skip, 1);
		sb->ptr[sb->len++] = '\n';
		lineno++;
		p = nl ? nl + 1 : b;
	}
	sb->ptr[sb->len] = '\0';
	size_t k = 0;
	while (k < sb->len && (sb->ptr[k] == ' ' || sb->ptr[k] == '\t' || sb->ptr[k] == '\n'))
		k++;
	if (k == sb->len) {
		diag_msg(c->d, MSG_EMPTY_ANSWER, c->file, at->no, at->col);
		return;
	}

	cmark_parser *parser = cmark_parser_new_with_mem(CMARK_OPT_DEFAULT,
	    xalloc_cmark_mem());
	cmark_parser_feed(parser, sb->ptr, sb->len);
	cmark_node *doc = cmark_parser_finish(parser);
	cmark_parser_free(parser);

	/* Kept so that positions can be given in characters, as everywhere
	 * (see outline.h).  The text ends in a newline. */
	struct answer_text t;
	index_lines(c, &t, arena_strndup(c->arena, sb->ptr, sb->len), sb->len, nlines);
	t.first_line = first;
	attach(c, q, doc, &t, 1 + dedent);
}

void
answer_adopt(struct corpus *c, struct ol_node *n, cmark_node *doc,
    const struct answer_text *t)
{
	cmark_node *first = cmark_node_first_child(doc);
	if (first == NULL || c->nnodes > QBIND_MAX_NODES || n->as.question.answer) {
		cmark_node_free(doc);
		return;
	}
	/* The cap on an answer's bytes, as for the other readers: from its
	 * first line to its last (nodes the reader made have no lines). */
	int a = cmark_node_get_start_line(first);
	int b = cmark_node_get_end_line(cmark_node_last_child(doc));
	if (a > 0 && b >= a && (uint32_t)b <= t->nlines &&
	    t->lines[b] - t->lines[a - 1] > QBIND_MAX_ANSWER) {
		diag_msg(c->d, MSG_ANSWER_TOO_LONG, c->file,
		    t->first_line + (uint32_t)a - 1, 1,
		    (size_t)(t->lines[b] - t->lines[a - 1]), QBIND_MAX_ANSWER);
		cmark_node_free(doc);
		return;
	}
	attach(c, n, doc, t, 1);
	/* An answer cut out of a whole file starts at its first block. */
	struct ol_pos at = ol_answer_pos(n, first);
	if (at.line)
		n->as.question.answer_pos = at;
}
