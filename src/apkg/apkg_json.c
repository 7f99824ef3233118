/* apkg_json.c: the collection's JSON columns, built with jansson: the
 * decks, the deck options, our note type (from the style's templates and
 * CSS) and the collection's conf.
 */
#include "apkg_int.h"
#include "buf.h"
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
	[F_REVERSE] = "Reverse",
};

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
int64_t
apkg_add_deck(struct apkg *a, const char *desc)
{
	int64_t id = 0;
	/* Every prefix ending before a "::" is a parent deck. */
	for (size_t i = 0; i <= a->deckname.len; i++) {
		if (i < a->deckname.len && strncmp(a->deckname.ptr + i, "::", 2) != 0)
			continue;
		char *name = xstrndup(a->deckname.ptr, i);
		uint8_t dg[32];
		ol_digest(a->o, "anki-deck", name, dg);
		id = apkg_digest_id(dg);
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
	char *dflt = dump(deck_json(1, DEFAULT_DECK, "", a->now));
	buf_printf(&a->decks, "%s\"1\":%s}", a->decks.len ? "," : "{", dflt);
	free(dflt);

	text[0] = dump(conf);
	text[1] = dump(models);
	text[2] = buf_detach(&a->decks);
	text[3] = dump(dconf_json(a->now));
	text[4] = dump(json_object());
}
