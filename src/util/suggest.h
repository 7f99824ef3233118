/* suggest.h: the known name nearest to a mistyped one, for messages such
 * as "unknown format 'pfd' (did you mean 'pdf'?)".
 *
 * Nearness is the edit distance, case-blind, where swapping two
 * neighbours ("pfd") counts one edit like a letter added, dropped or
 * changed.  A name is offered only when it is near enough to be what was
 * meant: at most a third of its letters edited (one at least), and fewer
 * edits than the given word has letters.
 */
#ifndef QBIND_SUGGEST_H
#define QBIND_SUGGEST_H

struct suggest {
	const char *given;
	const char *best;   /* nearest so far; NULL: none near enough */
	unsigned dist;
};

void suggest_init(struct suggest *s, const char *given);
/* Offers one known name; the first of equally near ones is kept. */
void suggest_add(struct suggest *s, const char *name);
/* The same for each name of a NULL-terminated list. */
void suggest_add_all(struct suggest *s, const char *const *names);
/* The nearest name offered, or NULL when none was near enough. */
const char *suggest_best(const struct suggest *s);

/* The nearest of names (NULL-terminated) to given, or NULL. */
const char *suggest_name(const char *given, const char *const *names);

#endif
