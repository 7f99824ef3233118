/* validate.c: the pass between reading and rendering.
 *
 * Gives every question its display number and stable id, sections and
 * groups their ids, the document its language and labels, and reports
 * what only the whole tree shows: duplicate questions and ids, empty
 * groups, a corpus without questions.  Last, the display pass
 * (display.c) settles what the backends print.  Backends trust what it
 * leaves.
 *
 * Numbering: titled sections are 1, 2, … in order; questions 1, 2, … in
 * reading order through the whole document, follow-ups included (a
 * handout refers to "question 17" without naming its section; "К вопросу
 * N" is a reference the display pass keeps as a label, never a number).
 * Stable ids: see hash_id() and FORMAT.md.
 */
#include "qbind.h"
#include "outline.h"
#include "buf.h"
#include "diag.h"
#include "utf8.h"
#include "xalloc.h"

#include <assert.h>
#include <cmark.h>
#include <nettle/sha2.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char base32[] = "abcdefghijklmnopqrstuvwxyz234567";

/* The text an id is the hash of: ASCII and Russian Cyrillic lower-cased,
 * runs of spaces folded, so "Что такое  GC?" and "что такое GC?" are the
 * same question.  Lower-casing keeps the byte length, so out needs no more
 * room than text; it is hashed in one call. */
static size_t
normalise(const char *text, char *out)
{
	char *o = out;
	int space = 0;
	for (const char *p = text; *p;) {
		const char *start = p;
		uint32_t cp = utf8_next(&p);
		if (cp == ' ' || cp == 0xA0) {
			space = o != out;
			continue;
		}
		if (space)
			*o++ = ' ';
		space = 0;
		uint32_t f = utf8_fold(cp);
		if (f == cp) {
			memcpy(o, start, (size_t)(p - start));
			o += p - start;
		} else
			o += utf8_encode(f, o);
	}
	return (size_t)(o - out);
}

/* prefix + nchars base32 characters of the SHA-256 of text, normalised. */
static void
hash_id(const char *prefix, const char *text, size_t nchars, struct buf *scratch,
    char *out)
{
	uint8_t digest[SHA256_DIGEST_SIZE];
	struct sha256_ctx ctx;
	buf_clear(scratch);
	buf_grow(scratch, strlen(text) + 1);
	size_t n = normalise(text, scratch->ptr);
	sha256_init(&ctx);
	sha256_update(&ctx, n, (const uint8_t *)scratch->ptr);
	sha256_digest(&ctx, sizeof(digest), digest);

	size_t pl = strlen(prefix);
	memcpy(out, prefix, pl);
	uint64_t bits = 0;
	for (int i = 0; i < 8; i++)
		bits = (bits << 8) | digest[i];
	for (size_t i = 0; i < nchars; i++)
		out[pl + i] = base32[(bits >> (59 - 5 * i)) & 31];
	out[pl + nchars] = '\0';
}

/* --- an open-addressing table: id -> the node that holds it --- */

struct idslot {
	size_t hash;
	const struct ol_node *node;
	unsigned next_suffix;   /* headings: the next "-k" to try for this id */
};

struct idset {
	struct idslot *slots;
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

/* The slot of id: the one holding it, or the empty one where it goes. */
static struct idslot *
idset_slot(struct idset *s, const char *id)
{
	size_t h = str_hash(id);
	for (size_t i = h & s->mask;; i = (i + 1) & s->mask) {
		struct idslot *sl = &s->slots[i];
		if (sl->node == NULL) {
			sl->hash = h;
			return sl;
		}
		if (sl->hash == h && strcmp(sl->node->id, id) == 0)
			return sl;
	}
}

/* A section without groups, or a group without questions. */
static void
empty_at(struct diag *d, const struct ol_node *n)
{
	if (n->kind == OL_SECTION)
		diag_msg(d, MSG_EMPTY_SECTION, n->pos.file, n->pos.line,
		    n->pos.col);
	else
		diag_msg(d, MSG_EMPTY_GROUP, n->pos.file, n->pos.line, n->pos.col);
}

/* The start of text for a message, at most QUOTE_CHARS characters: cut
 * at a space when one is near the end (else between two UTF-8
 * characters), without the spaces before the cut, and ended with '…'
 * when something was left out.  out has room for 4 * QUOTE_CHARS + 4
 * bytes. */
enum { QUOTE_CHARS = 60 };

static void
quote_start(const char *text, char *out)
{
	const char *p = text, *space = NULL;
	for (size_t n = 0; *p && n < QUOTE_CHARS; n++) {
		if (*p == ' ' && n >= QUOTE_CHARS * 2 / 3)
			space = p;
		utf8_next(&p);
	}
	size_t len = (size_t)(p - text);
	if (*p && *p != ' ' && space)
		len = (size_t)(space - text);
	memcpy(out, text, len);
	if (*p) {
		while (len > 0 && out[len - 1] == ' ')
			len--;
		memcpy(out + len, "…", sizeof("…"));
	} else
		out[len] = '\0';
}

static void
report_clash(struct diag *d, const struct ol_node *n, const struct ol_node *first)
{
	char quoted[4 * QUOTE_CHARS + 4];
	if (!n->as.question.explicit_id && !first->as.question.explicit_id) {
		quote_start(n->text, quoted);
		diag_msg(d, MSG_DUPLICATE_QUESTION, n->pos.file, n->pos.line,
		    n->pos.col, quoted,
		    first->pos.file, first->pos.line, first->pos.col);
	} else
		diag_msg(d, MSG_DUPLICATE_ID, n->pos.file, n->pos.line, n->pos.col,
		    n->id, first->pos.file, first->pos.line, first->pos.col);
}

static void
number_questions(struct outline *o, struct idset *ids, struct buf *scratch,
    struct diag *d)
{
	struct arena *a = o->arena;
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
				hash_id("q-", q->text, 12, scratch, tmp);
				q->id = arena_strdup(a, tmp);
			}
			struct idslot *sl = idset_slot(ids, q->id);
			if (sl->node)
				report_clash(d, q, sl->node);
			else
				sl->node = q;
		}

	for (const struct ol_node *cq = ol_next_question(o, NULL); cq;
	    cq = ol_next_question(o, cq)) {
		struct ol_node *q = (struct ol_node *)cq;
		/* Numbers run in reading order: the question's place. */
		snprintf(tmp, sizeof(tmp), "%zu", seq + 1);
		q->number = arena_strdup(a, tmp);
		q->as.question.seq = seq++;
	}
	/* outline_count ran first: seq and the count agree (the Anki deck's
	 * card ids are note id + ord × nquestions, the note id base + seq:
	 * distinct only while seq < nquestions). */
	assert(seq == o->nquestions);
}

/* Section and group ids come from their titles; they need not survive
 * edits the way question ids must, only be unique, so a clash gets a
 * suffix instead of an error.  The base id's slot remembers the next
 * suffix, so a title repeated n times costs n look-ups, not n squared. */
static void
heading_id(struct outline *o, struct idset *ids, struct ol_node *n,
    const char *prefix, struct buf *scratch)
{
	char base[16], tmp[32];
	assert(n->kind == OL_SECTION || n->kind == OL_GROUP);
	hash_id(prefix, n->text ? n->text : "", 8, scratch, base);
	struct idslot *first = idset_slot(ids, base);
	if (first->node == NULL) {
		n->id = arena_strdup(o->arena, base);
		first->node = n;
		return;
	}
	for (;;) {
		unsigned k = first->next_suffix < 2 ? 2 : first->next_suffix;
		first->next_suffix = k + 1;
		snprintf(tmp, sizeof(tmp), "%s-%u", base, k);
		struct idslot *sl = idset_slot(ids, tmp);
		if (sl->node == NULL) {
			n->id = arena_strdup(o->arena, tmp);
			sl->node = n;
			return;
		}
	}
}

/* Whether t could be a heading: a few words, no final punctuation. */
static int
heading_like(const char *t)
{
	size_t n = strlen(t), words = 1;
	for (size_t i = 0; i < n; i++)
		words += t[i] == ' ';
	char last = t[n - 1];
	return words <= 4 && n <= 40 && !strchr("?.!:;)\"'`*", last) &&
	    (unsigned char)last < 0x80;
}

/* When most questions end in '?', a short one with none may be a heading
 * that the reader took for a question: said, for the first few. */
static void
warn_heading_like(const struct outline *o, struct diag *d)
{
	size_t asked = 0, n = 0, said = 0;
	for (const struct ol_node *q = ol_next_question(o, NULL); q; q = ol_next_question(o, q)) {
		n++;
		asked += q->text[strlen(q->text) - 1] == '?';
	}
	if (n < 4 || asked * 4 < n * 3)
		return;
	for (const struct ol_node *q = ol_next_question(o, NULL); q && said < 10;
	    q = ol_next_question(o, q))
		if (heading_like(q->text)) {
			said++;
			diag_msg(d, MSG_HEADING_AS_QUESTION, q->pos.file,
			    q->pos.line, q->pos.col, q->text);
		}
}

void
outline_count(struct outline *o)
{
	o->nsections = o->ngroups = o->nquestions = 0;
	OL_FOREACH(s, o->root) {
		o->nsections += s->text != NULL;
		OL_FOREACH(g, s) {
			o->ngroups++;
			o->nquestions += g->nchildren;
		}
	}
}

int
outline_validate(struct outline *o, struct diag *d)
{
	unsigned errors_before = d->nerrors;
	size_t nsec = 0;
	assert(o->root && o->root->kind == OL_DOCUMENT);

	outline_count(o);
	OL_FOREACH(s, o->root) {
		if (s->text) {
			char tmp[16];
			snprintf(tmp, sizeof(tmp), "%zu", ++nsec);
			s->number = arena_strdup(o->arena, tmp);
		}
		if (s->first == NULL)
			empty_at(d, s);
		OL_FOREACH(g, s)
			if (g->first == NULL)
				empty_at(d, g);
	}
	warn_heading_like(o, d);
	size_t ngroups = o->ngroups, nq = o->nquestions;

	const char *file = o->nfiles ? o->files[0] : "qbind";
	if (o->meta.title == NULL && d->nerrors == errors_before)
		diag_msg(d, MSG_NO_TITLE, file, 0, 0);
	if (nq == 0 && d->nerrors == errors_before)
		diag_msg(d, MSG_NO_QUESTIONS, file, 0, 0);

	struct idset ids;
	struct buf scratch = BUF_INIT; /* hash_id's normalised text */
	idset_init(&ids, nq + nsec + ngroups + 1);
	number_questions(o, &ids, &scratch, d);
	OL_FOREACH(s, o->root) {
		heading_id(o, &ids, s, "s-", &scratch);
		OL_FOREACH(g, s)
			heading_id(o, &ids, g, "g-", &scratch);
	}
	free(ids.slots);

	if (o->meta.corpus_id == NULL) {
		char tmp[16];
		hash_id("c-", o->meta.title ? o->meta.title : "", 12, &scratch, tmp);
		o->meta.corpus_id = arena_strdup(o->arena, tmp);
		o->meta.corpus_id_derived = 1;
	}
	buf_free(&scratch);
	if (o->meta.lang == NULL) {
		o->meta.lang = lang_detect(o);
		o->meta.lang_detected = 1;
	}
	o->labels = lang_labels(o->meta.lang);
	if (strncasecmp(o->labels->lang, o->meta.lang, 2) != 0)
		diag_msg(d, MSG_NO_LABELS,
		    o->meta.lang_pos.file ? o->meta.lang_pos.file : file,
		    o->meta.lang_pos.line, o->meta.lang_pos.col,
		    o->meta.lang);
	outline_display(o);
	return d->nerrors == errors_before ? 0 : -1;
}
