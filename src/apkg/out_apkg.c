/* out_apkg.c: the Anki deck backend (.apkg, the legacy package that every
 * Anki from 2.1 on imports).
 *
 * The deck is a zip of collection.anki2 (an SQLite database in Anki's
 * schema 11) and media ("{}").  The database is built in memory in one
 * transaction, serialized, zipped in memory and written to the output
 * file; the pipeline makes it appear whole or not at all.
 *
 * Identity, which decides whether a re-import updates or duplicates:
 * Anki matches notes by guid (ours comes from the question's stable id),
 * note types by id (ours comes from the note type's name) and decks by
 * name.  It updates a note only when the incoming mod is newer than its
 * own.  qbind keeps no state between runs, so the previous deck is the
 * state: when the output file already exists, a note whose content
 * (every field but Number and Source, plus its tags) is unchanged keeps
 * the mod it had there, and a changed note gets max(now, old mod + 1).
 * Without a previous deck every note gets now (SOURCE_DATE_EPOCH when
 * set).  The same rule gives the note type its mod.  Anki stamps a note
 * it updates with the import time, so a note edited in Anki keeps the
 * user's edit until the corpus changes it, and a corpus edit wins only
 * when built after that import (not with an old SOURCE_DATE_EPOCH).
 *
 * Anki also compares a note type of a known id with its own copy by its
 * fields' and card types' names, in order (rslib Notetype::equal_schema):
 * when they differ, an import adds the incoming one as a new note type
 * and skips every note it already has (neither updated nor duplicated),
 * unless the user ticks "Merge note types" (Anki 23.10 on), which merges
 * the fields by name and updates the notes.  So a field is only ever
 * appended (Context was), the id stays, and apkg_warn_schema says so when
 * the previous deck had other fields.  A split answer's parts
 * (anki.long = split) are notes of their own: the first keeps the
 * question's guid, the others take one from the id and the part.
 *
 * This file builds the notes, cards and database and holds the entry
 * point; apkg_previous.c reads the previous deck, apkg_json.c builds the
 * collection's JSON, and apkg_int.h is what the three share.
 */
#include "out_apkg.h"
#include "apkg_int.h"
#include "build_time.h"
#include "outline.h"
#include "style.h"
#include "html.h"
#include "diag.h"
#include "progress.h"
#include "buf.h"
#include "xalloc.h"
#include "utf8.h"
#include "zipout.h"

#include <jansson.h>
#include <libxml/xmlwriter.h>
#include <nettle/sha1.h>
#include <nettle/sha2.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* Anki's schema 11, as rslib/src/storage/schema11.sql creates it. */
static const char schema11[] =
    "create table col (id integer primary key, crt integer not null,"
    " mod integer not null, scm integer not null, ver integer not null,"
    " dty integer not null, usn integer not null, ls integer not null,"
    " conf text not null, models text not null, decks text not null,"
    " dconf text not null, tags text not null);"
    "create table notes (id integer primary key, guid text not null,"
    " mid integer not null, mod integer not null, usn integer not null,"
    " tags text not null, flds text not null, sfld integer not null,"
    " csum integer not null, flags integer not null, data text not null);"
    "create table cards (id integer primary key, nid integer not null,"
    " did integer not null, ord integer not null, mod integer not null,"
    " usn integer not null, type integer not null, queue integer not null,"
    " due integer not null, ivl integer not null, factor integer not null,"
    " reps integer not null, lapses integer not null, left integer not null,"
    " odue integer not null, odid integer not null, flags integer not null,"
    " data text not null);"
    "create table revlog (id integer primary key, cid integer not null,"
    " usn integer not null, ease integer not null, ivl integer not null,"
    " lastIvl integer not null, factor integer not null, time integer not null,"
    " type integer not null);"
    "create table graves (usn integer not null, oid integer not null,"
    " type integer not null);";
/* Created after the rows are in: faster, and the same indexes. */
static const char indexes11[] =
    "create index ix_notes_usn on notes (usn);"
    "create index ix_cards_usn on cards (usn);"
    "create index ix_revlog_usn on revlog (usn);"
    "create index ix_cards_nid on cards (nid);"
    "create index ix_cards_sched on cards (did, queue, due);"
    "create index ix_revlog_cid on revlog (cid);"
    "create index ix_notes_csum on notes (csum);";

/* ---------------- identities ---------------- */

static uint64_t
be64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

/* An id Anki and JavaScript readers both hold exactly: in [2^52, 2^53),
 * so never 1 (the user's Default deck) and never a clash with the
 * millisecond ids Anki gives what users make. */
int64_t
apkg_digest_id(const uint8_t dg[32])
{
	return (int64_t)((be64(dg) >> 12) | (UINT64_C(1) << 52));
}

static int64_t
notetype_id(const char *name)
{
	/* From the name alone, not the corpus: every qbind deck shares the
	 * note type, so Anki keeps one copy of it. */
	struct sha256_ctx c;
	uint8_t dg[SHA256_DIGEST_SIZE];
	sha256_init(&c);
	sha256_update(&c, strlen("qbind-notetype:"), (const uint8_t *)"qbind-notetype:");
	sha256_update(&c, strlen(name), (const uint8_t *)name);
	sha256_digest(&c, sizeof(dg), dg);
	return apkg_digest_id(dg);
}

/* Anki's guid64 format: a 64-bit number in base 91, most significant
 * digit first, over letters, digits and the printable ASCII that needs no
 * quoting (utils.py base91). */
static void
anki_guid(const struct outline *o, const char *qid, char out[16])
{
	static const char table[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~";
	uint8_t dg[32];
	ol_digest(o, "anki-guid", qid, dg);
	uint64_t v = be64(dg);
	char tmp[16];
	int n = 0;
	do {
		tmp[n++] = table[v % 91];
		v /= 91;
	} while (v);
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

/* ---------------- text ---------------- */

/* The entity for c in HTML text, or NULL when c is written as it is.
 * '[' too: Anki reads "[sound:…]" in a field as a media tag. */
static const char *
escape_of(char c)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '[': return "&#91;";
	default: return NULL;
	}
}

/* s[0..n) as HTML text, appended in runs between the characters to
 * escape. */
static void
put_escaped_n(struct buf *b, const char *s, size_t n)
{
	const char *e = s + n, *run = s;
	for (; s < e; s++) {
		const char *rep = escape_of(*s);
		if (rep == NULL)
			continue;
		buf_put(b, run, (size_t)(s - run));
		buf_puts(b, rep);
		run = s + 1;
	}
	buf_put(b, run, (size_t)(e - run));
}

static void
put_escaped(struct buf *b, const char *s)
{
	put_escaped_n(b, s, strlen(s));
}

/* Text escaped, each run in the other script than the deck's in a <span
 * lang> (util/script.h), as the answers' text is (html.c); the field
 * around it says the deck's language (lang_open). */
static void
put_text_lang(struct buf *b, const struct script *sc, const char *s)
{
	size_t len = strlen(s);
	for (size_t at = 0; at < len;) {
		const char *lang;
		size_t n = script_next(sc, s + at, len - at, &lang);
		if (lang && *lang) {
			BUF_PUTSL(b, "<span lang=\"");
			buf_puts(b, lang);
			BUF_PUTSL(b, "\">");
			put_escaped_n(b, s + at, n);
			BUF_PUTSL(b, "</span>");
		} else
			put_escaped_n(b, s + at, n);
		at += n;
	}
}

/* The sort field as Anki computes it from the escaped question: tags
 * stripped (there are none), entities decoded, and, when there were
 * entities, U+00A0 read as a space (rslib text.rs decode_entities). */
static void
sort_field(struct buf *b, const char *question, int escaped)
{
	const char *s = question;
	for (const char *nb; escaped && (nb = strstr(s, "\xc2\xa0")) != NULL; s = nb + 2) {
		buf_put(b, s, (size_t)(nb - s));
		buf_putc(b, ' ');
	}
	buf_puts(b, s);
}

static int64_t
field_checksum(const char *text, size_t len)
{
	struct sha1_ctx c;
	uint8_t dg[SHA1_DIGEST_SIZE];
	sha1_init(&c);
	sha1_update(&c, len, (const uint8_t *)text);
	sha1_digest(&c, sizeof(dg), dg);
	return (int64_t)(be64(dg) >> 32); /* the first four bytes */
}

/* A space in any script: Anki splits tags at U+3000 as at ' ' (rslib
 * tags is_tag_separator; 2.1's TagManager.split), and the others would
 * make a tag that reads as two. */
static int
is_unicode_space(uint32_t cp)
{
	return cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F ||
	    cp == 0x3000;
}

/* A deck name component: "::" would nest a deck and Anki drops '"' and
 * control characters, so a run of colons becomes one, quotes go, and no
 * colon may start or end it (it would join the "::" around it).  Anki
 * also trims every Unicode space from both ends (rslib decks
 * normalized_deck_name_component); so do we, or "G" and "G\u00a0" would be
 * two decks here that Anki renames apart at random ("G", "G_"). */
static void
put_deck_component(struct buf *b, const char *s)
{
	size_t start = b->len, end = b->len; /* end: after the last kept char */
	while (*s) {
		const char *c0 = s;
		uint32_t c = utf8_next(&s);
		if (c == '"' || c < 0x20)
			continue;
		if (c == ':' && b->len > start && b->ptr[b->len - 1] == ':')
			continue;
		int edge = c == ' ' || c == ':' || is_unicode_space(c);
		if (edge && b->len == start)
			continue;
		buf_put(b, c0, (size_t)(s - c0));
		if (!edge)
			end = b->len;
	}
	b->len = end;
	if (b->len == start)
		BUF_PUTSL(b, "blank");
	b->ptr[b->len] = '\0';
}

/* The top deck: the title is one component; anki.deck may name a nested
 * deck ("Go::Interviews"). */
static void
put_root(struct buf *b, const struct apkg *a)
{
	size_t start = b->len;
	if (!a->root_nests)
		put_deck_component(b, a->root);
	else {
		for (const char *p = a->root; ; ) {
			const char *sep = strstr(p, "::");
			char *comp = xstrndup(p, sep ? (size_t)(sep - p) : strlen(p));
			if (p != a->root)
				BUF_PUTSL(b, "::");
			put_deck_component(b, comp);
			free(comp);
			if (sep == NULL)
				break;
			p = sep + 2;
		}
	}
	/* A top deck named like deck 1 (Anki compares names ignoring case)
	 * would be a second "Default" in the package: Anki's upgrade of it
	 * renames one of the two at random, and its importers put our decks
	 * under the user's Default deck.  Anki's own cure for a clash is a
	 * '_' suffix: "Default_". */
	const char *top = b->ptr + start;
	const char *sep = strstr(top, "::");
	size_t n = sep ? (size_t)(sep - top) : b->len - start;
	if (n == strlen(DEFAULT_DECK) && strncasecmp(top, DEFAULT_DECK, n) == 0) {
		char *rest = xstrdup(top + n);
		b->len = start + n;
		buf_putc(b, '_');
		buf_puts(b, rest);
		free(rest);
	}
}

/* Whether the tags before b->ptr + at (" a b ") hold the tag from there
 * to the end, or a tag it is a parent of ("A" of "A::B"), or a parent of
 * it: ignoring case, as Anki does.  Anki's tag:A finds A::B too, so the
 * section's own tag next to Section::Topic would say it twice. */
static int
has_tag(const struct buf *b, size_t at)
{
	const char *n = b->ptr + at;
	size_t nlen = b->len - at;
	for (size_t i = 1; i < at; ) {
		size_t tlen = (size_t)((const char *)memchr(b->ptr + i, ' ', at - i) - (b->ptr + i));
		const char *t = b->ptr + i;
		size_t m = tlen < nlen ? tlen : nlen;
		const char *longer = tlen < nlen ? n : t;
		if (strncasecmp(t, n, m) == 0 &&
		    (tlen == nlen || strncmp(longer + m, "::", 2) == 0))
			return 1;
		i += tlen + 1;
	}
	return 0;
}

/* One level of a tag, appended to b: Anki splits tags at spaces and nests
 * them at "::"; keep letters and digits of any script, '-', '_' and '.',
 * one '_' for any other run. */
static void
put_tag_level(struct buf *b, const char *s)
{
	size_t at = b->len;
	int gap = 0;
	while (*s) {
		const char *start = s;
		uint32_t c = utf8_next(&s);
		int keep = (c >= 0x80 && !is_unicode_space(c)) ||
		    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
		if (!keep) {
			gap = 1;
			continue;
		}
		if (gap && b->len > at)
			buf_putc(b, '_');
		gap = 0;
		buf_put(b, start, (size_t)(s - start));
	}
}

/* A tag of the levels given (NULL or empty ones left out), "A::B" when
 * there are two.  Made at the end of b (which holds at least its leading
 * ' '), and taken back when empty or already there (has_tag). */
static void
put_tag(struct buf *b, const char *const *levels, size_t nlevels)
{
	size_t at = b->len;
	for (size_t i = 0; i < nlevels; i++) {
		if (levels[i] == NULL)
			continue;
		size_t before = b->len;
		if (b->len > at)
			BUF_PUTSL(b, "::");
		size_t level = b->len;
		put_tag_level(b, levels[i]);
		if (b->len == level)
			b->len = before;
	}
	if (b->len > at && !has_tag(b, at))
		buf_putc(b, ' ');
	else
		b->len = at;
	b->ptr[b->len] = '\0';
}

/* ---------------- SQLite ---------------- */

static int
sql_fail(struct apkg *a, const char *what)
{
	if (sqlite3_errcode(a->db) == SQLITE_NOMEM)
		xalloc_die(0);
	diag_sys(a->d, MSG_APKG_SQLITE, what, sqlite3_errmsg(a->db));
	return -1;
}

static int
sql_exec(struct apkg *a, const char *sql)
{
	return sqlite3_exec(a->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 :
	    sql_fail(a, "cannot build the database");
}

/* ---------------- collection ---------------- */

static int
insert_col(struct apkg *a, size_t nquestions)
{
	char *text[APKG_COL_NJSON];
	apkg_col_json(a, nquestions, text);
	sqlite3_stmt *st;
	int rc = -1;
	if (sqlite3_prepare_v2(a->db, "insert into col values (1,?,?,?,11,0,0,0,?,?,?,?,?)",
	    -1, &st, NULL) != SQLITE_OK)
		rc = sql_fail(a, "cannot build the database");
	else {
		/* crt: the collection's day 0, in the past (seconds); mod and
		 * scm in milliseconds. */
		sqlite3_bind_int64(st, 1, a->now >= 86400 ? (a->now / 86400 - 1) * 86400 : 0);
		sqlite3_bind_int64(st, 2, a->now * 1000);
		sqlite3_bind_int64(st, 3, a->now * 1000);
		for (int i = 0; i < APKG_COL_NJSON; i++)
			sqlite3_bind_text(st, 4 + i, text[i], -1, SQLITE_STATIC);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : sql_fail(a, "cannot build the database");
		sqlite3_finalize(st);
	}
	for (int i = 0; i < APKG_COL_NJSON; i++)
		free(text[i]);
	return rc;
}

/* ---------------- notes and cards ---------------- */

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path ? path : "", '/');
	return slash ? slash + 1 : path ? path : "";
}

/* Where the answer writer's output goes: the buf ctx.  The writer
 * escaped the text; only '[' is left (see put_escaped). */
static int
answer_sink(void *ctx, const char *data, int len)
{
	struct buf *b = ctx;
	const char *end = data + len;
	for (const char *p = data; p < end; ) {
		const char *br = memchr(p, '[', (size_t)(end - p));
		buf_put(b, p, (size_t)((br ? br : end) - p));
		if (br == NULL)
			break;
		BUF_PUTSL(b, "&#91;");
		p = br + 1;
	}
	return len;
}

/* The answer as HTML into a->answer (empty for none).  -1: the writer
 * failed. */
static int
answer_html(struct apkg *a, const struct ol_node *q)
{
	buf_clear(&a->answer);
	if (!a->sw.answers || q->as.question.answer == NULL)
		return 0;
	if (a->answer_w == NULL || html_answer(a->answer_w, q) != 0 ||
	    xmlTextWriterFlush(a->answer_w) < 0)
		return -1;
	return 0;
}

/* ---------------- long answers (anki.long = split) ---------------- */

/* The most parts one answer is split into: past it, parts grow. */
enum { MAX_PARTS = 16 };

/* Where the answer's top-level blocks end (offsets in html) and the words
 * before each end; *n of them.  The writer made well-formed XHTML with
 * every '<' and '>' of the text escaped, so a tag is '<' to '>' and
 * depth comes from its form alone.  A word is a run of text between
 * spaces and tags; an entity is part of its word. */
struct block_end {
	size_t at, words;
	int lead;      /* the block leads into the next (a heading, a paragraph
	                * ending in ':'): no part may end with it */
};

struct block_ends {
	struct block_end *v;
	size_t n, cap;
};

static void
block_ends(const char *html, size_t len, struct block_ends *e)
{
	size_t depth = 0, words = 0, start = 0;
	int in_word = 0;
	e->n = 0;
	for (size_t i = 0; i < len; i++) {
		if (html[i] != '<') {
			int space = html[i] == ' ' || html[i] == '\n' || html[i] == '\t';
			words += !space && !in_word;
			in_word = !space;
			continue;
		}
		in_word = 0;
		const char *gt = memchr(html + i, '>', len - i);
		size_t end = gt ? (size_t)(gt - html) : len - 1;
		if (html[i + 1] == '/')
			depth -= depth > 0;
		else if (html[end - 1] != '/')
			depth++;
		i = end;
		if (depth > 0)
			continue;
		if (e->n == e->cap) {
			e->cap = e->cap ? 2 * e->cap : 16;
			e->v = xrealloc(e->v, e->cap * sizeof(*e->v));
		}
		struct block_end *b = &e->v[e->n++];
		b->lead = (html[start + 1] == 'h' && html[start + 2] >= '1' &&
		    html[start + 2] <= '6') ||
		    (end + 1 - start > 8 && memcmp(html + end - 4, ":</p>", 5) == 0);
		b->at = end + 1;
		b->words = words;
		start = end + 1;
	}
}

static void
block_ends_free(struct block_ends *e)
{
	free(e->v);
}

/* Where to cut an answer of e's blocks into parts of at most max words
 * each, as nearly equal as the block ends allow: cut[0..return) are the
 * block ends (offsets) that end every part but the last; 0: one part. */
static size_t
split_points(const struct block_ends *e, long max, size_t cut[MAX_PARTS - 1])
{
	size_t total = e->n ? e->v[e->n - 1].words : 0;
	if (max <= 0 || total <= (size_t)max || e->n < 2)
		return 0;
	size_t parts = (total + (size_t)max - 1) / (size_t)max;
	if (parts > MAX_PARTS)
		parts = MAX_PARTS;
	size_t ncut = 0, from = 0;
	for (size_t k = 1; k < parts; k++) {
		size_t target = total * k / parts, best = SIZE_MAX, best_d = SIZE_MAX;
		/* Never the last block's end: the last part would be empty. */
		for (size_t i = from; i + 1 < e->n; i++) {
			if (e->v[i].lead)
				continue;
			size_t w = e->v[i].words;
			size_t d = w > target ? w - target : target - w;
			if (d < best_d) {
				best_d = d;
				best = i;
			}
		}
		if (best == SIZE_MAX)
			break;
		cut[ncut++] = e->v[best].at;
		from = best + 1;
	}
	return ncut;
}

/* ---------------- fields ---------------- */

/* ":line", after the Source field's file name. */
static void
put_line(struct buf *b, unsigned line)
{
	char tmp[16];
	size_t n = sizeof(tmp);
	do {
		tmp[--n] = (char)('0' + line % 10);
		line /= 10;
	} while (line);
	tmp[--n] = ':';
	buf_put(b, tmp + n, sizeof(tmp) - n);
}


/* The question field: its text as printed, code in <code>, other text
 * with its runs in the other script marked. */
static void
put_question(const struct apkg *a, struct buf *flds, const struct ol_node *q)
{
	for (size_t i = 0; i < q->display.nspans; i++) {
		const char *text = q->display.spans[i].text;
		if (q->display.spans[i].kind == OL_SPAN_CODE) {
			BUF_PUTSL(flds, "<code>");
			put_escaped(flds, text);
			BUF_PUTSL(flds, "</code>");
		} else
			put_text_lang(flds, &a->script, text);
	}
}

/* " (2/3)": the part of a split answer, after its question. */
static void
put_part(struct buf *b, size_t part, size_t nparts)
{
	if (nparts > 1)
		buf_printf(b, " (%zu/%zu)", part + 1, nparts);
}

/* One part of a note for the question: the part of the answer from
 * answer[0..alen), the rest as every part has it. */
struct note_part {
	const char *answer;
	size_t alen;
	size_t part, nparts;
};

/* The language a field's text is in, for screen readers: an element
 * around the field's content.  The templates cannot carry it: every
 * qbind deck shares one note type (one id, so that re-imports update
 * it), whatever its language, and a field of its own would change the
 * note type's fields again.  A div around the fields that hold blocks,
 * a span around those shown inline; nothing around an empty field,
 * which the templates test for.  The writers below write a field's
 * content; note_fields puts the separators, so the order is there. */
static void
lang_open(struct apkg *a, int block)
{
	buf_printf(&a->flds, block ? "<div lang=\"%s\">" : "<span lang=\"%s\">",
	    a->o->meta.lang);
}

static void
lang_close(struct apkg *a, int block)
{
	if (block)
		BUF_PUTSL(&a->flds, "</div>");
	else
		BUF_PUTSL(&a->flds, "</span>");
}

/* Text escaped, in the document's language, runs of the other script
 * in theirs. */
static void
put_text_field(struct apkg *a, const char *text)
{
	if (text == NULL || *text == '\0')
		return;
	lang_open(a, 0);
	put_text_lang(&a->flds, &a->script, text);
	lang_close(a, 0);
}

/* HTML of blocks, in the document's language. */
static void
put_html_field(struct apkg *a, const char *html, size_t len)
{
	if (len == 0)
		return;
	lang_open(a, 1);
	buf_put(&a->flds, html, len);
	lang_close(a, 1);
}

/* The note's fields, joined by 0x1f, into a->flds, in the order of
 * F_QUESTION...F_CONTEXT. */
static void
note_fields(struct apkg *a, const struct ol_node *q, const struct ol_node *sec,
    const char *topic, const struct note_part *p)
{
	struct buf *f = &a->flds;
	buf_clear(f);
	lang_open(a, 1);
	put_question(a, f, q);
	put_part(f, p->part, p->nparts);
	lang_close(a, 1);
	buf_putc(f, 0x1f);
	put_html_field(a, p->answer, p->alen);
	buf_putc(f, 0x1f);
	put_escaped(f, q->number ? q->number : "");
	buf_putc(f, 0x1f);
	put_text_field(a, sec->display.heading);
	buf_putc(f, 0x1f);
	put_text_field(a, topic);
	buf_putc(f, 0x1f);
	put_escaped(f, base_name(q->pos.file));
	put_line(f, q->pos.line);
	buf_putc(f, 0x1f);
	if (a->sw.reverse && p->alen > 0)
		buf_putc(f, 'y');
	buf_putc(f, 0x1f);
	put_html_field(a, a->context.ptr, a->context.len);
}

/* The most other questions of the group the Context lists. */
enum { MAX_SIBLINGS = 8 };

/* The Context field into a->context: what the back of a question of a
 * follow-up group shows when there is no answer.  The question it
 * follows up, by its text when the document holds it, else by its
 * reference ("К вопросу 3"), and the group's other questions, the
 * nearest MAX_SIBLINGS of them; empty for any other group, whose topic
 * the front names already.  No number and no source: they are fields of
 * their own and the browser's business. */
static void
note_context(struct apkg *a, const struct ol_node *q, const struct ol_node *g)
{
	buf_clear(&a->context);
	if (g->kind != OL_GROUP || g->as.group.follows == 0)
		return;
	/* The parent question's text when the document has it (the display
	 * pass found it), else the reference as written. */
	const struct ol_node *parent = g->display.parent_question;
	if (parent) {
		BUF_PUTSL(&a->context, "<div class=\"qb-parent\">");
		put_question(a, &a->context, parent);
		BUF_PUTSL(&a->context, "</div>");
	} else {
		BUF_PUTSL(&a->context, "<div class=\"qb-ref\">");
		put_escaped(&a->context, a->o->labels->follow_up);
		buf_printf(&a->context, " %u</div>", g->as.group.follows);
	}
	if (g->nchildren < 2)
		return;
	/* The nearest: half of them before q, more when q is near the
	 * group's end. */
	int before = 0, after = 0;
	for (const struct ol_node *s = q->prev; s && before < MAX_SIBLINGS; s = s->prev)
		before++;
	for (const struct ol_node *s = q->next; s && after < MAX_SIBLINGS; s = s->next)
		after++;
	int take = MAX_SIBLINGS - (after < MAX_SIBLINGS / 2 ? after : MAX_SIBLINGS / 2);
	const struct ol_node *from = q;
	for (int i = 0; i < take && i < before; i++)
		from = from->prev;
	BUF_PUTSL(&a->context, "<ul class=\"qb-siblings\">");
	int n = 0;
	for (const struct ol_node *s = from; s && n < MAX_SIBLINGS; s = s->next) {
		if (s == q)
			continue;
		BUF_PUTSL(&a->context, "<li>");
		put_question(a, &a->context, s);
		BUF_PUTSL(&a->context, "</li>");
		n++;
	}
	BUF_PUTSL(&a->context, "</ul>");
}

/* The note's tags into a->tags: " Section::Topic own… ", or "" for
 * none.  The section is a deck already (anki.subdecks); the tag keeps
 * the group findable in the browser's tag tree whichever decks are
 * made.  A heading of no rank adds no level. */
static void
note_tags(struct apkg *a, const struct ol_node *q, const struct ol_node *sec,
    const struct ol_node *g, const char *topic)
{
	buf_clear(&a->tags);
	buf_putc(&a->tags, ' ');
	const char *path[] = { sec->display.rank >= 0 ? sec->display.heading : NULL,
	    topic };
	put_tag(&a->tags, path, 2);
	const struct ol_node *own[] = { sec, g, q };
	for (size_t k = 0; k < 3; k++)
		for (size_t i = 0; i < own[k]->ntags; i++)
			put_tag(&a->tags, &own[k]->tags[i], 1);
	if (a->tags.len == 1)
		buf_clear(&a->tags);
}

/* The note's cards: the question card, and the reverse one when asked
 * for and there is an answer.  An SQLite result code. */
static int
insert_cards(struct apkg *a, int64_t nid, int64_t did, size_t seq, int reverse)
{
	int rc = SQLITE_DONE;
	for (int ord = 0; rc == SQLITE_DONE && ord <= reverse; ord++) {
		sqlite3_stmt *st = a->card;
		sqlite3_reset(st);
		/* Card ids: ord 0 the note id, ord 1 the one after (note ids
		 * go in steps of two). */
		sqlite3_bind_int64(st, 1, nid + ord);
		sqlite3_bind_int64(st, 2, nid);
		sqlite3_bind_int64(st, 3, did);
		sqlite3_bind_int(st, 4, ord);
		sqlite3_bind_int64(st, 5, a->now);
		/* New cards come in corpus order. */
		sqlite3_bind_int64(st, 6, (sqlite3_int64)seq);
		rc = sqlite3_step(st);
		a->ncards += rc == SQLITE_DONE;
	}
	return rc;
}

/* One note (a question, or one part of its split answer) and its cards. */
static int
insert_note(struct apkg *a, const struct ol_node *q, const struct ol_node *sec,
    const char *topic, const struct note_part *p, int64_t did)
{
	note_fields(a, q, sec, topic, p);
	/* The sort field is what Anki reads in the Question field: the
	 * question as printed, without its <code> tags. */
	struct buf printed = BUF_INIT;
	for (size_t i = 0; i < q->display.nspans; i++)
		buf_puts(&printed, q->display.spans[i].text);
	buf_clear(&a->field);
	sort_field(&a->field, printed.ptr, strpbrk(printed.ptr, "&<>[") != NULL);
	buf_free(&printed);
	put_part(&a->field, p->part, p->nparts);
	/* Part 1 is the question's note as it was before any split, so a
	 * note keeps its guid when its answer grows past anki.long-words;
	 * the other parts are named by the question and their number. */
	char guid[16];
	if (p->part == 0)
		anki_guid(a->o, q->id, guid);
	else {
		/* '#' is in no id (ids are XML names): no clash with another
		 * question's key. */
		size_t n = strlen(q->id) + 24;
		char *key = xmalloc(n);
		snprintf(key, n, "%s#%zu", q->id, p->part + 1);
		anki_guid(a->o, key, guid);
		free(key);
	}
	size_t index = a->nnotes++;
	int64_t nid = a->id_base + 2 * (int64_t)index;
	uint8_t content[SHA1_DIGEST_SIZE];
	apkg_content_hash(a->flds.ptr, a->tags.ptr, content);

	sqlite3_stmt *st = a->note;
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, nid);
	sqlite3_bind_text(st, 2, guid, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, a->mid);
	sqlite3_bind_int64(st, 4, apkg_note_mod(a, guid, content));
	sqlite3_bind_text(st, 5, a->tags.ptr, (int)a->tags.len, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, a->flds.ptr, (int)a->flds.len, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, a->field.ptr, (int)a->field.len, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, field_checksum(a->field.ptr, a->field.len));
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		rc = insert_cards(a, nid, did, index, a->sw.reverse && p->alen > 0);
	if (rc != SQLITE_DONE) {
		if (sqlite3_errcode(a->db) == SQLITE_NOMEM)
			xalloc_die(0);
		diag_msg(a->d, MSG_APKG_ADD, q->pos.file, q->pos.line,
		    q->pos.col, sqlite3_errmsg(a->db));
		return -1;
	}
	return 0;
}

/* Whether a and b are the same ignoring case (ASCII and Cyrillic). */
static int
same_folded(const char *a, const char *b)
{
	while (*a && *b)
		if (utf8_fold(utf8_next(&a)) != utf8_fold(utf8_next(&b)))
			return 0;
	return *a == *b;
}

static size_t
hash_folded(const char *s)
{
	size_t h = 14695981039346656037ULL;
	while (*s)
		h = (h ^ utf8_fold(utf8_next(&s))) * 1099511628211ULL;
	return h;
}

/* The deck components of one section's titled groups, by their heading
 * ignoring case: Anki's deck names ignore case, so a group "Context" and
 * a follow-up group headed by its topic "context" are one deck, spelled
 * as the first. */
struct group_decks {
	const char **v;
	size_t mask;
};

static void
group_decks_init(struct group_decks *t, const struct ol_node *sec)
{
	size_t cap = 8;
	while (cap < sec->nchildren * 2)
		cap *= 2;
	t->v = xcalloc(cap, sizeof(*t->v));
	t->mask = cap - 1;
}

static const char *
group_deck(struct group_decks *t, const char *heading)
{
	for (size_t i = hash_folded(heading) & t->mask;; i = (i + 1) & t->mask) {
		if (t->v[i] == NULL)
			return t->v[i] = heading;
		if (same_folded(t->v[i], heading))
			return t->v[i];
	}
}

/* The question's note, or with anki.long = split and an answer over
 * anki.long-words, a note for each part of it, cut at block ends. */
static int
add_note(struct apkg *a, const struct ol_node *q, const struct ol_node *sec,
    const struct ol_node *g, int64_t did)
{
	/* NULL for an untitled group: no Topic, no topic tag. */
	const char *topic = g->display.topic;
	if (answer_html(a, q) != 0) {
		diag_msg(a->d, MSG_APKG_ANSWER, q->pos.file, q->pos.line,
		    q->pos.col);
		return -1;
	}
	note_tags(a, q, sec, g, topic);
	note_context(a, q, g);
	size_t cut[MAX_PARTS - 1], ncut = 0;
	if (a->sw.split && a->answer.len > 0) {
		struct block_ends e = { 0 };
		block_ends(a->answer.ptr, a->answer.len, &e);
		ncut = split_points(&e, a->sw.long_words, cut);
		block_ends_free(&e);
	}
	size_t from = 0;
	for (size_t k = 0; k <= ncut; k++) {
		size_t to = k < ncut ? cut[k] : a->answer.len;
		struct note_part p = { a->answer.ptr + from, to - from, k, ncut + 1 };
		if (insert_note(a, q, sec, topic, &p, did) != 0)
			return -1;
		from = to;
	}
	return 0;
}

/* Whether a heading of this rank makes a deck under anki.subdecks: the
 * rank-0 ones (sections, or the titled groups of an untitled section,
 * as the display pass ranks them everywhere) unless none are wanted,
 * rank 1 (a group in a section) only when asked for. */
static int
makes_deck(const struct apkg *a, int rank)
{
	return (rank == 0 && a->sw.subdecks != SUBDECKS_NONE) ||
	    (rank == 1 && a->sw.subdecks == SUBDECKS_GROUP);
}

/* The decks, notes and cards.  A deck's name is its parent's and one more
 * component: the root's and a section's are made once and kept in front
 * of a->deckname.  A heading of no rank (an untitled section or group),
 * or one makes_deck leaves out, adds no component: its questions go into
 * the deck above, so no deck is named "" or ends in "::". */
static int
add_notes(struct apkg *a)
{
	if (sqlite3_prepare_v2(a->db, "insert into notes values (?,?,?,?,0,?,?,?,?,0,'')",
	    -1, &a->note, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(a->db, "insert into cards values"
	    " (?,?,?,?,?,0,0,0,?,0,0,0,0,0,0,0,0,'')", -1, &a->card, NULL) != SQLITE_OK)
		return sql_fail(a, "cannot build the database");
	/* The root deck carries the subtitle as its description. */
	buf_clear(&a->deckname);
	put_root(&a->deckname, a);
	buf_clear(&a->field);
	put_escaped(&a->field, a->o->meta.subtitle ? a->o->meta.subtitle : "");
	apkg_add_deck(a, a->field.ptr);
	size_t root_len = a->deckname.len, done = 0;
	OL_FOREACH(sec, a->o->root) {
		a->deckname.len = root_len;
		if (makes_deck(a, sec->display.rank)) {
			BUF_PUTSL(&a->deckname, "::");
			put_deck_component(&a->deckname, sec->display.heading);
		}
		size_t sec_len = a->deckname.len;
		struct group_decks gd;
		group_decks_init(&gd, sec);
		OL_FOREACH(g, sec) {
			a->deckname.len = sec_len;
			a->deckname.ptr[sec_len] = '\0';
			if (makes_deck(a, g->display.rank)) {
				BUF_PUTSL(&a->deckname, "::");
				put_deck_component(&a->deckname,
				    group_deck(&gd, g->display.heading));
			}
			int64_t did = apkg_add_deck(a, "");
			OL_FOREACH(q, g) {
				if (add_note(a, q, sec, g, did) != 0) {
					free(gd.v);
					return -1;
				}
				progress_tick(a->d->progress, "notes", ++done,
				    a->o->nquestions);
			}
		}
		free(gd.v);
	}
	return 0;
}

/* ---------------- zip ---------------- */

/* zlib level for collection.anki2, chosen for speed on the 1000x bench
 * corpus; the two-byte media map is stored. */
enum { DB_DEFLATE_LEVEL = 1 };

/* The package: collection.anki2 and an empty media map, to fp. */
static int
write_zip(struct apkg *a, const void *db, size_t dblen, FILE *fp)
{
	struct zipout *z = zipout_open("Anki deck", (time_t)a->now, a->d);
	if (z == NULL)
		return -1;
	if (zipout_add(z, "collection.anki2", db, dblen, 0,
	    DB_DEFLATE_LEVEL) != 0 ||
	    zipout_add(z, "media", "{}", 2, 0, ZIPOUT_STORE) != 0) {
		zipout_discard(z);
		return -1;
	}
	return zipout_finish(z, fp);
}

/* ---------------- entry point ---------------- */

/* "73 notes", and the cards when the reverse ones make them more. */
static void
detail(const struct apkg *a, struct backend_sink *sink)
{
	size_t n = a->nnotes;
	int len = snprintf(sink->detail, sizeof(sink->detail), "%zu note%s", n,
	    n == 1 ? "" : "s");
	if (a->ncards != n && len > 0 && (size_t)len < sizeof(sink->detail))
		snprintf(sink->detail + len, sizeof(sink->detail) - (size_t)len,
		    ", %zu cards", a->ncards);
}

/* The settings that are choices, as read_switches gives them. */
/* The default of anki.long-words: about what a phone shows in a screen
 * or two at the cards' size. */
enum { LONG_WORDS_DEFAULT = 120 };

/* anki.reverse, anki.answers, anki.subdecks, anki.long and
 * anki.long-words; -1 after reporting a bad value (every one is read, so
 * all bad values are reported at once). */
static int
read_switches(const struct style *s, struct switches *w, struct diag *d)
{
	static const char *const subdecks[] = { "section", "group", "none", NULL };
	static const char *const longs[] = { "scroll", "split", NULL };
	w->reverse = style_get_bool(s, "anki.reverse", 0, d);
	w->answers = style_get_bool(s, "anki.answers", 1, d);
	w->subdecks = style_get_enum(s, "anki.subdecks", subdecks, SUBDECKS_SECTION, d);
	w->split = style_get_enum(s, "anki.long", longs, 0, d);
	int words = style_get_long(s, "anki.long-words", 20, 100000, LONG_WORDS_DEFAULT,
	    &w->long_words, d);
	return w->reverse < 0 || w->answers < 0 || w->subdecks < 0 || w->split < 0 ||
	    words < 0 ? -1 : 0;
}

static int
check_style(const struct style *s, struct diag *d)
{
	struct switches w;
	return read_switches(s, &w, d);
}

static int
read_settings(struct apkg *a)
{
	int bad = read_switches(a->s, &a->sw, a->d);
	const char *deck = style_get(a->s, "anki.deck", NULL);
	a->root_nests = deck && *deck;
	/* A deck needs a name; a valid outline always has a title. */
	a->root = a->root_nests ? deck : a->o->root->display.heading ?
	    a->o->root->display.heading : "qbind";
	if (bad)
		return -1;
	time_t now;
	if (build_time(&now, a->d) != 0)
		return -1;
	a->now = (long long)now;
	a->id_base = (int64_t)a->now * 1000;
	a->mid = notetype_id(NOTETYPE_NAME);
	return 0;
}

static enum backend_result
out_apkg(const struct outline *o, const struct style *s,
    const struct backend_previous *prev, struct backend_sink *sink, struct diag *d)
{
	struct apkg a = { .o = o, .s = s, .d = d, .flds = BUF_INIT, .tags = BUF_INIT,
	    .field = BUF_INIT, .deckname = BUF_INIT, .decks = BUF_INIT,
	    .answer = BUF_INIT, .context = BUF_INIT,
	    .deck_index = { .last = BUF_INIT }, .script = script_of(o->meta.lang) };
	int rc = -1;
	sqlite3_int64 dblen = 0;
	unsigned char *bytes = NULL;
	int copied = 0;
	if (read_settings(&a) != 0)
		return BACKEND_FAILED;
	apkg_read_previous(&a, prev);
	/* memdb keeps the database in one block that sqlite3_serialize can
	 * hand over without a copy.  Only this thread uses the connection:
	 * no mutex around every bind and step. */
	if (sqlite3_open_v2("file:qbind-apkg?vfs=memdb", &a.db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		if (a.db == NULL)
			xalloc_die(0);
		sql_fail(&a, "cannot open an in-memory database");
		goto out;
	}
	/* One writer for every answer; each is flushed into a.flds. */
	xmlOutputBufferPtr ob = xmlOutputBufferCreateIO(answer_sink, NULL, &a.answer, NULL);
	a.answer_w = ob ? xmlNewTextWriter(ob) : NULL;
	if (a.answer_w == NULL && ob)
		xmlOutputBufferClose(ob);
	if ((a.model = apkg_model_json(&a)) == NULL)
		goto out;
	apkg_model_mod(&a);
	apkg_warn_schema(&a, prev->path);
	/* Anki's page size; no journal on disk to worry about (the header
	 * says rollback journal, not WAL, which is what Anki needs). */
	if (sql_exec(&a, "pragma page_size = 4096; pragma journal_mode = delete;"
	    " pragma temp_store = memory;"
	    " begin") != 0 || sql_exec(&a, schema11) != 0)
		goto out;
	if (add_notes(&a) != 0)
		goto out;
	/* Not needed for the zip, the peak of memory. */
	apkg_deck_index_free(&a.deck_index);
	apkg_warn_no_match(&a, prev->path);
	if (insert_col(&a, a.nnotes) != 0)
		goto out;
	if (sql_exec(&a, indexes11) != 0 || sql_exec(&a, "commit") != 0)
		goto out;
	bytes = sqlite3_serialize(a.db, "main", &dblen, SQLITE_SERIALIZE_NOCOPY);
	if (bytes == NULL) {
		/* Not memdb after all: a copy, then. */
		if ((bytes = sqlite3_serialize(a.db, "main", &dblen, 0)) == NULL)
			xalloc_die((size_t)dblen);
		copied = 1;
	}
	rc = write_zip(&a, bytes, (size_t)dblen, sink->fp);
	if (rc == 0)
		detail(&a, sink);
out:
	if (copied)
		sqlite3_free(bytes);
	sqlite3_finalize(a.note);
	sqlite3_finalize(a.card);
	sqlite3_close(a.db);
	apkg_deck_index_free(&a.deck_index);
	json_decref(a.prev_model);
	free(a.ledger);
	buf_free(&a.decks);
	json_decref(a.model);
	if (a.answer_w)
		xmlFreeTextWriter(a.answer_w);
	buf_free(&a.flds);
	buf_free(&a.answer);
	buf_free(&a.context);
	buf_free(&a.tags);
	buf_free(&a.field);
	buf_free(&a.deckname);
	return rc == 0 ? BACKEND_OK : backend_failed(sink);
}

/* Other names -f takes: a deck is an Anki deck before it is an .apkg. */
static const char *const aliases[] = { "anki", NULL };
static const char *const style_keys[] = {
	"anki.reverse", "anki.answers", "anki.deck", "anki.subdecks", "anki.long",
	"anki.long-words", NULL
};

const struct backend backend_apkg = {
	"apkg", "apkg", "an Anki deck (.apkg) that updates on re-import",
	aliases, style_keys, .reads_previous = 1, .check = check_style,
	.write = out_apkg,
};
