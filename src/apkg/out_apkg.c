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

/* HTML text.  '[' too: Anki reads "[sound:…]" in a field as a media tag.
 * Appended in runs between the characters to escape. */
static void
put_escaped(struct buf *b, const char *s)
{
	for (;;) {
		size_t n = strcspn(s, "&<>[");
		buf_put(b, s, n);
		s += n;
		switch (*s) {
		case '&': BUF_PUTSL(b, "&amp;"); break;
		case '<': BUF_PUTSL(b, "&lt;"); break;
		case '>': BUF_PUTSL(b, "&gt;"); break;
		case '[': BUF_PUTSL(b, "&#91;"); break;
		default: return;
		}
		s++;
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
 * to the end, ignoring case as Anki does. */
static int
has_tag(const struct buf *b, size_t at)
{
	size_t n = b->len - at;
	for (size_t i = 0; i + n + 2 <= at; i++)
		if (b->ptr[i] == ' ' && b->ptr[i + n + 1] == ' ' &&
		    strncasecmp(b->ptr + i + 1, b->ptr + at, n) == 0)
			return 1;
	return 0;
}

/* A tag: Anki splits tags at spaces and nests them at "::"; keep letters
 * and digits of any script, '-', '_' and '.', one '_' for any other run.
 * Made at the end of b (which holds at least its leading ' '), and taken
 * back when empty or already there. */
static void
put_tag(struct buf *b, const char *s)
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
	if (b->len > at && !has_tag(b, at))
		buf_putc(b, ' ');
	else {
		b->len = at;
		b->ptr[at] = '\0';
	}
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

/* The answer as HTML, appended to a->flds.  -1: the writer failed. */
static int
answer_html(struct apkg *a, const struct ol_node *q)
{
	if (!a->answers || q->as.question.answer == NULL)
		return 0;
	if (a->answer_w == NULL || html_answer(a->answer_w, q) != 0 ||
	    xmlTextWriterFlush(a->answer_w) < 0)
		return -1;
	return 0;
}

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

static void
put_field(struct buf *flds, int i, const char *text)
{
	if (i > 0)
		buf_putc(flds, 0x1f);
	put_escaped(flds, text ? text : "");
}

/* The question field: its text as printed, code in <code>. */
static void
put_question(struct buf *flds, const struct ol_node *q)
{
	for (size_t i = 0; i < q->display.nspans; i++) {
		int code = q->display.spans[i].kind == OL_SPAN_CODE;
		if (code)
			BUF_PUTSL(flds, "<code>");
		put_escaped(flds, q->display.spans[i].text);
		if (code)
			BUF_PUTSL(flds, "</code>");
	}
}

/* The note's fields, joined by 0x1f, into a->flds.  -1: the answer
 * could not be rendered (reported). */
static int
note_fields(struct apkg *a, const struct ol_node *q, const struct ol_node *sec,
    const char *topic, int *has_answer)
{
	buf_clear(&a->flds);
	put_question(&a->flds, q);
	buf_putc(&a->flds, 0x1f);
	size_t answer_at = a->flds.len;
	if (answer_html(a, q) != 0) {
		diag_msg(a->d, MSG_APKG_ANSWER, q->pos.file, q->pos.line,
		    q->pos.col);
		return -1;
	}
	*has_answer = a->flds.len > answer_at;
	put_field(&a->flds, F_NUMBER, q->number);
	put_field(&a->flds, F_SECTION, sec->display.heading);
	put_field(&a->flds, F_TOPIC, topic);
	put_field(&a->flds, F_SOURCE, base_name(q->pos.file));
	put_line(&a->flds, q->pos.line);
	put_field(&a->flds, F_REVERSE, a->reverse && *has_answer ? "y" : "");
	return 0;
}

/* The note's tags into a->tags: " section topic own… ", or "" for none. */
static void
note_tags(struct apkg *a, const struct ol_node *q, const struct ol_node *sec,
    const struct ol_node *g, const char *topic)
{
	buf_clear(&a->tags);
	buf_putc(&a->tags, ' ');
	const struct ol_node *own[] = { sec, g, q };
	if (sec->display.heading)
		put_tag(&a->tags, sec->display.heading);
	if (topic)
		put_tag(&a->tags, topic);
	for (size_t k = 0; k < 3; k++)
		for (size_t i = 0; i < own[k]->ntags; i++)
			put_tag(&a->tags, own[k]->tags[i]);
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
		/* Card ids: ord 0 next to the note id, ord 1 after all of them. */
		sqlite3_bind_int64(st, 1, nid + (int64_t)ord * (int64_t)a->o->nquestions);
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

static int
add_note(struct apkg *a, const struct ol_node *q, const struct ol_node *sec,
    const struct ol_node *g, int64_t did)
{
	/* NULL for an untitled group: no Topic, no topic tag. */
	const char *topic = g->display.topic;
	int has_answer;
	if (note_fields(a, q, sec, topic, &has_answer) != 0)
		return -1;
	note_tags(a, q, sec, g, topic);
	/* The sort field is what Anki reads in the Question field: the
	 * question as printed, without its <code> tags. */
	struct buf printed = BUF_INIT;
	for (size_t i = 0; i < q->display.nspans; i++)
		buf_puts(&printed, q->display.spans[i].text);
	buf_clear(&a->field);
	sort_field(&a->field, printed.ptr, strpbrk(printed.ptr, "&<>[") != NULL);
	buf_free(&printed);
	char guid[16];
	anki_guid(a->o, q->id, guid);
	int64_t nid = a->id_base + (int64_t)q->as.question.seq;
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
		rc = insert_cards(a, nid, did, q->as.question.seq, a->reverse && has_answer);
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

/* The decks, notes and cards.  A deck's name is its parent's and one more
 * component: the root's and a section's are made once and kept in front
 * of a->deckname.  A heading of no rank (an untitled section or group)
 * adds no component: the questions of an untitled group go into their
 * section's deck (or the top deck), so no deck is named "" or ends in
 * "::". */
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
		if (sec->display.rank == 0) {
			BUF_PUTSL(&a->deckname, "::");
			put_deck_component(&a->deckname, sec->display.heading);
		}
		size_t sec_len = a->deckname.len;
		struct group_decks gd;
		group_decks_init(&gd, sec);
		OL_FOREACH(g, sec) {
			a->deckname.len = sec_len;
			a->deckname.ptr[sec_len] = '\0';
			if (g->display.rank >= 0) {
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
	size_t n = a->o->nquestions;
	int len = snprintf(sink->detail, sizeof(sink->detail), "%zu note%s", n,
	    n == 1 ? "" : "s");
	if (a->ncards != n && len > 0 && (size_t)len < sizeof(sink->detail))
		snprintf(sink->detail + len, sizeof(sink->detail) - (size_t)len,
		    ", %zu cards", a->ncards);
}

/* anki.reverse and anki.answers; -1 after reporting a bad value. */
static int
read_switches(const struct style *s, int *reverse, int *answers, struct diag *d)
{
	*reverse = style_get_bool(s, "anki.reverse", 0, d);
	*answers = style_get_bool(s, "anki.answers", 1, d);
	return *reverse < 0 || *answers < 0 ? -1 : 0;
}

static int
check_style(const struct style *s, struct diag *d)
{
	int reverse, answers;
	return read_switches(s, &reverse, &answers, d);
}

static int
read_settings(struct apkg *a)
{
	int bad = read_switches(a->s, &a->reverse, &a->answers, a->d);
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
	    .deck_index = { .last = BUF_INIT } };
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
	xmlOutputBufferPtr ob = xmlOutputBufferCreateIO(answer_sink, NULL, &a.flds, NULL);
	a.answer_w = ob ? xmlNewTextWriter(ob) : NULL;
	if (a.answer_w == NULL && ob)
		xmlOutputBufferClose(ob);
	if ((a.model = apkg_model_json(&a)) == NULL)
		goto out;
	apkg_model_mod(&a);
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
	if (insert_col(&a, o->nquestions) != 0)
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
	buf_free(&a.tags);
	buf_free(&a.field);
	buf_free(&a.deckname);
	return rc == 0 ? BACKEND_OK : backend_failed(sink);
}

/* Other names -f takes: a deck is an Anki deck before it is an .apkg. */
static const char *const aliases[] = { "anki", NULL };
static const char *const style_keys[] = {
	"anki.reverse", "anki.answers", "anki.deck", NULL
};

const struct backend backend_apkg = {
	"apkg", "apkg", "an Anki deck (.apkg) that updates on re-import",
	aliases, style_keys, .reads_previous = 1, .check = check_style,
	.write = out_apkg,
};
