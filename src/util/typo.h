/* typo.h: printed text's typography: quotes, apostrophes, ellipsis, no-break spaces.
 *
 * What a careful typesetter does to straight ASCII text before it is set,
 * by the text's language (see FORMAT.md, "Typography"):
 * - quotes: Russian «…» with „…“ inside (by depth, whichever ASCII quote
 *   the author typed); English “…” and ‘…’ as typed (double or single);
 * - an apostrophe between letters ("don't") becomes ’;
 * - exactly three dots "..." become …;
 * - a space before an em-dash becomes a no-break space (U+00A0), and in
 *   Russian so does the space after a one-letter word (в, к, с, о, у, и,
 *   а, я), so that a line never ends in «к».
 * Code is never passed through it: callers give code to typo_skip, which
 * only tells the state that something non-space stood there.
 *
 * A struct typo carries the state across the pieces of one paragraph
 * (text nodes around emphasis, code and links), so that `"foo *bar*"`
 * pairs its quotes.  TYPO_RAW copies text unchanged (the dumps).
 */
#ifndef QBIND_TYPO_H
#define QBIND_TYPO_H

#include <stddef.h>
#include <stdint.h>

struct buf;

enum typo_lang { TYPO_RAW, TYPO_EN, TYPO_RU };

enum { TYPO_MAX_DEPTH = 16 };

struct typo {
	enum typo_lang lang;
	int depth;          /* quotes open */
	uint32_t single;    /* bit d: the quote at depth d+1 was typed ' */
	uint32_t prev;      /* the character before, as typed; 0: paragraph start */
	uint32_t prev2;     /* the one before that */
};

/* The typography of a language tag ("ru", "ru-RU", "en", "en-GB");
 * other languages and NULL: TYPO_RAW (their quotes are not known here). */
enum typo_lang typo_lang_of(const char *lang);

/* Starts a paragraph (or any block): no quote open, nothing before. */
void typo_begin(struct typo *t, enum typo_lang lang);
/* Appends s[0..len) to out as printed. */
void typo_text(struct typo *t, const char *s, size_t len, struct buf *out);
/* Something printed untouched (code, a URL) stood here: the next quote
 * closes rather than opens, and no one-letter word precedes. */
void typo_skip(struct typo *t);
/* A line break or soft break stood here: as a space. */
void typo_space(struct typo *t);
/* s as printed, as one paragraph, into out (emptied first); returns out->ptr. */
const char *typo_string(enum typo_lang lang, const char *s, struct buf *out);

#endif
