/* out_outline.c: the outline dump backend (text, XML, JSON).
 *
 * Shows the tree as the reader and the validation pass left it, with
 * positions, so the parser can be tested apart from the real backends and
 * tools can read a corpus without parsing it themselves.  Answers are
 * shown as their libcmark tree, positions mapped back to the corpus.
 */
#include "qbind.h"
#include "answer_walk.h"
#include "outline.h"
#include "buf.h"
#include "diag.h"
#include "utf8.h"
#include "xalloc.h"
#include "xw.h"

#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_name[] = { "document", "section", "group", "question" };

/* ---------------- text ---------------- */

static void
quote(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, *s);
		} else if (*s == '\n')
			BUF_PUTSL(b, "\\n");
		else
			buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

static void
text_pos(struct buf *b, const struct outline *o, const struct ol_pos *p)
{
	if (p->file && o->nfiles > 1 && strcmp(p->file, o->files[0]) != 0)
		buf_printf(b, " %s:%u:%u", p->file, p->line, p->col);
	else
		buf_printf(b, " %u:%u", p->line, p->col);
}

static void
text_answer(struct buf *b, const struct ol_node *q, int depth)
{
	struct answer_walk w;
	const struct aw_step *s;
	aw_start(&w, q->as.question.answer, TYPO_RAW);
	while ((s = aw_next(&w)) != NULL) {
		if (!s->enter)
			continue;
		for (int i = 0; i < depth + s->depth; i++)
			BUF_PUTSL(b, "  ");
		buf_puts(b, s->name);
		if (s->type == CMARK_NODE_DOCUMENT)
			buf_printf(b, " %u:1", q->as.question.answer_pos.line);
		else {
			struct ol_pos p = ol_answer_pos(q, s->node);
			if (p.line)
				buf_printf(b, " %u:%u", p.line, p.col);
		}
		if (s->type == CMARK_NODE_HEADING)
			buf_printf(b, " level=%d", s->heading_level);
		if (s->type == CMARK_NODE_LIST)
			buf_printf(b, " %s%s", s->ordered ? "ordered" : "bullet",
			    s->list_tight ? " tight" : "");
		if (s->info && *s->info) {
			BUF_PUTSL(b, " info=");
			quote(b, s->info);
		}
		if (s->url) {
			BUF_PUTSL(b, " url=");
			quote(b, s->url);
		}
		if (s->literal) {
			buf_putc(b, ' ');
			quote(b, s->literal);
		}
		buf_putc(b, '\n');
	}
	aw_end(&w);
}

static void
text_node(struct buf *b, const struct outline *o, const struct ol_node *n, int depth)
{
	for (int i = 0; i < depth; i++)
		BUF_PUTSL(b, "  ");
	buf_puts(b, kind_name[n->kind]);
	if (n->number)
		buf_printf(b, " %s", n->number);
	if (n->text) {
		buf_putc(b, ' ');
		quote(b, n->text);
	} else if (n->kind == OL_SECTION || n->kind == OL_GROUP)
		BUF_PUTSL(b, " (untitled)");
	text_pos(b, o, &n->pos);
	if (n->id)
		buf_printf(b, " id=%s%s", n->id, n->kind == OL_QUESTION &&
		    n->as.question.explicit_id ? " (explicit)" : "");
	if (n->kind == OL_GROUP && n->as.group.follows) {
		buf_printf(b, " follows=%u", n->as.group.follows);
		if (n->as.group.label) {
			BUF_PUTSL(b, " label=");
			quote(b, n->as.group.label);
		}
	}
	for (size_t i = 0; i < n->ntags; i++)
		buf_printf(b, " .%s", n->tags[i]);
	buf_putc(b, '\n');
	if (n->kind == OL_QUESTION && n->as.question.answer)
		text_answer(b, n, depth + 1);
	OL_FOREACH(c, n)
		text_node(b, o, c, depth + 1);
}

/* Writes section by section, so a large corpus never sits in memory twice. */
static int
dump_text(FILE *out, const struct outline *o)
{
	const struct ol_meta *m = &o->meta;
	struct buf b = BUF_INIT;
	BUF_PUTSL(&b, "outline");
	for (size_t i = 0; i < o->nfiles; i++)
		buf_printf(&b, " %s", o->files[i]);
	const size_t counts[] = { o->nsections, o->ngroups, o->nquestions, o->nanswers };
	const char *what[] = { "section", "group", "question", "answer" };
	for (size_t i = 0; i < 4; i++)
		buf_printf(&b, "%s%zu %s%s", i ? ", " : "\n  ", counts[i], what[i],
		    counts[i] == 1 ? "" : "s");
	buf_putc(&b, '\n');
	for (size_t i = 0; i < OL_NMETA; i++) {
		const char *v = *ol_meta_field(m, i);
		if (v == NULL)
			continue;
		buf_printf(&b, "  %s ", ol_meta_keys[i]);
		quote(&b, v);
		if (i == OL_META_LANG && m->lang_detected)
			BUF_PUTSL(&b, " (detected)");
		buf_putc(&b, '\n');
	}
	BUF_PUTSL(&b, "document");
	if (o->root->text) {
		buf_putc(&b, ' ');
		quote(&b, o->root->text);
	}
	text_pos(&b, o, &o->root->pos);
	buf_putc(&b, '\n');
	if (o->root->as.question.answer) {
		BUF_PUTSL(&b, "  description\n");
		text_answer(&b, o->root, 2);
	}
	int rc = 0;
	OL_FOREACH(sec, o->root) {
		text_node(&b, o, sec, 1);
		rc |= buf_write(&b, out);
	}
	rc |= buf_write(&b, out);
	buf_free(&b);
	return rc;
}

/* ---------------- XML ---------------- */

/* Written through xw.h, laid out as libxml2's xmlTextWriter with indenting
 * on wrote it before (byte for byte), without its allocations and output
 * layers: it took twice the time of the JSON dump. */

static void
xml_uint_attr(struct xw *x, const char *name, unsigned v)
{
	char s[16];
	snprintf(s, sizeof(s), "%u", v);
	xw_attr(x, name, s);
}

static void
xml_pos(struct xw *x, const struct outline *o, const struct ol_pos *p)
{
	if (p->file && o->nfiles > 1)
		xw_attr(x, "file", p->file);
	xml_uint_attr(x, "line", p->line);
	xml_uint_attr(x, "col", p->col);
}

/* The attributes of an answer node other than its position. */
static void
xml_answer_attrs(struct xw *x, const struct aw_step *s)
{
	char n[16];
	if (s->type == CMARK_NODE_HEADING) {
		snprintf(n, sizeof(n), "%d", s->heading_level);
		xw_attr(x, "level", n);
	}
	if (s->type == CMARK_NODE_LIST) {
		xw_attr(x, "type", s->ordered ? "ordered" : "bullet");
		xw_attr(x, "tight", s->list_tight ? "true" : "false");
		if (s->ordered) {
			snprintf(n, sizeof(n), "%d", s->list_start);
			xw_attr(x, "start", n);
		}
	}
	if (s->info && *s->info)
		xw_attr(x, "info", s->info);
	if (s->url) {
		xw_attr(x, "destination", s->url);
		xw_attr(x, "title", s->title);
	}
}

static void
xml_answer(struct xw *x, const struct outline *o, const struct ol_node *q)
{
	struct answer_walk aw;
	const struct aw_step *s;
	aw_start(&aw, q->as.question.answer, TYPO_RAW);
	while (!x->err && (s = aw_next(&aw)) != NULL) {
		if (!s->enter) {
			xw_end(x);
			continue;
		}
		xw_start(x, s->type != CMARK_NODE_DOCUMENT ? s->name :
		    q->kind == OL_DOCUMENT ? "description" : "answer");
		if (s->type == CMARK_NODE_DOCUMENT) {
			xml_pos(x, o, &q->as.question.answer_pos);
		} else {
			struct ol_pos p = ol_answer_pos(q, s->node);
			if (p.line) {
				xml_uint_attr(x, "line", p.line);
				xml_uint_attr(x, "col", p.col);
			}
		}
		xml_answer_attrs(x, s);
		if (s->literal)
			xw_string(x, s->literal);
		if (s->leaf)
			xw_end(x);
	}
	aw_end(&aw);
}

/* <name>text</name>, text NULL for an empty element */
static void
xml_element(struct xw *x, const char *name, const char *text)
{
	xw_start(x, name);
	if (text)
		xw_string(x, text);
	xw_end(x);
}

static void
xml_meta(struct xw *x, const struct ol_meta *m)
{
	xw_start(x, "meta");
	for (size_t i = 0; i < OL_NMETA; i++) {
		const char *v = *ol_meta_field(m, i);
		if (v == NULL)
			continue;
		/* An element named "id" would read as an XML id. */
		xw_start(x, i == OL_META_ID ? "corpus-id" : ol_meta_keys[i]);
		if (i == OL_META_LANG)
			xw_attr(x, "source", m->lang_detected ? "detected" : "front-matter");
		xw_string(x, v);
		xw_end(x);
	}
	xw_end(x);
}

/* The buffer goes to out a piece at a time, so that the dump of a big
 * corpus is never whole in memory. */
enum { XML_FLUSH_AT = 1 << 16 };

static void
xml_node(struct xw *x, FILE *out, const struct outline *o, const struct ol_node *n)
{
	xw_start(x, kind_name[n->kind]);
	if (n->id)
		xw_attr(x, "id", n->id);
	if (n->number)
		xw_attr(x, "number", n->number);
	if (n->kind != OL_DOCUMENT)
		xml_pos(x, o, &n->pos);
	if (n->kind == OL_QUESTION && n->as.question.explicit_id)
		xw_attr(x, "explicit-id", "true");
	if (n->kind == OL_GROUP && n->as.group.follows) {
		xml_uint_attr(x, "follows", n->as.group.follows);
		if (n->as.group.label)
			xw_attr(x, "label", n->as.group.label);
	}
	if (n->kind == OL_DOCUMENT)
		xml_meta(x, &o->meta);
	else if (n->text)
		xml_element(x, n->kind == OL_QUESTION ? "text" : "title", n->text);
	for (size_t i = 0; i < n->ntags; i++)
		xml_element(x, "tag", n->tags[i]);
	if ((n->kind == OL_QUESTION || n->kind == OL_DOCUMENT) && n->as.question.answer)
		xml_answer(x, o, n);
	OL_FOREACH(c, n) {
		xml_node(x, out, o, c);
		if (x->b.len >= XML_FLUSH_AT)
			(void)buf_write(&x->b, out); /* a failure stays on out (ferror) */
	}
	xw_end(x);
}

static int
dump_xml(FILE *out, const struct outline *o)
{
	struct xw x;
	xw_open(&x);
	xw_indent(&x);
	xml_node(&x, out, o, o->root);
	int rc = xw_end_document(&x);
	if (rc == 0)
		(void)buf_write(&x.b, out);
	xw_close(&x);
	return rc;
}

/* ---------------- JSON ---------------- */

/* The JSON is written by hand, byte for byte as jansson's
 * json_dump_callback with JSON_INDENT(1) | JSON_PRESERVE_ORDER wrote it
 * before (jansson built and freed an object per node and escaped every
 * string through a callback: five times the time of the text dump). */
struct jw {
	struct buf b;
	FILE *out;
	int depth;       /* spaces before a member of the open container */
	int rc;          /* -1 once a write to out failed */
};

/* Spaces enough for any depth a corpus reaches in one call. */
static const char spaces[] = "                                                                ";

static void
jw_indent(struct jw *w, int n)
{
	while (n > 0) {
		int k = n < (int)sizeof(spaces) - 1 ? n : (int)sizeof(spaces) - 1;
		buf_put(&w->b, spaces, (size_t)k);
		n -= k;
	}
}

/* Passes what is written so far to the stream, so that memory holds
 * about one question's text. */
static void
jw_flush(struct jw *w)
{
	if (w->b.len < (1 << 16))
		return;
	if (fwrite(w->b.ptr, 1, w->b.len, w->out) != w->b.len)
		w->rc = -1;
	buf_clear(&w->b);
}

/* s as a JSON string: jansson's escapes (\uXXXX in upper case for the
 * other control characters), UTF-8 left as it is. */
static void
jw_string(struct jw *w, const char *s)
{
	buf_putc(&w->b, '"');
	const char *run = s;
	for (;; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_put(&w->b, run, (size_t)(s - run));
		run = s + 1;
		if (c == '\0')
			break;
		switch (c) {
		case '"': BUF_PUTSL(&w->b, "\\\""); break;
		case '\\': BUF_PUTSL(&w->b, "\\\\"); break;
		case '\b': BUF_PUTSL(&w->b, "\\b"); break;
		case '\f': BUF_PUTSL(&w->b, "\\f"); break;
		case '\n': BUF_PUTSL(&w->b, "\\n"); break;
		case '\r': BUF_PUTSL(&w->b, "\\r"); break;
		case '\t': BUF_PUTSL(&w->b, "\\t"); break;
		default: buf_printf(&w->b, "\\u%04X", c); break;
		}
	}
	buf_putc(&w->b, '"');
}

/* jansson took no string that is not UTF-8 and left its member out. */
static int
is_utf8(const char *s)
{
	size_t n = strlen(s);
	return utf8_invalid_at((const unsigned char *)s, n) == n;
}

/* Opens a container ('{' or '['); *n counts its members. */
static void
jw_open(struct jw *w, char c, int *n)
{
	buf_putc(&w->b, c);
	w->depth++;
	*n = 0;
}

static void
jw_close(struct jw *w, char c, int n)
{
	w->depth--;
	if (n) {
		buf_putc(&w->b, '\n');
		jw_indent(w, w->depth);
	}
	buf_putc(&w->b, c);
}

/* The next element of an array. */
static void
jw_next(struct jw *w, int *n)
{
	if ((*n)++)
		buf_putc(&w->b, ',');
	buf_putc(&w->b, '\n');
	jw_indent(w, w->depth);
}

/* The next member of an object, up to its value. */
static void
jw_key(struct jw *w, int *n, const char *key)
{
	jw_next(w, n);
	jw_string(w, key);
	BUF_PUTSL(&w->b, ": ");
}

/* A string member, null for NULL. */
static void
jw_str(struct jw *w, int *n, const char *key, const char *s)
{
	if (s && !is_utf8(s))
		return;
	jw_key(w, n, key);
	if (s)
		jw_string(w, s);
	else
		BUF_PUTSL(&w->b, "null");
}

static void
jw_int(struct jw *w, int *n, const char *key, long long v)
{
	jw_key(w, n, key);
	buf_printf(&w->b, "%lld", v);
}

static void
jw_bool(struct jw *w, int *n, const char *key, int v)
{
	jw_key(w, n, key);
	buf_puts(&w->b, v ? "true" : "false");
}

static void
json_pos(struct jw *w, int *n, const struct outline *o, const struct ol_pos *p)
{
	int m;
	jw_key(w, n, "pos");
	jw_open(w, '{', &m);
	if (p->file && o && o->nfiles > 1)
		jw_str(w, &m, "file", p->file);
	jw_int(w, &m, "line", p->line);
	jw_int(w, &m, "col", p->col);
	jw_close(w, '}', m);
}

/* The members of a step's node up to its children: those jansson's dump
 * of the tree gave, in its order. */
static void
json_fields(struct jw *w, int *n, const struct ol_node *q,
    const struct aw_step *s)
{
	jw_str(w, n, "type", s->name);
	struct ol_pos p = ol_answer_pos(q, s->node);
	if (p.line) {
		jw_int(w, n, "line", p.line);
		jw_int(w, n, "col", p.col);
	}
	if (s->type == CMARK_NODE_HEADING)
		jw_int(w, n, "level", s->heading_level);
	if (s->type == CMARK_NODE_LIST) {
		jw_bool(w, n, "ordered", s->ordered);
		jw_bool(w, n, "tight", s->list_tight);
		if (s->ordered)
			jw_int(w, n, "start", s->list_start);
	}
	if (s->info && *s->info)
		jw_str(w, n, "info", s->info);
	if (s->url) {
		jw_str(w, n, "destination", s->url);
		jw_str(w, n, "title", s->title);
	}
	if (s->literal)
		jw_str(w, n, "literal", s->literal);
}

/* An answer's tree, one object a node, its children in "children" when
 * it has any.  The answer's own members go to *n, left open for its
 * "pos".  Which step follows a container's entry settles both what is
 * still open: an entry means a first child (open "children"), an exit
 * an empty container (no "children"); so no stack is kept.  Every
 * object holds its "type", so none closes empty. */
static void
json_cmark(struct jw *w, int *n, const struct ol_node *q, cmark_node *root)
{
	struct answer_walk aw;
	const struct aw_step *s;
	/* m: the members of the object opened last; opened: the step
	 * before entered a container. */
	int m = 0, opened = 0;
	aw_start(&aw, root, TYPO_RAW);
	while ((s = aw_next(&aw)) != NULL) {
		if (!s->enter) {
			if (!opened)
				jw_close(w, ']', 1);
			if (s->depth)
				jw_close(w, '}', 1);
			opened = 0;
			continue;
		}
		if (s->depth) {
			/* k: whether a sibling came before (jw_next's comma). */
			int k = !opened;
			if (opened) {
				jw_key(w, s->depth > 1 ? &m : n, "children");
				jw_open(w, '[', &k);
			}
			jw_next(w, &k);
			jw_open(w, '{', &m);
		}
		json_fields(w, s->depth ? &m : n, q, s);
		if (s->leaf && s->depth)
			jw_close(w, '}', m);
		opened = !s->leaf;
	}
	aw_end(&aw);
}

/* An answer or the description, with its position. */
static void
json_answer(struct jw *w, int *n, const char *key, const struct outline *o,
    const struct ol_node *q)
{
	int m;
	jw_key(w, n, key);
	jw_open(w, '{', &m);
	json_cmark(w, &m, q, q->as.question.answer);
	json_pos(w, &m, o, &q->as.question.answer_pos);
	jw_close(w, '}', m);
}

/* The members of node n; *k is left open. */
static void
json_node(struct jw *w, int *k, const struct outline *o, const struct ol_node *n)
{
	jw_str(w, k, "kind", kind_name[n->kind]);
	if (n->id)
		jw_str(w, k, "id", n->id);
	if (n->number)
		jw_str(w, k, "number", n->number);
	jw_str(w, k, n->kind == OL_QUESTION ? "text" : "title", n->text);
	if (n->kind != OL_DOCUMENT)
		json_pos(w, k, o, &n->pos);
	if (n->kind == OL_GROUP && n->as.group.follows) {
		jw_int(w, k, "follows", n->as.group.follows);
		jw_str(w, k, "label", n->as.group.label);
	}
	if (n->kind == OL_QUESTION) {
		jw_bool(w, k, "explicit_id", n->as.question.explicit_id);
		if (n->as.question.answer)
			json_answer(w, k, "answer", o, n);
	}
	if (n->ntags) {
		int m;
		jw_key(w, k, "tags");
		jw_open(w, '[', &m);
		for (size_t i = 0; i < n->ntags; i++)
			if (is_utf8(n->tags[i])) {
				jw_next(w, &m);
				jw_string(w, n->tags[i]);
			}
		jw_close(w, ']', m);
	}
}

/* A section, group or question with what is under it. */
static void
json_tree(struct jw *w, const struct outline *o, const struct ol_node *n)
{
	int k, m;
	jw_open(w, '{', &k);
	json_node(w, &k, o, n);
	if (n->kind != OL_QUESTION) {
		jw_key(w, &k, n->kind == OL_SECTION ? "groups" : "questions");
		jw_open(w, '[', &m);
		OL_FOREACH(c, n) {
			jw_next(w, &m);
			json_tree(w, o, c);
		}
		jw_close(w, ']', m);
	}
	jw_close(w, '}', k);
	jw_flush(w);
}

static int
dump_json(FILE *out, const struct outline *o)
{
	const struct ol_meta *meta = &o->meta;
	struct jw w = { BUF_INIT, out, 0, 0 };
	int k, m;
	jw_open(&w, '{', &k);
	jw_str(&w, &k, "kind", "document");
	jw_str(&w, &k, "title", o->root->text);
	jw_key(&w, &k, "meta");
	jw_open(&w, '{', &m);
	for (size_t i = 0; i < OL_NMETA; i++)
		jw_str(&w, &m, ol_meta_keys[i], *ol_meta_field(meta, i));
	jw_bool(&w, &m, "lang_detected", meta->lang_detected);
	jw_close(&w, '}', m);
	jw_key(&w, &k, "files");
	jw_open(&w, '[', &m);
	for (size_t i = 0; i < o->nfiles; i++)
		if (is_utf8(o->files[i])) {
			jw_next(&w, &m);
			jw_string(&w, o->files[i]);
		}
	jw_close(&w, ']', m);
	if (o->root->as.question.answer)
		json_answer(&w, &k, "description", o, o->root);
	jw_key(&w, &k, "sections");
	jw_open(&w, '[', &m);
	OL_FOREACH(sec, o->root) {
		jw_next(&w, &m);
		json_tree(&w, o, sec);
	}
	/* An empty list of sections was written "[\n ]" before. */
	if (m == 0) {
		buf_putc(&w.b, '\n');
		jw_indent(&w, 1);
	}
	jw_close(&w, ']', m);
	jw_close(&w, '}', k);
	buf_putc(&w.b, '\n');
	if (fwrite(w.b.ptr, 1, w.b.len, out) != w.b.len)
		w.rc = -1;
	buf_free(&w.b);
	return w.rc;
}

int
out_outline(const struct outline *o, enum dump_format fmt, FILE *out)
{
	int rc = 0;
	switch (fmt) {
	case DUMP_TEXT:
		rc = dump_text(out, o);
		break;
	case DUMP_XML:
		rc = dump_xml(out, o);
		break;
	case DUMP_JSON:
		rc = dump_json(out, o);
		break;
	case DUMP_QBIND:
		rc = out_qbind(o, out);
		break;
	}
	/* Every writer allocates through xalloc (which ends the process
	 * when memory runs out), so a failure here is the stream's. */
	return rc != 0 || ferror(out) ? -1 : 0;
}
