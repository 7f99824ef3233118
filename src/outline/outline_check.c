/* outline_check.c: the outline's invariants, checked on demand (for the
 * tests and the fuzzer, as cmark's cmark_node_check). */
#include "qbind.h"
#include "outline.h"
#include "xalloc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* More nodes than a list can hold under the caps: a cycle. */
#define MAX_LIST ((size_t)QBIND_MAX_QUESTIONS + 2u * (size_t)QBIND_MAX_HEADINGS + 1u)

struct check {
	const struct outline *o;
	int validated;
	FILE *out;              /* NULL: count only */
	size_t nbad;
	size_t nsections, ngroups, nquestions, nanswers;
	const char **ids;       /* every id seen, for the duplicates */
	size_t nids, capids;
};

static const char *const kind_name[] = { "document", "section", "group",
	"question" };

/* One violation at n: "file:line:col: group: message". */
static void
bad(struct check *k, const struct ol_node *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
bad(struct check *k, const struct ol_node *n, const char *fmt, ...)
{
	k->nbad++;
	if (k->out == NULL)
		return;
	fprintf(k->out, "%s:%u:%u: %s: ", n->pos.file ? n->pos.file : "?",
	    (unsigned)n->pos.line, (unsigned)n->pos.col,
	    (unsigned)n->kind <= OL_QUESTION ? kind_name[n->kind] : "node");
	va_list ap;
	va_start(ap, fmt);
	vfprintf(k->out, fmt, ap);
	va_end(ap);
	fputc('\n', k->out);
}

/* first/last/prev/next/parent/nchildren of n's children agree; whether
 * they do, so that the walk may go down. */
static int
check_links(struct check *k, const struct ol_node *n)
{
	size_t before = k->nbad;
	if ((n->first == NULL) != (n->last == NULL))
		bad(k, n, "first and last disagree on whether it has children");
	const struct ol_node *prev = NULL;
	size_t count = 0;
	for (const struct ol_node *c = n->first; c; prev = c, c = c->next) {
		if (++count > MAX_LIST || count > n->nchildren + 1) {
			bad(k, n, "its children do not end (a cycle?)");
			return 0;
		}
		if (c->parent != n)
			bad(k, c, "its parent is not the node whose child it is");
		if (c->prev != prev)
			bad(k, c, "prev is not the child before it");
	}
	if (n->last != prev)
		bad(k, n, "last is not its last child");
	if (count != n->nchildren)
		bad(k, n, "nchildren is %zu, but it has %zu children",
		    n->nchildren, count);
	return k->nbad == before;
}

static void
add_id(struct check *k, const char *id)
{
	if (k->nids == k->capids) {
		k->capids = k->capids ? 2 * k->capids : 64;
		k->ids = xrealloc(k->ids, k->capids * sizeof(*k->ids));
	}
	k->ids[k->nids++] = id;
}

/* The display pass's fields (outline.h struct ol_display): a rank with a
 * heading only, a page label on sections only, a topic on titled groups. */
static void
check_display(struct check *k, const struct ol_node *n, enum ol_kind want)
{
	const struct ol_display *v = &n->display;
	if (v->rank < -1 || v->rank > 1 ||
	    (want != OL_DOCUMENT && (v->rank >= 0) != (v->heading != NULL)))
		bad(k, n, "display rank %d with heading %s", v->rank,
		    v->heading ? v->heading : "NULL");
	if ((want == OL_SECTION) != (v->label != NULL))
		bad(k, n, "a display label where none belongs, or none on a section");
	if ((want == OL_GROUP && n->text) != (v->topic != NULL))
		bad(k, n, "a display topic where none belongs, or none on a titled group");
}

/* What one node must have: its kind under its parent's, its place, its
 * text, and after validation its id and number.  Whether its children
 * are well linked, to be walked. */
static int
check_node(struct check *k, const struct ol_node *n, enum ol_kind want)
{
	if (n->kind != want)
		bad(k, n, "a %s where a %s belongs", (unsigned)n->kind <= OL_QUESTION ?
		    kind_name[n->kind] : "node of no kind", kind_name[want]);
	int linked = check_links(k, n);
	if (want == OL_QUESTION && n->first)
		bad(k, n, "a question has children");
	if (want != OL_DOCUMENT && (n->pos.file == NULL || n->pos.line == 0))
		bad(k, n, "no position");
	if (n->text && n->text[0] == '\0')
		bad(k, n, "empty text (untitled is NULL)");
	if (want == OL_QUESTION && n->text == NULL)
		bad(k, n, "a question without text");
	if (n->ntags > QBIND_MAX_TAGS || (n->ntags && n->tags == NULL))
		bad(k, n, "%zu tags, at %p", n->ntags, (const void *)n->tags);
	if (want == OL_GROUP && n->as.group.label && !n->as.group.follows)
		bad(k, n, "a follow-up label on a plain group");
	if (want == OL_QUESTION && n->as.question.answer)
		k->nanswers++;
	if (!k->validated)
		return linked;
	check_display(k, n, want);
	if (want == OL_DOCUMENT)
		return linked;
	if (n->id == NULL)
		bad(k, n, "no id after validation");
	else
		add_id(k, n->id);
	int numbered = want == OL_QUESTION || (want == OL_SECTION && n->text);
	if (numbered != (n->number != NULL))
		bad(k, n, numbered ? "no number after validation" :
		    "a number on an untitled section or a group");
	if (want == OL_QUESTION && n->as.question.seq != k->nquestions - 1)
		bad(k, n, "seq is %zu, its place in the document is %zu",
		    n->as.question.seq, k->nquestions - 1);
	return linked;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void
check_ids(struct check *k)
{
	if (k->nids)
		qsort(k->ids, k->nids, sizeof(*k->ids), cmp_str);
	for (size_t i = 1; i < k->nids; i++)
		if (strcmp(k->ids[i - 1], k->ids[i]) == 0)
			bad(k, k->o->root, "id '%s' is used twice", k->ids[i]);
}

static void
check_counts(struct check *k)
{
	const struct outline *o = k->o;
	const struct ol_node *r = o->root;
	if (o->nanswers != k->nanswers)
		bad(k, r, "nanswers is %zu, but %zu questions have an answer",
		    o->nanswers, k->nanswers);
	if (!k->validated)
		return;
	if (o->nsections != k->nsections || o->ngroups != k->ngroups ||
	    o->nquestions != k->nquestions)
		bad(k, r, "counts %zu sections, %zu groups, %zu questions; the "
		    "tree has %zu, %zu, %zu", o->nsections, o->ngroups,
		    o->nquestions, k->nsections, k->ngroups, k->nquestions);
	if (o->meta.lang == NULL || o->meta.corpus_id == NULL || o->labels == NULL)
		bad(k, r, "no language, corpus id or labels after validation");
}

size_t
outline_check(const struct outline *o, int validated, FILE *out)
{
	struct check k = { .o = o, .validated = validated, .out = out };
	const struct ol_node *r = o->root;
	if (r == NULL) {
		if (out)
			fputs("outline: no root\n", out);
		return 1;
	}
	if (r->parent || r->prev || r->next)
		bad(&k, r, "the document has a parent or siblings");
	/* Only well-linked children are walked (a cycle would not end), and
	 * the counts are compared only with a whole walk. */
	int whole = check_node(&k, r, OL_DOCUMENT);
	for (const struct ol_node *s = whole ? r->first : NULL; s; s = s->next) {
		k.nsections += s->text != NULL;
		if (!check_node(&k, s, OL_SECTION)) {
			whole = 0;
			continue;
		}
		OL_FOREACH(g, s) {
			k.ngroups++;
			if (!check_node(&k, g, OL_GROUP)) {
				whole = 0;
				continue;
			}
			OL_FOREACH(q, g) {
				k.nquestions++;
				whole &= check_node(&k, q, OL_QUESTION);
			}
		}
	}
	if (whole) {
		check_counts(&k);
		check_ids(&k);
	}
	free(k.ids);
	return k.nbad;
}
