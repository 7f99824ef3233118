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
 */
#include "out_apkg.h"
#include "build_time.h"
#include "outline.h"
#include "output.h"
#include "style.h"
#include "html.h"
#include "diag.h"
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
#include <sys/stat.h>
#include <time.h>
#include <zip.h>

/* Field order is part of the note type: never reorder, only append. */
enum { F_QUESTION, F_ANSWER, F_NUMBER, F_SECTION, F_TOPIC, F_SOURCE, F_REVERSE, NFIELDS };
static const char *const field_name[NFIELDS] = {
	"Question", "Answer", "Number", "Section", "Topic", "Source", "Reverse",
};
#define NOTETYPE_NAME "qbind question"

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

/* What the previous deck said of a note (see the top of the file). */
struct ledger_entry {
	char guid[16];
	int64_t mid;
	long long mod;
	uint8_t content[SHA1_DIGEST_SIZE];
};

struct apkg {
	const struct outline *o;
	const struct style *s;
	struct diag *d;
	sqlite3 *db;
	sqlite3_stmt *note, *card;
	int reverse;          /* anki.reverse */
	int answers;          /* anki.answers */
	const char *root;     /* top deck name */
	int root_nests;       /* root is anki.deck, where "::" nests */
	long long now;        /* seconds */
	int64_t mid;
	int64_t id_base;      /* note and card ids: ms, plus the position */
	struct ledger_entry *ledger; /* the previous deck's notes, by guid */
	size_t nledger;
	size_t nmatched;      /* notes of this deck found in the ledger */
	json_t *prev_model;   /* the previous deck's copy of our note type */
	struct buf decks;     /* the col.decks members, as JSON text */
	json_t *deck_seen;    /* deck ids already in decks */
	json_t *model;        /* our note type, its mod from model_mod() */
	struct buf flds, tags, field, deckname;
	xmlBufferPtr xb;
};

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
static int64_t
digest_id(const uint8_t dg[32])
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
	return digest_id(dg);
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

/* HTML text.  '[' too: Anki reads "[sound:…]" in a field as a media tag. */
static void
put_escaped(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': BUF_PUTSL(b, "&amp;"); break;
		case '<': BUF_PUTSL(b, "&lt;"); break;
		case '>': BUF_PUTSL(b, "&gt;"); break;
		case '[': BUF_PUTSL(b, "&#91;"); break;
		default: buf_putc(b, *s);
		}
	}
}

/* The sort field as Anki computes it from the escaped question: tags
 * stripped (there are none), entities decoded, and, when there were
 * entities, U+00A0 read as a space (rslib text.rs decode_entities). */
static void
sort_field(struct buf *b, const char *question, int escaped)
{
	for (const char *s = question; *s; s++) {
		if (escaped && (unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xa0) {
			buf_putc(b, ' ');
			s++;
		} else
			buf_putc(b, *s);
	}
}

static int64_t
field_checksum(const char *text, size_t len)
{
	struct sha1_ctx c;
	uint8_t dg[SHA1_DIGEST_SIZE];
	sha1_init(&c);
	sha1_update(&c, len, (const uint8_t *)text);
	sha1_digest(&c, sizeof(dg), dg);
	return (int64_t)((uint32_t)dg[0] << 24 | (uint32_t)dg[1] << 16 |
	    (uint32_t)dg[2] << 8 | dg[3]);
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

/* The name every collection gives deck 1, the user's Default deck (ours
 * too, see insert_col). */
#define DEFAULT_DECK "Default"

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

/* Whether the tags in b (" a b ") hold tag, ignoring case as Anki does. */
static int
has_tag(const struct buf *b, const char *tag)
{
	struct buf needle = BUF_INIT;
	buf_printf(&needle, " %s ", tag);
	int dup = 0;
	for (size_t i = 0; i + needle.len <= b->len && !dup; i++)
		dup = strncasecmp(b->ptr + i, needle.ptr, needle.len) == 0;
	buf_free(&needle);
	return dup;
}

/* A tag: Anki splits tags at spaces and nests them at "::"; keep letters
 * and digits of any script, '-', '_' and '.', one '_' for any other run. */
static void
put_tag(struct buf *b, const char *s)
{
	struct buf t = BUF_INIT;
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
		if (gap && t.len)
			buf_putc(&t, '_');
		gap = 0;
		buf_put(&t, start, (size_t)(s - start));
	}
	if (t.len && !has_tag(b, t.ptr)) {
		buf_puts(b, t.ptr);
		buf_putc(b, ' ');
	}
	buf_free(&t);
}

/* ---------------- SQLite ---------------- */

static int
sql_fail(struct apkg *a, const char *what)
{
	if (sqlite3_errcode(a->db) == SQLITE_NOMEM)
		xalloc_die(0);
	diag_sys(a->d, DIAG_ERROR, "Anki deck: %s: %s", what, sqlite3_errmsg(a->db));
	return -1;
}

static int
sql_exec(struct apkg *a, const char *sql)
{
	return sqlite3_exec(a->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 :
	    sql_fail(a, "cannot build the database");
}

/* What decides whether a note changed: every field but Number and Source
 * (they move when questions are added or moved), and the tags. */
static void
content_hash(const char *flds, const char *tags, uint8_t out[SHA1_DIGEST_SIZE])
{
	struct sha1_ctx c;
	sha1_init(&c);
	int i = 0;
	for (const char *p = flds; ; i++) {
		const char *sep = strchr(p, 0x1f);
		size_t n = sep ? (size_t)(sep - p) : strlen(p);
		if (i != F_NUMBER && i != F_SOURCE) {
			sha1_update(&c, n, (const uint8_t *)p);
			sha1_update(&c, 1, (const uint8_t *)"\x1f");
		}
		if (sep == NULL)
			break;
		p = sep + 1;
	}
	sha1_update(&c, 1, (const uint8_t *)"\x1e");
	sha1_update(&c, strlen(tags), (const uint8_t *)tags);
	sha1_digest(&c, SHA1_DIGEST_SIZE, out);
}

static int
ledger_cmp(const void *x, const void *y)
{
	return strcmp(((const struct ledger_entry *)x)->guid,
	    ((const struct ledger_entry *)y)->guid);
}

/* The notes and note type of a previous deck, opened as db. */
static int
read_ledger(struct apkg *a, sqlite3 *db)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "select guid, mid, mod, flds, tags from notes",
	    -1, &st, NULL) != SQLITE_OK)
		return -1;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *guid = (const char *)sqlite3_column_text(st, 0);
		const char *flds = (const char *)sqlite3_column_text(st, 3);
		const char *tags = (const char *)sqlite3_column_text(st, 4);
		if (guid == NULL || strlen(guid) >= sizeof(a->ledger->guid) || flds == NULL)
			continue;
		if (a->nledger == cap) {
			cap = cap ? cap * 2 : 1024;
			a->ledger = xrealloc(a->ledger, cap * sizeof(*a->ledger));
		}
		struct ledger_entry *e = &a->ledger[a->nledger++];
		strcpy(e->guid, guid);
		e->mid = sqlite3_column_int64(st, 1);
		e->mod = sqlite3_column_int64(st, 2);
		content_hash(flds, tags ? tags : "", e->content);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return -1;
	qsort(a->ledger, a->nledger, sizeof(*a->ledger), ledger_cmp);
	if (sqlite3_prepare_v2(db, "select models from col", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW) {
		json_t *models = json_loads((const char *)sqlite3_column_text(st, 0), 0, NULL);
		char key[24];
		snprintf(key, sizeof(key), "%lld", (long long)a->mid);
		a->prev_model = json_incref(json_object_get(models, key));
		json_decref(models);
	}
	sqlite3_finalize(st);
	return 0;
}

/* The mod of a note: the previous deck's when nothing changed. */
static long long
note_mod(struct apkg *a, const char *guid, const uint8_t content[SHA1_DIGEST_SIZE])
{
	struct ledger_entry key;
	snprintf(key.guid, sizeof(key.guid), "%s", guid);
	const struct ledger_entry *e = a->nledger ? bsearch(&key, a->ledger, a->nledger,
	    sizeof(*a->ledger), ledger_cmp) : NULL;
	if (e == NULL || e->mid != a->mid)
		return a->now;
	a->nmatched++;
	if (memcmp(e->content, content, SHA1_DIGEST_SIZE) == 0)
		return e->mod;
	return e->mod + 1 > a->now ? e->mod + 1 : a->now;
}

/* A previous deck that shares no note with this one is, in the output
 * folder under the same name, almost always this deck after its corpus
 * id changed: the guids all changed with it, and Anki would add every
 * question again beside the old notes. */
static void
warn_no_match(const struct apkg *a, const char *path)
{
	if (a->nledger == 0 || a->nmatched > 0)
		return;
	diag_sys(a->d, DIAG_WARNING, "previous deck '%s': none of its %zu notes "
	    "is in this one, so Anki will add every question as a new note; %s",
	    path, a->nledger, a->o->meta.corpus_id_derived ?
	    "the corpus id comes from the title, so a renamed title changes it "
	    "(give the corpus an 'id:' in its front matter to keep it)" :
	    "was the corpus 'id:' changed?");
}

/* Reads the ledger from the deck this build replaces, when there is one
 * that can be read.  Anything wrong with it is a warning: the deck is
 * built as if it were not there.  Done before the new deck is built, so
 * the two never sit in memory together. */
static void
read_previous(struct apkg *a, const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return;
	int err = 0;
	zip_t *za = zip_open(path, ZIP_RDONLY, &err);
	zip_stat_t zs;
	zip_file_t *zf = NULL;
	unsigned char *data = NULL;
	const char *why = "not a zip file";
	enum { MAX_PREV = 1 << 30 };
	if (za == NULL)
		goto out;
	why = "no collection.anki2 in it";
	zip_stat_init(&zs);
	if (zip_stat(za, "collection.anki2", 0, &zs) != 0 || !(zs.valid & ZIP_STAT_SIZE))
		goto out;
	why = "collection.anki2 is empty or over 1 GiB";
	if (zs.size == 0 || zs.size > MAX_PREV)
		goto out;
	why = "cannot read collection.anki2";
	data = sqlite3_malloc64(zs.size);
	if (data == NULL)
		xalloc_die((size_t)zs.size);
	if ((zf = zip_fopen(za, "collection.anki2", 0)) == NULL)
		goto out;
	zip_uint64_t got = 0;
	while (got < zs.size) {
		zip_int64_t n = zip_fread(zf, data + got, zs.size - got);
		if (n <= 0)
			goto out;
		got += (zip_uint64_t)n;
	}
	why = "not an Anki collection";
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		goto out;
	}
	int rc = sqlite3_deserialize(db, "main", data, (sqlite3_int64)zs.size,
	    (sqlite3_int64)zs.size, SQLITE_DESERIALIZE_FREEONCLOSE |
	    SQLITE_DESERIALIZE_READONLY);
	data = NULL; /* SQLite owns it now, even on failure */
	if (rc == SQLITE_OK)
		rc = read_ledger(a, db);
	if (rc == SQLITE_NOMEM)
		xalloc_die(0);
	sqlite3_close(db);
	if (rc != SQLITE_OK) {
		free(a->ledger);
		a->ledger = NULL;
		a->nledger = 0;
		goto out;
	}
	why = NULL;
out:
	if (why)
		diag_sys(a->d, DIAG_WARNING, "previous deck '%s': %s; every note gets "
		    "a new modification time", path, why);
	if (zf)
		zip_fclose(zf);
	if (za)
		zip_discard(za);
	sqlite3_free(data);
}

/* ---------------- collection JSON ---------------- */

static char *dump(json_t *j);

static json_t *
today(void)
{
	return json_pack("[i,i]", 0, 0);
}

static json_t *
deck_json(int64_t id, const char *name, const char *desc, long long mod)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_integer(id));
	json_object_set_new(j, "mod", json_integer(mod));
	json_object_set_new(j, "name", json_string(name));
	json_object_set_new(j, "usn", json_integer(0));
	json_object_set_new(j, "lrnToday", today());
	json_object_set_new(j, "revToday", today());
	json_object_set_new(j, "newToday", today());
	json_object_set_new(j, "timeToday", today());
	json_object_set_new(j, "collapsed", json_false());
	json_object_set_new(j, "browserCollapsed", json_false());
	json_object_set_new(j, "desc", json_string(desc));
	json_object_set_new(j, "dyn", json_integer(0));
	json_object_set_new(j, "conf", json_integer(1));
	json_object_set_new(j, "extendNew", json_integer(0));
	json_object_set_new(j, "extendRev", json_integer(0));
	return j;
}

/* The deck named by a->deckname (and its parents): its id. */
static int64_t
add_deck(struct apkg *a, const char *desc)
{
	int64_t id = 0;
	/* Every prefix ending before a "::" is a parent deck. */
	for (size_t i = 0; i <= a->deckname.len; i++) {
		if (i < a->deckname.len && strncmp(a->deckname.ptr + i, "::", 2) != 0)
			continue;
		char *name = xstrndup(a->deckname.ptr, i);
		uint8_t dg[32];
		ol_digest(a->o, "anki-deck", name, dg);
		id = digest_id(dg);
		char key[24];
		snprintf(key, sizeof(key), "%lld", (long long)id);
		if (json_object_get(a->deck_seen, key) == NULL) {
			/* One deck at a time: a large corpus has tens of
			 * thousands, too many to hold as jansson objects. */
			json_object_set_new(a->deck_seen, key, json_null());
			char *j = dump(deck_json(id, name, i == a->deckname.len ? desc : "", a->now));
			buf_printf(&a->decks, "%s\"%s\":%s", a->decks.len ? "," : "{", key, j);
			free(j);
		}
		free(name);
	}
	return id;
}

static json_t *
dconf_json(long long mod)
{
	json_t *c = json_object();
	json_object_set_new(c, "id", json_integer(1));
	json_object_set_new(c, "mod", json_integer(mod));
	json_object_set_new(c, "name", json_string("Default"));
	json_object_set_new(c, "usn", json_integer(0));
	json_object_set_new(c, "maxTaken", json_integer(60));
	json_object_set_new(c, "autoplay", json_true());
	json_object_set_new(c, "timer", json_integer(0));
	json_object_set_new(c, "replayq", json_true());
	json_object_set_new(c, "dyn", json_false());
	json_object_set_new(c, "new", json_pack("{s:b,s:[i,i],s:i,s:[i,i,i],s:i,s:i,s:b}",
	    "bury", 0, "delays", 1, 10, "initialFactor", 2500, "ints", 1, 4, 0,
	    "order", 1, "perDay", 20, "separate", 1));
	json_object_set_new(c, "rev", json_pack("{s:b,s:f,s:f,s:i,s:i,s:f,s:f,s:i}",
	    "bury", 0, "ease4", 1.3, "ivlFct", 1.0, "maxIvl", 36500, "perDay", 200,
	    "hardFactor", 1.2, "fuzz", 0.05, "minSpace", 1));
	json_object_set_new(c, "lapse", json_pack("{s:[i],s:i,s:i,s:i,s:f}",
	    "delays", 10, "leechAction", 1, "leechFails", 8, "minInt", 1, "mult", 0.0));
	json_t *all = json_object();
	json_object_set_new(all, "1", c);
	return all;
}

static json_t *
template_json(const char *name, int ord, const char *qfmt, const char *afmt)
{
	return json_pack("{s:s,s:i,s:s,s:s,s:s,s:s,s:n,s:s,s:i}", "name", name,
	    "ord", ord, "qfmt", qfmt, "afmt", afmt, "bqfmt", "", "bafmt", "",
	    "did", "bfont", "", "bsize", 0);
}

/* The note type, from the style's templates and CSS.  NULL after a
 * missing style file was reported. */
static json_t *
model_json(struct apkg *a)
{
	static const char *const files[] = { "anki-front.html", "anki-back.html",
	    "anki-reverse-front.html", "anki-reverse-back.html", "anki.css" };
	char *text[5] = { NULL };
	json_t *m = NULL;
	for (size_t i = 0; i < 5; i++) {
		size_t len;
		if (style_read_file(a->s, files[i], &text[i], &len, a->d) != 0)
			goto out;
	}
	json_t *flds = json_array();
	for (int i = 0; i < NFIELDS; i++)
		json_array_append_new(flds, json_pack("{s:s,s:i,s:b,s:b,s:s,s:i,s:[]}",
		    "name", field_name[i], "ord", i, "sticky", 0, "rtl", 0,
		    "font", "Arial", "size", 20, "media"));
	json_t *tmpls = json_array();
	json_array_append_new(tmpls, template_json("Question", 0, text[0], text[1]));
	json_array_append_new(tmpls, template_json("Reverse", 1, text[2], text[3]));
	/* Which fields make each card: the front needs the question; the
	 * reverse needs an answer and the Reverse flag. */
	json_t *req = json_pack("[[i,s,[i]],[i,s,[i,i]]]", 0, "any", F_QUESTION,
	    1, "all", F_ANSWER, F_REVERSE);
	m = json_object();
	json_object_set_new(m, "id", json_integer(a->mid));
	json_object_set_new(m, "name", json_string(NOTETYPE_NAME));
	json_object_set_new(m, "type", json_integer(0));
	json_object_set_new(m, "mod", json_integer(a->now));
	json_object_set_new(m, "usn", json_integer(0));
	json_object_set_new(m, "sortf", json_integer(F_QUESTION));
	json_object_set_new(m, "did", json_integer(1));
	json_object_set_new(m, "tmpls", tmpls);
	json_object_set_new(m, "flds", flds);
	json_object_set_new(m, "css", json_string(text[4]));
	json_object_set_new(m, "latexPre", json_string("\\documentclass[12pt]{article}\n"
	    "\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n"
	    "\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n"
	    "\\setlength{\\parindent}{0in}\n\\begin{document}\n"));
	json_object_set_new(m, "latexPost", json_string("\\end{document}"));
	json_object_set_new(m, "latexsvg", json_false());
	json_object_set_new(m, "req", req);
	json_object_set_new(m, "tags", json_array());
	json_object_set_new(m, "vers", json_array());
out:
	for (size_t i = 0; i < 5; i++)
		free(text[i]);
	return m;
}

/* The note type keeps its previous mod unless its templates, CSS or
 * fields changed. */
static void
model_mod(struct apkg *a)
{
	long long mod = a->now;
	json_t *pmod = json_object_get(a->prev_model, "mod");
	if (json_is_integer(pmod)) {
		long long old = json_integer_value(pmod);
		int same = 1;
		static const char *const keys[] = { "tmpls", "flds", "css", "req" };
		for (size_t i = 0; i < 4; i++)
			same &= json_equal(json_object_get(a->prev_model, keys[i]),
			    json_object_get(a->model, keys[i]));
		mod = same ? old : (old + 1 > mod ? old + 1 : mod);
	}
	json_object_set_new(a->model, "mod", json_integer(mod));
}

static char *
dump(json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
	json_decref(j);
	if (s == NULL)
		xalloc_die(0);
	return s;
}

static int
insert_col(struct apkg *a, size_t nquestions)
{
	json_t *conf = json_object();
	json_object_set_new(conf, "activeDecks", json_pack("[i]", 1));
	json_object_set_new(conf, "curDeck", json_integer(1));
	json_object_set_new(conf, "newSpread", json_integer(0));
	json_object_set_new(conf, "collapseTime", json_integer(1200));
	json_object_set_new(conf, "timeLim", json_integer(0));
	json_object_set_new(conf, "estTimes", json_true());
	json_object_set_new(conf, "dueCounts", json_true());
	json_object_set_new(conf, "curModel", json_integer(a->mid));
	json_object_set_new(conf, "nextPos", json_integer((json_int_t)nquestions));
	json_object_set_new(conf, "sortType", json_string("noteFld"));
	json_object_set_new(conf, "sortBackwards", json_false());
	json_object_set_new(conf, "addToCur", json_true());
	json_object_set_new(conf, "dayLearnFirst", json_false());
	json_object_set_new(conf, "schedVer", json_integer(2));
	json_t *models = json_object();
	char key[24];
	snprintf(key, sizeof(key), "%lld", (long long)a->mid);
	json_object_set(models, key, a->model);
	/* The Default deck: old Anki versions look it up in every
	 * collection.  No card is in it, so importing leaves it alone. */
	char *dflt = dump(deck_json(1, DEFAULT_DECK, "", a->now));
	buf_printf(&a->decks, "%s\"1\":%s}", a->decks.len ? "," : "{", dflt);
	free(dflt);

	char *text[5] = { dump(conf), dump(models), buf_detach(&a->decks),
	    dump(dconf_json(a->now)), dump(json_object()) };
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
		for (int i = 0; i < 5; i++)
			sqlite3_bind_text(st, 4 + i, text[i], -1, SQLITE_STATIC);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : sql_fail(a, "cannot build the database");
		sqlite3_finalize(st);
	}
	for (int i = 0; i < 5; i++)
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

/* The answer as HTML into a->field.  -1: the writer failed. */
static int
answer_html(struct apkg *a, const struct ol_node *q)
{
	if (!a->answers || q->as.question.answer == NULL)
		return 0;
	xmlBufferEmpty(a->xb);
	xmlTextWriterPtr w = xmlNewTextWriterMemory(a->xb, 0);
	if (w == NULL)
		return -1;
	int rc = html_answer(w, q);
	if (xmlTextWriterFlush(w) < 0)
		rc = -1;
	xmlFreeTextWriter(w);
	if (rc != 0)
		return -1;
	/* The writer escaped the text; only '[' is left (see put_escaped). */
	for (const char *s = (const char *)xmlBufferContent(a->xb); *s; s++) {
		if (*s == '[')
			BUF_PUTSL(&a->field, "&#91;");
		else
			buf_putc(&a->field, *s);
	}
	return 0;
}

static void
put_field(struct buf *flds, int i, const char *text)
{
	if (i > 0)
		buf_putc(flds, 0x1f);
	put_escaped(flds, text ? text : "");
}

/* The note's fields, joined by 0x1f, into a->flds.  -1: the answer
 * could not be rendered (reported). */
static int
note_fields(struct apkg *a, const struct ol_node *q, const struct ol_node *sec,
    const char *topic, int *has_answer)
{
	buf_clear(&a->flds);
	buf_clear(&a->field);
	put_field(&a->flds, F_QUESTION, q->text);
	if (answer_html(a, q) != 0) {
		diag_at(a->d, DIAG_ERROR, q->pos.file, q->pos.line, q->pos.col,
		    "cannot render this question's answer for the Anki deck");
		return -1;
	}
	*has_answer = a->field.len > 0;
	buf_putc(&a->flds, 0x1f);
	buf_put(&a->flds, a->field.ptr, a->field.len);
	put_field(&a->flds, F_NUMBER, q->number);
	put_field(&a->flds, F_SECTION, sec->text);
	put_field(&a->flds, F_TOPIC, topic);
	buf_clear(&a->field);
	buf_printf(&a->field, "%s:%u", base_name(q->pos.file), q->pos.line);
	put_field(&a->flds, F_SOURCE, a->field.ptr);
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
	if (sec->text)
		put_tag(&a->tags, sec->text);
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
	}
	return rc;
}

static int
add_note(struct apkg *a, const struct ol_node *q, const struct ol_node *sec,
    const struct ol_node *g, int64_t did)
{
	const char *topic = g->as.group.label ? g->as.group.label : g->text;
	int has_answer;
	if (note_fields(a, q, sec, topic, &has_answer) != 0)
		return -1;
	note_tags(a, q, sec, g, topic);
	buf_clear(&a->field);
	sort_field(&a->field, q->text, strpbrk(q->text, "&<>[") != NULL);
	char guid[16];
	anki_guid(a->o, q->id, guid);
	int64_t nid = a->id_base + (int64_t)q->as.question.seq;
	uint8_t content[SHA1_DIGEST_SIZE];
	content_hash(a->flds.ptr, a->tags.ptr, content);

	sqlite3_stmt *st = a->note;
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, nid);
	sqlite3_bind_text(st, 2, guid, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, a->mid);
	sqlite3_bind_int64(st, 4, note_mod(a, guid, content));
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
		diag_at(a->d, DIAG_ERROR, q->pos.file, q->pos.line, q->pos.col,
		    "cannot add this question to the Anki deck: %s", sqlite3_errmsg(a->db));
		return -1;
	}
	return 0;
}

static int
add_notes(struct apkg *a)
{
	if (sqlite3_prepare_v2(a->db, "insert into notes values (?,?,?,?,0,?,?,?,?,0,'')",
	    -1, &a->note, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(a->db, "insert into cards values"
	    " (?,?,?,?,?,0,0,0,?,0,0,0,0,0,0,0,0,'')", -1, &a->card, NULL) != SQLITE_OK)
		return sql_fail(a, "cannot build the database");
	OL_FOREACH(sec, a->o->root) {
		OL_FOREACH(g, sec) {
			buf_clear(&a->deckname);
			put_root(&a->deckname, a);
			if (sec->text) {
				BUF_PUTSL(&a->deckname, "::");
				put_deck_component(&a->deckname, sec->text);
			}
			BUF_PUTSL(&a->deckname, "::");
			put_deck_component(&a->deckname, g->text);
			int64_t did = add_deck(a, "");
			OL_FOREACH(q, g)
				if (add_note(a, q, sec, g, did) != 0)
					return -1;
		}
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

static int
read_settings(struct apkg *a)
{
	static const char *const yesno[] = { "no", "yes", NULL };
	a->reverse = style_get_enum(a->s, "anki.reverse", yesno, 0, a->d);
	a->answers = style_get_enum(a->s, "anki.answers", yesno, 1, a->d);
	const char *deck = style_get(a->s, "anki.deck", NULL);
	a->root_nests = deck && *deck;
	a->root = a->root_nests ? deck : a->o->root->text && *a->o->root->text ?
	    a->o->root->text : "qbind";
	if (a->reverse < 0 || a->answers < 0)
		return -1;
	time_t now;
	if (build_time(&now, a->d) != 0)
		return -1;
	a->now = (long long)now;
	a->id_base = (int64_t)a->now * 1000;
	a->mid = notetype_id(NOTETYPE_NAME);
	return 0;
}

int
out_apkg(const struct outline *o, const struct style *s, struct outfile *f,
    struct diag *d)
{
	struct apkg a = { .o = o, .s = s, .d = d, .flds = BUF_INIT, .tags = BUF_INIT,
	    .field = BUF_INIT, .deckname = BUF_INIT, .decks = BUF_INIT };
	int rc = -1;
	sqlite3_int64 dblen = 0;
	unsigned char *bytes = NULL;
	int copied = 0;
	if (read_settings(&a) != 0)
		return -1;
	read_previous(&a, f->path);
	/* memdb keeps the database in one block that sqlite3_serialize can
	 * hand over without a copy. */
	if (sqlite3_open_v2("file:qbind-apkg?vfs=memdb", &a.db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_URI, NULL) != SQLITE_OK) {
		if (a.db == NULL)
			xalloc_die(0);
		sql_fail(&a, "cannot open an in-memory database");
		goto out;
	}
	a.xb = xmlBufferCreate();
	a.deck_seen = json_object();
	if ((a.model = model_json(&a)) == NULL)
		goto out;
	model_mod(&a);
	/* Anki's page size; no journal on disk to worry about (the header
	 * says rollback journal, not WAL, which is what Anki needs). */
	if (sql_exec(&a, "pragma page_size = 4096; pragma journal_mode = delete;"
	    " pragma temp_store = memory;"
	    " begin") != 0 || sql_exec(&a, schema11) != 0)
		goto out;
	/* The root deck carries the subtitle as its description. */
	buf_clear(&a.deckname);
	put_root(&a.deckname, &a);
	buf_clear(&a.field);
	put_escaped(&a.field, o->meta.subtitle ? o->meta.subtitle : "");
	add_deck(&a, a.field.ptr);
	if (add_notes(&a) != 0)
		goto out;
	warn_no_match(&a, f->path);
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
	rc = write_zip(&a, bytes, (size_t)dblen, f->fp);
out:
	if (copied)
		sqlite3_free(bytes);
	sqlite3_finalize(a.note);
	sqlite3_finalize(a.card);
	sqlite3_close(a.db);
	json_decref(a.deck_seen);
	json_decref(a.prev_model);
	free(a.ledger);
	buf_free(&a.decks);
	json_decref(a.model);
	if (a.xb)
		xmlBufferFree(a.xb);
	buf_free(&a.flds);
	buf_free(&a.tags);
	buf_free(&a.field);
	buf_free(&a.deckname);
	return rc;
}
