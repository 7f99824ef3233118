/* out_qbind.c: the outline written back as a corpus in the qbind format.
 *
 * What `qbind outline -f qbind` prints, so that a list read by another
 * reader can be converted once and edited natively.  The text is made to
 * read back as the same outline (the same tree, texts, ids and tags; not
 * the same positions): everything explicit — front matter, '#' and '##'
 * headings (bare for untitled ones), a blank line after every question,
 * '\' before a question that would read as something else, and answers
 * rendered by libcmark between ':::' lines.
 */
#include "qbind.h"
#include "outline.h"
#include "buf.h"
#include "xalloc.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

static void
put_tags(struct buf *b, const struct ol_node *n, int with_id)
{
	if (n->ntags == 0 && !with_id)
		return;
	BUF_PUTSL(b, " {");
	if (with_id)
		buf_printf(b, "#%s", n->id);
	for (size_t i = 0; i < n->ntags; i++)
		buf_printf(b, "%s.%s", i || with_id ? " " : "", n->tags[i]);
	buf_putc(b, '}');
}

/* Whether a question's text, alone on a line, would be read as something
 * else than a question: a comment, heading, fence, group line, escape. */
static int
needs_escape(const char *t)
{
	size_t n = strlen(t);
	return t[0] == '\\' || t[0] == '#' || strncmp(t, "//", 2) == 0 ||
	    strncmp(t, ":::", 3) == 0 || strcmp(t, "---") == 0 || t[n - 1] == ':';
}

/* An answer (or the description) as CommonMark between fences; a line
 * that is itself ":::" would close the block, so it is escaped (the same
 * text to CommonMark). */
static void
put_answer(struct buf *b, cmark_node *doc)
{
	char *md = cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0);
	BUF_PUTSL(b, ":::\n");
	for (const char *p = md; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		size_t k = 0;
		while (k < len && (p[k] == ' ' || p[k] == '\t'))
			k++;
		if (len - k == 3 && strncmp(p + k, ":::", 3) == 0)
			buf_putc(b, '\\');
		buf_put(b, p, len);
		buf_putc(b, '\n');
		p += len + (nl != NULL);
	}
	BUF_PUTSL(b, ":::\n");
	/* Made with the tree's allocator, xalloc's, which frees with free(). */
	free(md);
}

static void
put_meta(struct buf *b, const struct outline *o)
{
	const struct ol_meta *m = &o->meta;
	BUF_PUTSL(b, "---\n");
	for (size_t k = 0; k < OL_NMETA; k++) {
		const char *v = *ol_meta_field(m, k);
		if (v == NULL || (k == OL_META_LANG && m->lang_detected) ||
		    (k == OL_META_ID && m->corpus_id_derived))
			continue;
		/* The reader drops one pair of quotes around a value. */
		buf_printf(b, "%s: \"%s\"\n", ol_meta_keys[k], v);
	}
	BUF_PUTSL(b, "---\n");
	if (o->root->as.question.answer) {
		buf_putc(b, '\n');
		put_answer(b, o->root->as.question.answer);
	}
}

static void
put_question(struct buf *b, const struct ol_node *q)
{
	buf_putc(b, '\n');
	if (needs_escape(q->text))
		BUF_PUTSL(b, "\\ ");
	buf_puts(b, q->text);
	put_tags(b, q, q->as.question.explicit_id);
	buf_putc(b, '\n');
	if (q->as.question.answer)
		put_answer(b, q->as.question.answer);
}

static void
put_heading(struct buf *b, const char *marks, const struct ol_node *n)
{
	buf_printf(b, "\n%s", marks);
	if (n->text) {
		buf_putc(b, ' ');
		buf_puts(b, n->text);
		put_tags(b, n, 0);
	}
	buf_putc(b, '\n');
}

int
out_qbind(const struct outline *o, FILE *out)
{
	struct buf b = BUF_INIT;
	put_meta(&b, o);
	int rc = 0;
	OL_FOREACH(s, o->root) {
		put_heading(&b, "#", s);
		OL_FOREACH(g, s) {
			put_heading(&b, "##", g);
			OL_FOREACH(q, g)
				put_question(&b, q);
		}
		/* A section at a time, so a large corpus is never held twice. */
		rc |= buf_write(&b, out);
	}
	rc |= buf_write(&b, out);
	buf_free(&b);
	return rc;
}
