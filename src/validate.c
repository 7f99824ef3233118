/* validate.c: the pass between reading and rendering.
 *
 * Gives every question its display number and stable id, sections and
 * groups their ids, the document its language and labels, and reports
 * what only the whole tree shows: duplicate questions and ids, empty
 * groups, a corpus without questions.  Backends trust what it leaves.
 *
 * Numbering: titled sections are 1, 2, … in order.  A question in a
 * follow-up group ("К вопросу N") is N.k, k counting the follow-ups of N
 * across the document; a question in any other group takes the next of
 * one running count 1, 2, … .  Stable ids: see question_hash_id().
 */
#include "qbind.h"
#include "outline.h"
#include "diag.h"
#include "utf8.h"
#include "xalloc.h"

#include <cmark.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>

static const char base32[] = "abcdefghijklmnopqrstuvwxyz234567";

/* Lowercases ASCII and Russian Cyrillic, folds runs of spaces: the
 * normalised text is what the id is the hash of, so "Что такое  GC?" and
 * "что такое GC?" are the same question. */
static void
hash_normalised(struct sha256_ctx *ctx, const char *text)
{
	char out[8];
	int space = 0, started = 0;
	for (const char *p = text; *p;) {
		uint32_t cp = utf8_next(&p);
		if (cp == ' ' || cp == 0xA0) {
			space = started;
			continue;
		}
		if (cp >= 'A' && cp <= 'Z')
			cp += 32;
		else if (cp >= 0x410 && cp <= 0x42F)
			cp += 32;
		else if (cp >= 0x400 && cp <= 0x40F)
			cp += 80;
		if (space)
			sha256_update(ctx, 1, (const uint8_t *)" ");
		space = 0;
		started = 1;
		size_t n = utf8_encode(cp, out);
		sha256_update(ctx, n, (const uint8_t *)out);
	}
}

static void
encode_id(const char *prefix, const uint8_t *digest, size_t nchars, char *out)
{
	size_t pl = strlen(prefix);
	memcpy(out, prefix, pl);
	uint64_t bits = 0;
	for (int i = 0; i < 8; i++)
		bits = (bits << 8) | digest[i];
	for (size_t i = 0; i < nchars; i++)
		out[pl + i] = base32[(bits >> (59 - 5 * i)) & 31];
	out[pl + nchars] = '\0';
}

void
question_hash_id(const char *text, char out[16])
{
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];
	sha256_init(&ctx);
	hash_normalised(&ctx, text);
	sha256_digest(&ctx, sizeof(digest), digest);
	encode_id("q-", digest, 12, out);
}

/* --- an open-addressing set of ids -> the node that holds it --- */

struct idset {
	const struct ol_node **slots;
	size_t mask;
};

static void
idset_init(struct idset *s, size_t n)
{
	size_t cap = 64;
	while (cap < n * 2)
		cap *= 2;
	s->slots = xcalloc(cap, sizeof(*s->slots));
	s->mask = cap - 1;
}

static size_t
str_hash(const char *s)
{
	size_t h = 14695981039346656037ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* Inserts n under n->id; returns the node that already had it, or NULL. */
static const struct ol_node *
idset_put(struct idset *s, const struct ol_node *n)
{
	for (size_t i = str_hash(n->id) & s->mask;; i = (i + 1) & s->mask) {
		if (s->slots[i] == NULL) {
			s->slots[i] = n;
			return NULL;
		}
		if (strcmp(s->slots[i]->id, n->id) == 0)
			return s->slots[i];
	}
}

/* --- walking --- */

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

static void
warn_at(struct diag *d, const struct ol_node *n, const char *msg)
{
	diag_at(d, DIAG_WARNING, n->pos.file, n->pos.line, n->pos.col, "%s", msg);
}

static void
report_clash(struct diag *d, const struct ol_node *n, const struct ol_node *first)
{
	if (!n->as.question.explicit_id && !first->as.question.explicit_id)
		diag_at(d, DIAG_ERROR, n->pos.file, n->pos.line, n->pos.col,
		    "duplicate question: same text as %s:%u:%u (remove one, or "
		    "give one an explicit id '{#…}')", first->pos.file,
		    first->pos.line, first->pos.col);
	else
		diag_at(d, DIAG_ERROR, n->pos.file, n->pos.line, n->pos.col,
		    "duplicate id '%s': also used by the question at %s:%u:%u",
		    n->id, first->pos.file, first->pos.line, first->pos.col);
}

static void
number_questions(struct outline *o, struct idset *ids, struct diag *d)
{
	struct arena *a = o->arena;
	unsigned maxf = 0;
	OL_FOREACH(s, o->root)
		OL_FOREACH(g, s)
			if (g->as.group.follows > maxf)
				maxf = g->as.group.follows;
	unsigned *follow_count = xcalloc(maxf + 1, sizeof(*follow_count));
	unsigned running = 0;
	size_t seq = 0;
	char tmp[32];

	/* Explicit ids first, so a clash names the implicit one as the newer. */
	for (int pass = 0; pass < 2; pass++)
		for (const struct ol_node *cq = ol_next_question(o, NULL); cq;
		    cq = ol_next_question(o, cq)) {
			struct ol_node *q = (struct ol_node *)cq;
			if (q->as.question.explicit_id != (pass == 0))
				continue;
			if (pass == 1) {
				question_hash_id(q->text, tmp);
				q->id = arena_strdup(a, tmp);
			}
			const struct ol_node *first = idset_put(ids, q);
			if (first)
				report_clash(d, q, first);
		}

	for (const struct ol_node *cq = ol_next_question(o, NULL); cq;
	    cq = ol_next_question(o, cq)) {
		struct ol_node *q = (struct ol_node *)cq;
		unsigned f = q->parent->as.group.follows;
		if (f)
			snprintf(tmp, sizeof(tmp), "%u.%u", f, ++follow_count[f]);
		else
			snprintf(tmp, sizeof(tmp), "%u", ++running);
		q->number = arena_strdup(a, tmp);
		q->as.question.seq = seq++;
	}
	free(follow_count);
}

/* Section and group ids come from their titles; they need not survive
 * edits the way question ids must, only be unique, so a clash gets a
 * suffix instead of an error. */
static void
heading_id(struct outline *o, struct idset *ids, struct ol_node *n,
    const char *prefix)
{
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];
	char base[16], tmp[32];
	sha256_init(&ctx);
	hash_normalised(&ctx, n->text ? n->text : "");
	sha256_digest(&ctx, sizeof(digest), digest);
	encode_id(prefix, digest, 8, base);
	n->id = arena_strdup(o->arena, base);
	for (unsigned k = 2; idset_put(ids, n) != NULL; k++) {
		snprintf(tmp, sizeof(tmp), "%s-%u", base, k);
		n->id = arena_strdup(o->arena, tmp);
	}
}

static void
corpus_id_from_title(struct outline *o)
{
	struct sha256_ctx ctx;
	uint8_t digest[SHA256_DIGEST_SIZE];
	char tmp[16];
	sha256_init(&ctx);
	hash_normalised(&ctx, o->meta.title ? o->meta.title : "");
	sha256_digest(&ctx, sizeof(digest), digest);
	encode_id("c-", digest, 12, tmp);
	o->meta.corpus_id = arena_strdup(o->arena, tmp);
}

int
outline_validate(struct outline *o, struct diag *d)
{
	unsigned errors_before = d->nerrors;
	size_t nsec = 0, ngroups = 0, nq = 0;

	OL_FOREACH(s, o->root) {
		if (s->text) {
			char tmp[16];
			snprintf(tmp, sizeof(tmp), "%zu", ++nsec);
			s->number = arena_strdup(o->arena, tmp);
		}
		if (s->first == NULL)
			warn_at(d, s, "section has no groups");
		OL_FOREACH(g, s) {
			ngroups++;
			if (g->first == NULL)
				warn_at(d, g, "group has no questions");
			nq += g->nchildren;
		}
	}
	o->nsections = nsec;
	o->ngroups = ngroups;
	o->nquestions = nq;

	const char *file = o->nfiles ? o->files[0] : "qbind";
	if (o->meta.title == NULL && d->nerrors == errors_before)
		diag_at(d, DIAG_ERROR, file, 0, 0, "the corpus has no title");
	if (nq == 0 && d->nerrors == errors_before)
		diag_at(d, DIAG_ERROR, file, 0, 0, "the corpus has no questions");

	struct idset ids;
	idset_init(&ids, nq + nsec + ngroups + 1);
	number_questions(o, &ids, d);
	OL_FOREACH(s, o->root) {
		heading_id(o, &ids, s, "s-");
		OL_FOREACH(g, s)
			heading_id(o, &ids, g, "g-");
	}
	free(ids.slots);

	if (o->meta.corpus_id == NULL)
		corpus_id_from_title(o);
	if (o->meta.lang == NULL) {
		o->meta.lang = lang_detect(o);
		o->meta.lang_detected = 1;
	}
	o->labels = lang_labels(o->meta.lang);
	if (strncmp(o->labels->lang, o->meta.lang, 2) != 0)
		diag_at(d, DIAG_WARNING, o->meta.title_pos.file ? o->meta.title_pos.file : file,
		    0, 0, "no labels for language '%s'; backends print English ones",
		    o->meta.lang);
	return d->nerrors == errors_before ? 0 : -1;
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
	arena_free(o->arena);
	free(o->arena);
	free(o);
}
