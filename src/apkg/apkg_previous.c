/* apkg_previous.c: the previous-deck ledger.  The .apkg this build
 * replaces is read for its notes' guids, mods and content hashes and for
 * our note type, so that what did not change keeps its mod (the rule is
 * in out_apkg.c's opening comment).
 */
#include "apkg_int.h"
#include "backend.h"
#include "diag.h"
#include "outline.h"
#include "xalloc.h"

#include <jansson.h>
#include <nettle/sha1.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

/* What decides whether a note changed: every field but Number and Source
 * (they move when questions are added or moved), and the tags. */
void
apkg_content_hash(const char *flds, const char *tags, uint8_t out[SHA1_DIGEST_SIZE])
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
		size_t glen = guid ? strlen(guid) : 0;
		if (guid == NULL || glen >= sizeof(a->ledger->guid) || flds == NULL)
			continue;
		if (a->nledger == cap) {
			cap = cap ? cap * 2 : 1024;
			a->ledger = xrealloc(a->ledger, cap * sizeof(*a->ledger));
		}
		struct ledger_entry *e = &a->ledger[a->nledger++];
		memcpy(e->guid, guid, glen + 1);
		e->mid = sqlite3_column_int64(st, 1);
		e->mod = sqlite3_column_int64(st, 2);
		apkg_content_hash(flds, tags ? tags : "", e->content);
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
long long
apkg_note_mod(struct apkg *a, const char *guid, const uint8_t content[SHA1_DIGEST_SIZE])
{
	if (a->nledger == 0)
		return a->now;
	struct ledger_entry key;
	size_t n = strnlen(guid, sizeof(key.guid) - 1);
	memcpy(key.guid, guid, n);
	key.guid[n] = '\0';
	/* cppcheck: key's mid and mod are uninitialised, but ledger_cmp
	 * reads only the guid. */
	/* cppcheck-suppress uninitvar */
	const struct ledger_entry *e = bsearch(&key, a->ledger, a->nledger,
	    sizeof(*a->ledger), ledger_cmp);
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
void
apkg_warn_no_match(const struct apkg *a, const char *path)
{
	if (a->nledger == 0 || a->nmatched > 0)
		return;
	diag_sys(a->d, MSG_DECK_NO_MATCH,
	    path, a->nledger, a->o->meta.corpus_id_derived ?
	    "the corpus id comes from the title, so a renamed title changes it "
	    "(give the corpus an 'id:' in its front matter to keep it)" :
	    "was the corpus 'id:' changed?");
}

/* Opens the previous deck as a zip archive, on a descriptor of its own
 * (libzip closes it); NULL if it is not one. */
static zip_t *
open_zip(const struct backend_previous *prev)
{
	int fd = dup(prev->fd);
	if (fd < 0)
		return NULL;
	int err = 0;
	zip_t *za = zip_fdopen(fd, ZIP_RDONLY, &err);
	if (za == NULL)
		close(fd);
	return za;
}

/* Reads the ledger from the deck this build replaces, when there is one
 * that can be read (the pipeline reads the file; see backend.h).
 * Anything wrong with it is a warning: the deck is built as if it were
 * not there.  Done before the new deck is built, so the two databases
 * never sit in memory together. */
void
apkg_read_previous(struct apkg *a, const struct backend_previous *prev)
{
	const char *path = prev->path;
	if (prev->fd < 0 && prev->err == 0)
		return;
	zip_t *za = prev->fd >= 0 ? open_zip(prev) : NULL;
	zip_stat_t zs;
	zip_file_t *zf = NULL;
	unsigned char *data = NULL;
	const char *why = prev->fd >= 0 ? "not a zip file" : strerror(prev->err);
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
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
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
		diag_sys(a->d, MSG_DECK_UNREADABLE, path, why);
	if (zf)
		zip_fclose(zf);
	if (za)
		zip_discard(za);
	sqlite3_free(data);
}
