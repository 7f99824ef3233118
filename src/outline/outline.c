/* outline.c: helpers every reader of the outline may use. */
#include "qbind.h"
#include "outline.h"
#include "utf8.h"
#include "xalloc.h"

#include <cmark.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>

const char *const ol_meta_keys[OL_NMETA] = {
	"title", "subtitle", "author", "lang", "id", "date",
};

const char **
ol_meta_field(const struct ol_meta *m, enum ol_meta_key k)
{
	struct ol_meta *w = (struct ol_meta *)m;
	const char **fields[OL_NMETA] = {
		&w->title, &w->subtitle, &w->author, &w->lang, &w->corpus_id, &w->date,
	};
	return fields[k];
}

const struct ol_node *
ol_next_question(const struct outline *o, const struct ol_node *q)
{
	const struct ol_node *s, *g;
	if (q == NULL) {
		s = o->root->first;
		g = s ? s->first : NULL;
	} else {
		if (q->next)
			return q->next;
		g = q->parent->next;
		s = q->parent->parent;
	}
	for (; s != NULL; s = s->next, g = s ? s->first : NULL)
		for (; g != NULL; g = g->next)
			if (g->first)
				return g->first;
	return NULL;
}

int
ol_cmark_has_literal(int type)
{
	return type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE ||
	    type == CMARK_NODE_CODE_BLOCK || type == CMARK_NODE_HTML_BLOCK ||
	    type == CMARK_NODE_HTML_INLINE;
}

int
ol_cmark_is_leaf(int type)
{
	return ol_cmark_has_literal(type) || type == CMARK_NODE_SOFTBREAK ||
	    type == CMARK_NODE_LINEBREAK || type == CMARK_NODE_THEMATIC_BREAK;
}

struct ol_pos
ol_answer_pos(const struct ol_node *q, struct cmark_node *n)
{
	struct ol_pos pos = q->as.question.answer_pos;
	int line = cmark_node_get_start_line(n);
	int col = cmark_node_get_start_column(n);
	if (line <= 0 || (uint32_t)line > q->as.question.answer_nlines) {
		pos.line = pos.col = 0;
		return pos;
	}
	/* libcmark counts bytes; positions elsewhere count characters. */
	const uint32_t *lines = q->as.question.answer_lines;
	size_t start = lines[line - 1], linelen = lines[line] - start - 1;
	size_t bytes = col > 0 ? (size_t)col - 1 : 0;
	if (bytes > linelen)
		bytes = linelen;
	/* Counted from the last 256-byte mark, if it is on this line. */
	size_t end = start + bytes, mark = end & ~(size_t)255;
	size_t chars = mark > start && q->as.question.answer_cols ?
	    q->as.question.answer_cols[mark >> 8] +
	    utf8_count(q->as.question.answer_src + mark, end - mark) :
	    utf8_count(q->as.question.answer_src + start, bytes);
	if (q->as.question.answer_line0) {
		pos.line = q->as.question.answer_line0 + (uint32_t)line - 1;
		pos.col = (uint32_t)chars + q->as.question.answer_col0;
	} else {
		pos.line += (uint32_t)line - 1;
		pos.col = (uint32_t)chars + 1;
	}
	return pos;
}

void
ol_digest(const struct outline *o, const char *purpose, const char *key,
    uint8_t out[32])
{
	struct sha256_ctx ctx;
	sha256_init(&ctx);
	/* Each part with its length first, so no two lists of parts hash alike. */
	const char *parts[] = { "qbind", o->meta.corpus_id, purpose, key };
	for (size_t i = 0; i < sizeof(parts) / sizeof(*parts); i++) {
		const char *p = parts[i] ? parts[i] : "";
		uint8_t len[8];
		uint64_t n = strlen(p);
		for (int k = 0; k < 8; k++)
			len[k] = (uint8_t)(n >> (56 - 8 * k));
		sha256_update(&ctx, sizeof(len), len);
		sha256_update(&ctx, (size_t)n, (const uint8_t *)p);
	}
	sha256_digest(&ctx, SHA256_DIGEST_SIZE, out);
}

void
outline_free(struct outline *o)
{
	if (o == NULL)
		return;
	for (const struct ol_node *q = ol_next_question(o, NULL); q;
	    q = ol_next_question(o, q))
		if (q->as.question.answer)
			cmark_node_free(q->as.question.answer);
	if (o->root->as.question.answer)
		cmark_node_free(o->root->as.question.answer);
	arena_free(o->arena);
	free(o->arena);
	free(o);
}
