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
#include "xalloc.h"

#include <cmark.h>
#include <jansson.h>
#include <libxml/xmlwriter.h>
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
	aw_start(&w, q->as.question.answer);
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

#define X(call) do { if ((call) < 0) goto fail; } while (0)

static int
xml_pos(xmlTextWriterPtr w, const struct outline *o, const struct ol_pos *p)
{
	if (p->file && o->nfiles > 1 &&
	    xmlTextWriterWriteAttribute(w, BAD_CAST "file", BAD_CAST p->file) < 0)
		return -1;
	if (xmlTextWriterWriteFormatAttribute(w, BAD_CAST "line", "%u", p->line) < 0 ||
	    xmlTextWriterWriteFormatAttribute(w, BAD_CAST "col", "%u", p->col) < 0)
		return -1;
	return 0;
}

/* The attributes of an answer node other than its position. */
static int
xml_answer_attrs(xmlTextWriterPtr w, const struct aw_step *s)
{
	if (s->type == CMARK_NODE_HEADING)
		X(xmlTextWriterWriteFormatAttribute(w, BAD_CAST "level", "%d",
		    s->heading_level));
	if (s->type == CMARK_NODE_LIST) {
		X(xmlTextWriterWriteAttribute(w, BAD_CAST "type",
		    BAD_CAST (s->ordered ? "ordered" : "bullet")));
		X(xmlTextWriterWriteAttribute(w, BAD_CAST "tight",
		    BAD_CAST (s->list_tight ? "true" : "false")));
		if (s->ordered)
			X(xmlTextWriterWriteFormatAttribute(w, BAD_CAST "start", "%d",
			    s->list_start));
	}
	if (s->info && *s->info)
		X(xmlTextWriterWriteAttribute(w, BAD_CAST "info", BAD_CAST s->info));
	if (s->url) {
		X(xmlTextWriterWriteAttribute(w, BAD_CAST "destination", BAD_CAST s->url));
		X(xmlTextWriterWriteAttribute(w, BAD_CAST "title", BAD_CAST s->title));
	}
	return 0;
fail:
	return -1;
}

static int
xml_answer(xmlTextWriterPtr w, const struct outline *o, const struct ol_node *q)
{
	struct answer_walk aw;
	const struct aw_step *s;
	aw_start(&aw, q->as.question.answer);
	while ((s = aw_next(&aw)) != NULL) {
		if (!s->enter) {
			X(xmlTextWriterEndElement(w));
			continue;
		}
		X(xmlTextWriterStartElement(w, BAD_CAST (s->type != CMARK_NODE_DOCUMENT ?
		    s->name : q->kind == OL_DOCUMENT ? "description" : "answer")));
		if (s->type == CMARK_NODE_DOCUMENT) {
			X(xml_pos(w, o, &q->as.question.answer_pos));
		} else {
			struct ol_pos p = ol_answer_pos(q, s->node);
			if (p.line) {
				X(xmlTextWriterWriteFormatAttribute(w, BAD_CAST "line", "%u", p.line));
				X(xmlTextWriterWriteFormatAttribute(w, BAD_CAST "col", "%u", p.col));
			}
		}
		X(xml_answer_attrs(w, s));
		if (s->literal)
			X(xmlTextWriterWriteString(w, BAD_CAST s->literal));
		if (s->leaf)
			X(xmlTextWriterEndElement(w));
	}
	aw_end(&aw);
	return 0;
fail:
	aw_end(&aw);
	return -1;
}

static int
xml_node(xmlTextWriterPtr w, const struct outline *o, const struct ol_node *n)
{
	X(xmlTextWriterStartElement(w, BAD_CAST kind_name[n->kind]));
	if (n->id)
		X(xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST n->id));
	if (n->number)
		X(xmlTextWriterWriteAttribute(w, BAD_CAST "number", BAD_CAST n->number));
	if (n->kind != OL_DOCUMENT)
		X(xml_pos(w, o, &n->pos));
	if (n->kind == OL_QUESTION && n->as.question.explicit_id)
		X(xmlTextWriterWriteAttribute(w, BAD_CAST "explicit-id", BAD_CAST "true"));
	if (n->kind == OL_GROUP && n->as.group.follows) {
		X(xmlTextWriterWriteFormatAttribute(w, BAD_CAST "follows", "%u",
		    n->as.group.follows));
		if (n->as.group.label)
			X(xmlTextWriterWriteAttribute(w, BAD_CAST "label",
			    BAD_CAST n->as.group.label));
	}
	if (n->kind == OL_DOCUMENT) {
		const struct ol_meta *m = &o->meta;
		X(xmlTextWriterStartElement(w, BAD_CAST "meta"));
		for (size_t i = 0; i < OL_NMETA; i++) {
			const char *v = *ol_meta_field(m, i);
			if (v == NULL)
				continue;
			/* An element named "id" would read as an XML id. */
			X(xmlTextWriterStartElement(w, BAD_CAST (i == OL_META_ID ?
			    "corpus-id" : ol_meta_keys[i])));
			if (i == OL_META_LANG)
				X(xmlTextWriterWriteAttribute(w, BAD_CAST "source",
				    BAD_CAST (m->lang_detected ? "detected" : "front-matter")));
			X(xmlTextWriterWriteString(w, BAD_CAST v));
			X(xmlTextWriterEndElement(w));
		}
		X(xmlTextWriterEndElement(w));
	} else if (n->text)
		X(xmlTextWriterWriteElement(w, BAD_CAST (n->kind == OL_QUESTION ?
		    "text" : "title"), BAD_CAST n->text));
	for (size_t i = 0; i < n->ntags; i++)
		X(xmlTextWriterWriteElement(w, BAD_CAST "tag", BAD_CAST n->tags[i]));
	if ((n->kind == OL_QUESTION || n->kind == OL_DOCUMENT) && n->as.question.answer)
		X(xml_answer(w, o, n));
	OL_FOREACH(c, n)
		X(xml_node(w, o, c));
	X(xmlTextWriterEndElement(w));
	return 0;
fail:
	return -1;
}

/* libxml2 prints "I/O error" lines of its own when a write fails: the
 * sink takes everything, and a failed write stays on the FILE (ferror),
 * where out_outline looks and the caller reports it in our words. */
static int
xml_sink(void *ctx, const char *buf, int len)
{
	fwrite(buf, 1, (size_t)len, ctx);
	return len;
}

static int
dump_xml(FILE *out, const struct outline *o)
{
	xmlOutputBufferPtr ob = xmlOutputBufferCreateIO(xml_sink, NULL, out, NULL);
	xmlTextWriterPtr w = ob ? xmlNewTextWriter(ob) : NULL;
	int rc = -1;
	if (w == NULL) {
		if (ob)
			xmlOutputBufferClose(ob);
		return -1;
	}
	X(xmlTextWriterSetIndent(w, 1));
	X(xmlTextWriterSetIndentString(w, BAD_CAST " "));
	X(xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL));
	X(xml_node(w, o, o->root));
	X(xmlTextWriterEndDocument(w));
	rc = 0;
fail:
	xmlFreeTextWriter(w); /* closes ob, flushing into out */
	return rc;
}

/* ---------------- JSON ---------------- */

static json_t *
json_pos(const struct outline *o, const struct ol_pos *p)
{
	json_t *j = json_object();
	if (p->file && o && o->nfiles > 1)
		json_object_set_new(j, "file", json_string(p->file));
	json_object_set_new(j, "line", json_integer(p->line));
	json_object_set_new(j, "col", json_integer(p->col));
	return j;
}

static json_t *
json_cmark(const struct ol_node *q, cmark_node *n)
{
	json_t *j = json_object();
	cmark_node_type t = cmark_node_get_type(n);
	json_object_set_new(j, "type", json_string(cmark_node_get_type_string(n)));
	struct ol_pos p = ol_answer_pos(q, n);
	if (p.line) {
		json_object_set_new(j, "line", json_integer(p.line));
		json_object_set_new(j, "col", json_integer(p.col));
	}
	if (t == CMARK_NODE_HEADING)
		json_object_set_new(j, "level", json_integer(cmark_node_get_heading_level(n)));
	if (t == CMARK_NODE_LIST) {
		int ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
		json_object_set_new(j, "ordered", json_boolean(ordered));
		json_object_set_new(j, "tight", json_boolean(cmark_node_get_list_tight(n)));
		if (ordered)
			json_object_set_new(j, "start", json_integer(cmark_node_get_list_start(n)));
	}
	if (t == CMARK_NODE_CODE_BLOCK && *cmark_node_get_fence_info(n))
		json_object_set_new(j, "info", json_string(cmark_node_get_fence_info(n)));
	if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) {
		json_object_set_new(j, "destination", json_string(cmark_node_get_url(n)));
		json_object_set_new(j, "title", json_string(cmark_node_get_title(n)));
	}
	if (ol_cmark_has_literal(t))
		json_object_set_new(j, "literal", json_string(cmark_node_get_literal(n)));
	if (cmark_node_first_child(n)) {
		json_t *kids = json_array();
		for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c))
			json_array_append_new(kids, json_cmark(q, c));
		json_object_set_new(j, "children", kids);
	}
	return j;
}

static json_t *
json_node(const struct outline *o, const struct ol_node *n)
{
	json_t *j = json_object();
	json_object_set_new(j, "kind", json_string(kind_name[n->kind]));
	if (n->id)
		json_object_set_new(j, "id", json_string(n->id));
	if (n->number)
		json_object_set_new(j, "number", json_string(n->number));
	json_object_set_new(j, n->kind == OL_QUESTION ? "text" : "title",
	    n->text ? json_string(n->text) : json_null());
	if (n->kind != OL_DOCUMENT)
		json_object_set_new(j, "pos", json_pos(o, &n->pos));
	if (n->kind == OL_GROUP && n->as.group.follows) {
		json_object_set_new(j, "follows", json_integer(n->as.group.follows));
		json_object_set_new(j, "label", n->as.group.label ?
		    json_string(n->as.group.label) : json_null());
	}
	if (n->kind == OL_QUESTION) {
		json_object_set_new(j, "explicit_id",
		    json_boolean(n->as.question.explicit_id));
		if (n->as.question.answer) {
			json_t *a = json_cmark(n, n->as.question.answer);
			json_object_set_new(a, "pos", json_pos(o, &n->as.question.answer_pos));
			json_object_set_new(j, "answer", a);
		}
	}
	if (n->ntags) {
		json_t *tags = json_array();
		for (size_t i = 0; i < n->ntags; i++)
			json_array_append_new(tags, json_string(n->tags[i]));
		json_object_set_new(j, "tags", tags);
	}
	return j;
}

/* jansson's output for a value nested `indent` levels deep: every new
 * line gets the extra indentation the whole-document dump would give it. */
struct json_sink {
	struct buf *b;
	int indent;
};

static int
json_indented(const char *buf, size_t size, void *data)
{
	struct json_sink *js = data;
	for (const char *p = buf, *end = buf + size; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
		buf_put(js->b, p, n);
		if (nl)
			buf_printf(js->b, "%*s", js->indent, "");
		p += n;
	}
	return 0;
}

/* Encodes j (and frees it) as it would stand `indent` levels deep; with
 * open_object, leaves the object open after its last member. */
static int
json_put(FILE *out, json_t *j, int indent, int open_object)
{
	struct buf b = BUF_INIT;
	struct json_sink js = { &b, indent };
	int rc = json_dump_callback(j, json_indented, &js,
	    JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
	json_decref(j);
	if (open_object) {
		/* Drop the closing "\n<indent>}". */
		while (b.len && b.ptr[b.len - 1] != '}')
			b.len--;
		if (b.len)
			b.len--;
		while (b.len && (b.ptr[b.len - 1] == ' ' || b.ptr[b.len - 1] == '\n'))
			b.len--;
	}
	if (fwrite(b.ptr, 1, b.len, out) != b.len)
		rc = -1;
	buf_free(&b);
	return rc;
}

/* A section or group: its own fields from jansson, its children streamed
 * one by one, so memory holds one question's tree, not a section's. */
static int
json_container(FILE *out, const struct outline *o, const struct ol_node *n, int indent)
{
	int rc = json_put(out, json_node(o, n), indent, 1);
	fprintf(out, ",\n%*s\"%s\": [", indent + 1, "",
	    n->kind == OL_SECTION ? "groups" : "questions");
	OL_FOREACH(c, n) {
		fprintf(out, "%s%*s", c == n->first ? "\n" : ",\n", indent + 2, "");
		if (c->kind == OL_QUESTION)
			rc |= json_put(out, json_node(o, c), indent + 2, 0);
		else
			rc |= json_container(out, o, c, indent + 2);
	}
	if (n->first)
		fprintf(out, "\n%*s", indent + 1, "");
	fprintf(out, "]\n%*s}", indent, "");
	return rc;
}

/* The document's own fields are written by hand around the sections,
 * each of which jansson encodes on its own: memory stays at one section's
 * tree instead of the whole corpus's. */
static int
dump_json(FILE *out, const struct outline *o)
{
	const struct ol_meta *m = &o->meta;
	json_t *meta = json_object();
	for (size_t i = 0; i < OL_NMETA; i++) {
		const char *v = *ol_meta_field(m, i);
		json_object_set_new(meta, ol_meta_keys[i], v ? json_string(v) : json_null());
	}
	json_object_set_new(meta, "lang_detected", json_boolean(m->lang_detected));
	json_t *files = json_array();
	for (size_t i = 0; i < o->nfiles; i++)
		json_array_append_new(files, json_string(o->files[i]));
	json_t *title = o->root->text ? json_string(o->root->text) : json_null();

	int rc = 0;
	fputs("{\n \"kind\": \"document\",\n \"title\": ", out);
	rc |= json_put(out, title, 1, 0);
	fputs(",\n \"meta\": ", out);
	rc |= json_put(out, meta, 1, 0);
	fputs(",\n \"files\": ", out);
	rc |= json_put(out, files, 1, 0);
	if (o->root->as.question.answer) {
		json_t *d = json_cmark(o->root, o->root->as.question.answer);
		json_object_set_new(d, "pos", json_pos(o, &o->root->as.question.answer_pos));
		fputs(",\n \"description\": ", out);
		rc |= json_put(out, d, 1, 0);
	}
	fputs(",\n \"sections\": [", out);
	OL_FOREACH(sec, o->root) {
		fputs(sec == o->root->first ? "\n  " : ",\n  ", out);
		rc |= json_container(out, o, sec, 2);
	}
	fputs("\n ]\n}\n", out);
	return rc ? -1 : 0;
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
	/* libxml2 and jansson allocate through xalloc (which ends the process
	 * when memory runs out), so a failure here is the stream's. */
	return rc != 0 || ferror(out) ? -1 : 0;
}
