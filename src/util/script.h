/* script.h: where the language of a text changes with its script.
 *
 * A Russian document names Go's terms in English ("goroutine",
 * "happens-before"), an English one may quote Russian; a screen reader
 * reads each in its own voice when the output marks them (PDF: a /Span
 * with /Lang around the run; EPUB and cards: <span lang>).  The script
 * tells: in a document of a Cyrillic-script language, runs of Latin
 * words are English; in one of a Latin-script language, runs of Cyrillic
 * words are Russian (a guess for Ukrainian or German, right for the
 * corpora qbind is made for).  A document of another script marks
 * nothing.
 *
 * A foreign run reaches from its first foreign letter to its last one
 * before a letter of the document's script: what stands between two
 * foreign words (spaces, digits, hyphens, an apostrophe) belongs to the
 * run, what stands between a foreign and a native word (a space, «, a
 * comma) to the document.  Characters of neither script (digits,
 * punctuation, Greek, CJK) never start a run.
 *
 * Code is not text in a language: callers mark no language on it (it
 * stays in the document's, as the EPUB and the cards leave it).
 */
#ifndef QBIND_SCRIPT_H
#define QBIND_SCRIPT_H

#include <stddef.h>

/* A document's language and what the other script's runs are in. */
struct script {
	int doc;              /* SCRIPT_LATIN, SCRIPT_CYRILLIC, SCRIPT_NONE */
	const char *foreign;  /* the other script's language; NULL: none */
};

enum { SCRIPT_NONE, SCRIPT_LATIN, SCRIPT_CYRILLIC };

/* The scripts of the document language tag lang ("ru", "en-GB"; NULL or
 * a language of another script: nothing to mark). */
struct script script_of(const char *lang);

/* The length in bytes of the first run of s[0..len) (len > 0; UTF-8),
 * and in *lang its language: sc->foreign for a foreign run, "" for one
 * in the document's language, NULL for one with no letter of either
 * script (only at the start of s, or all of it: the caller may leave it
 * in whatever language the text before it is). */
size_t script_next(const struct script *sc, const char *s, size_t len,
    const char **lang);

#endif
