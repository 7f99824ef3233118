/* apkg_json.c: the collection's JSON columns: the decks (written as text,
 * one at a time), and, built with jansson, the deck options, our note type
 * (from the style's templates and CSS) and the collection's conf.
 */
#include "apkg_int.h"
#include "buf.h"
#include "diag.h"
#include "outline.h"
#include "style.h"
#include "xalloc.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* In the order of the F_ enum in apkg_int.h. */
static const char *const field_name[NFIELDS] = {
	[F_QUESTION] = "Question", [F_ANSWER] = "Answer", [F_NUMBER] = "Number",
	[F_SECTION] = "Section", [F_TOPIC] = "Topic", [F_SOURCE] = "Source",
	[F_REVERSE] = "Reverse", [F_CONTEXT] = "Context",
};

static char *dump(json_t *j);

/* Decks are written as JSON text directly, byte for byte what jansson's
 * json_dumps(JSON_COMPACT) made of them: a large corpus has tens of
 * thousands, and jansson objects cost more than the rest of the deck. */

static void
put_int(struct buf *b, long long v)
{
	char tmp[24];
	size_t n = sizeof(tmp);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do {
		tmp[--n] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		tmp[--n] = '-';
	buf_put(b, tmp + n, sizeof(tmp) - n);
}

/* A JSON string as jansson writes it: '"', '\\' and control characters
 * escaped (the short forms where JSON has them, else \u00XX in capitals),
 * all else as it is. */
static void
put_json_string(struct buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	buf_putc(b, '"');
	const char *end = s + n;
	while (s < end) {
		const char *run = s;
		while (s < end && (unsigned char)*s >= 0x20 && *s != '"' && *s != '\\')
			s++;
		buf_put(b, run, (size_t)(s - run));
		if (s == end)
			break;
		char esc[6] = { '\\', *s, 0 };
		size_t len = 2;
		switch (*s) {
		case '"': case '\\': break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			esc[1] = 'u';
			esc[2] = esc[3] = '0';
			esc[4] = hex[(unsigned char)*s >> 4];
			esc[5] = hex[*s & 0xf];
			len = 6;
		}
		buf_put(b, esc, len);
		s++;
	}
	buf_putc(b, '"');
}

/* One member of col.decks, after the members before it. */
static void
put_deck(struct buf *b, int64_t id, const char *name, size_t nlen,
    const char *desc, long long mod)
{
	buf_putc(b, b->len ? ',' : '{');
	buf_putc(b, '"');
	put_int(b, id);
	BUF_PUTSL(b, "\":{\"id\":");
	put_int(b, id);
	BUF_PUTSL(b, ",\"mod\":");
	put_int(b, mod);
	BUF_PUTSL(b, ",\"name\":");
	put_json_string(b, name, nlen);
	BUF_PUTSL(b, ",\"usn\":0,\"lrnToday\":[0,0],\"revToday\":[0,0],"
	    "\"newToday\":[0,0],\"timeToday\":[0,0],\"collapsed\":false,"
	    "\"browserCollapsed\":false,\"desc\":");
	put_json_string(b, desc, strlen(desc));
	BUF_PUTSL(b, ",\"dyn\":0,\"conf\":1,\"extendNew\":0,\"extendRev\":0}");
}

static size_t
id_slot(const struct deck_index *x, int64_t id)
{
	size_t mask = x->cap - 1;
	size_t i = (size_t)((uint64_t)id * UINT64_C(0x9E3779B97F4A7C15) >> 32) & mask;
	while (x->set[i] != 0 && x->set[i] != id)
		i = (i + 1) & mask;
	return i;
}

/* Adds id to the set of decks made; 0 if it was there already. */
static int
id_add(struct deck_index *x, int64_t id)
{
	if (2 * (x->n + 1) > x->cap) {
		struct deck_index old = *x;
		x->cap = x->cap ? 2 * x->cap : 256;
		x->set = xcalloc(x->cap, sizeof(*x->set));
		for (size_t i = 0; i < old.cap; i++)
			if (old.set[i] != 0)
				x->set[id_slot(x, old.set[i])] = old.set[i];
		free(old.set);
	}
	size_t i = id_slot(x, id);
	if (x->set[i] == id)
		return 0;
	x->set[i] = id;
	x->n++;
	return 1;
}

/* The id of the prefix of a->deckname that ends at end, added to
 * a->decks if new. */
static int64_t
deck_id(struct apkg *a, size_t end, const char *desc)
{
	char *name = xstrndup(a->deckname.ptr, end);
	uint8_t dg[32];
	ol_digest(a->o, "anki-deck", name, dg);
	free(name);
	int64_t id = apkg_digest_id(dg);
	if (id_add(&a->deck_index, id))
		put_deck(&a->decks, id, a->deckname.ptr, end,
		    end == a->deckname.len ? desc : "", a->now);
	return id;
}

/* The deck named by a->deckname (and its parents): its id. */
int64_t
apkg_add_deck(struct apkg *a, const char *desc)
{
	struct deck_index *x = &a->deck_index;
	const char *name = a->deckname.ptr;
	size_t len = a->deckname.len, same = 0, m = 0;
	while (same < len && same < x->last.len && name[same] == x->last.ptr[same])
		same++;
	int reuse = 1;
	int64_t id = 0;
	/* Every prefix ending before a "::" is a parent deck. */
	for (size_t i = 0; i <= len; i++) {
		if (i < len && strncmp(name + i, "::", 2) != 0)
			continue;
		/* The last name's prefix of the same length, if the two
		 * names agree that far, is this one: made already. */
		reuse = reuse && m < x->nprefix && x->prefix[m].end == i && i <= same;
		id = reuse ? x->prefix[m].id : deck_id(a, i, desc);
		if (m == x->prefix_cap) {
			x->prefix_cap = x->prefix_cap ? 2 * x->prefix_cap : 8;
			x->prefix = xrealloc(x->prefix, x->prefix_cap * sizeof(*x->prefix));
		}
		x->prefix[m++] = (struct deck_prefix){ i, id };
	}
	x->nprefix = m;
	buf_clear(&x->last);
	buf_put(&x->last, name, len);
	return id;
}

void
apkg_deck_index_free(struct deck_index *x)
{
	free(x->set);
	free(x->prefix);
	buf_free(&x->last);
	*x = (struct deck_index){ .last = BUF_INIT };
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
json_t *
apkg_model_json(struct apkg *a)
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
void
apkg_model_mod(struct apkg *a)
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

/* The names of a note type's fields, then its card types: what Anki
 * compares to tell whether two note types of one id are the same
 * (rslib's Notetype::equal_schema, by name when fields carry no ids, as
 * ours do not), into b as "A, B | C, D". */
static void
schema_names(const json_t *model, struct buf *b)
{
	static const char *const keys[] = { "flds", "tmpls" };
	for (size_t k = 0; k < 2; k++) {
		if (k > 0)
			BUF_PUTSL(b, " | ");
		size_t i;
		json_t *f;
		json_array_foreach(json_object_get(model, keys[k]), i, f) {
			if (i > 0)
				BUF_PUTSL(b, ", ");
			const char *name = json_string_value(json_object_get(f, "name"));
			buf_puts(b, name ? name : "");
		}
	}
}

void
apkg_warn_schema(const struct apkg *a, const char *path)
{
	if (a->prev_model == NULL)
		return;
	struct buf before = BUF_INIT, now = BUF_INIT;
	schema_names(a->prev_model, &before);
	schema_names(a->model, &now);
	if (strcmp(before.ptr, now.ptr) != 0)
		diag_sys(a->d, MSG_DECK_NEW_SCHEMA, path, now.ptr);
	buf_free(&before);
	buf_free(&now);
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

void
apkg_col_json(struct apkg *a, size_t nquestions, char *text[APKG_COL_NJSON])
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
	put_deck(&a->decks, 1, DEFAULT_DECK, strlen(DEFAULT_DECK), "", a->now);
	buf_putc(&a->decks, '}');

	text[0] = dump(conf);
	text[1] = dump(models);
	text[2] = buf_detach(&a->decks);
	text[3] = dump(dconf_json(a->now));
	text[4] = dump(json_object());
}
