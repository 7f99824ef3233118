/* apkg_int.h: what the Anki deck backend's files share (out_apkg.c,
 * apkg_previous.c, apkg_json.c); private to them, never included elsewhere. */
#ifndef QBIND_APKG_INT_H
#define QBIND_APKG_INT_H

#include "buf.h"
#include "script.h"

#include <jansson.h>
#include <libxml/xmlwriter.h>
#include <nettle/sha1.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

struct backend_previous;
struct diag;
struct outline;
struct style;

/* Field order is part of the note type: never reorder, only append.
 * Context came last (issue 13): what a card without an answer shows on
 * its back.  Anki compares a note type's fields by name and count, so a
 * new field makes it a changed note type on import (see out_apkg.c). */
enum { F_QUESTION, F_ANSWER, F_NUMBER, F_SECTION, F_TOPIC, F_SOURCE, F_REVERSE,
	F_CONTEXT, NFIELDS };
#define NOTETYPE_NAME "qbind question"

/* The name every collection gives deck 1, the user's Default deck (ours
 * too, see apkg_col_json). */
#define DEFAULT_DECK "Default"

/* anki.subdecks: which headings make a deck under the top one.  The
 * rank-0 headings (sections) always do but for NONE. */
enum { SUBDECKS_SECTION, SUBDECKS_GROUP, SUBDECKS_NONE };

/* The JSON columns of the col row: conf, models, decks, dconf, tags. */
enum { APKG_COL_NJSON = 5 };

/* What the previous deck said of a note (see out_apkg.c's opening comment). */
struct ledger_entry {
	char guid[16];
	int64_t mid;
	long long mod;
	uint8_t content[SHA1_DIGEST_SIZE];
};

/* The decks made so far, for apkg_add_deck: the set of their ids, and
 * the ids of the last name's prefixes (a group shares its parents with
 * the group before, so they need no digest or lookup again). */
struct deck_prefix {
	size_t end;           /* the prefix's length in the name */
	int64_t id;
};
struct deck_index {
	int64_t *set;         /* open addressing; 0 is empty (ids are >= 2^52) */
	size_t cap, n;
	struct buf last;      /* the name of the last call */
	struct deck_prefix *prefix; /* its prefixes, shortest first */
	size_t nprefix, prefix_cap;
};

/* The anki.* switches, as read_switches reads them. */
struct switches {
	int reverse;          /* anki.reverse */
	int answers;          /* anki.answers */
	int subdecks;         /* anki.subdecks: SUBDECKS_* */
	int split;            /* anki.long = split */
	long long_words;      /* anki.long-words: a part's words at most */
};

struct apkg {
	const struct outline *o;
	const struct style *s;
	struct diag *d;
	sqlite3 *db;
	sqlite3_stmt *note, *card;
	struct switches sw;
	size_t nnotes;        /* notes made: a split answer makes several */
	const char *root;     /* top deck name */
	int root_nests;       /* root is anki.deck, where "::" nests */
	long long now;        /* seconds */
	int64_t mid;
	int64_t id_base;      /* note and card ids: ms, plus the position */
	struct ledger_entry *ledger; /* the previous deck's notes, by guid */
	size_t nledger;
	size_t nmatched;      /* notes of this deck found in the ledger */
	size_t ncards;        /* cards made */
	json_t *prev_model;   /* the previous deck's copy of our note type */
	struct buf decks;     /* the col.decks members, as JSON text */
	struct deck_index deck_index;
	json_t *model;        /* our note type, its mod from apkg_model_mod() */
	struct buf flds, tags, field, deckname;
	struct buf answer;    /* the answer's HTML, html_answer's output */
	struct buf context;   /* the Context field */
	xmlTextWriterPtr answer_w; /* html_answer's, into answer */
	struct script script; /* the deck's: what text marks (put_text_lang) */
};

/* out_apkg.c */

/* A 64-bit id in [2^52, 2^53) from a SHA-256 digest (see there). */
int64_t apkg_digest_id(const uint8_t dg[32]);

/* apkg_previous.c: the previous deck, the ledger that keeps mods. */

/* Fills a->ledger and a->prev_model from the previous deck, if any;
 * trouble with it is a warning, and then the ledger stays empty. */
void apkg_read_previous(struct apkg *a, const struct backend_previous *prev);

/* What decides whether a note changed, from its fields (joined by 0x1f)
 * and tags. */
void apkg_content_hash(const char *flds, const char *tags,
    uint8_t out[SHA1_DIGEST_SIZE]);

/* The mod for the note guid of this content: the previous deck's when
 * nothing changed, else later than both it and a->now. */
long long apkg_note_mod(struct apkg *a, const char *guid,
    const uint8_t content[SHA1_DIGEST_SIZE]);

/* Warns when there was a previous deck at path and no note matched it. */
void apkg_warn_no_match(const struct apkg *a, const char *path);

/* apkg_json.c: the collection's JSON columns. */

/* Adds the deck named by a->deckname, and its parents, to a->decks once
 * each; returns its id. */
int64_t apkg_add_deck(struct apkg *a, const char *desc);

/* Frees what apkg_add_deck keeps, leaving x empty. */
void apkg_deck_index_free(struct deck_index *x);

/* Our note type, its mod a->now.  NULL after a missing style file was
 * reported. */
json_t *apkg_model_json(struct apkg *a);

/* Sets a->model's mod: the previous deck's unless the note type changed. */
void apkg_model_mod(struct apkg *a);

/* Warns when the previous deck at path had our note type with other
 * fields or card types: Anki then takes this deck's for another note
 * type (see the DECK_NEW_SCHEMA message). */
void apkg_warn_schema(const struct apkg *a, const char *path);

/* The col row's JSON texts, in column order (APKG_COL_NJSON, each to
 * free()).  Closes a->decks with the Default deck and takes its text. */
void apkg_col_json(struct apkg *a, size_t nquestions,
    char *text[APKG_COL_NJSON]);

#endif
