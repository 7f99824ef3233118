/* answer_walk.h: the one walk of an answer's libcmark tree that every
 * writer shares (the XHTML of the EPUB and the deck, the PDF layout, the
 * outline dumps).
 *
 * An iterator with enter and exit events, as cmark's, whose step settles
 * what the writers would otherwise each decide again: whether a node is a
 * leaf (no exit event follows), how deep it sits, its literal, whether a
 * paragraph is one that a tight list prints without spacing, a heading's
 * level, a list's kind and start, and whether a link's address may be
 * shown or followed.  So the writers only print.  No libxml2 here: the PDF
 * layout uses it too.
 */
#ifndef QBIND_ANSWER_WALK_H
#define QBIND_ANSWER_WALK_H

#include <cmark.h>

#include "buf.h"
#include "typo.h"

struct aw_step {
	cmark_node *node;
	cmark_node_type type;
	const char *name;     /* cmark's name of the type: "paragraph", … */
	int enter;            /* 1: entering (a leaf is only entered); 0: leaving */
	int leaf;             /* text, code, code block, HTML, breaks, rule: no exit */
	int depth;            /* containers open around the node; the root: 0 */
	/* Text, code, code block, HTML (block or inline): the text, never
	 * NULL; NULL for every other type.  A text's literal is as printed
	 * when the walk was started with a language (aw_start): smart
	 * quotes and the rest of util/typo.h, the state carried across the
	 * texts of one block; an autolink's text (it shows the URL), code
	 * and HTML stay as written. */
	const char *literal;
	/* Paragraph or heading directly in an item of a tight list, which
	 * HTML and print leave without a paragraph's spacing. */
	int tight;
	int heading_level;    /* heading: 1..6; 0 otherwise */
	int ordered;          /* list: numbered */
	int list_tight;       /* list: tight */
	int list_start;       /* list: the first number */
	const char *info;     /* code block: the fence's info string, never NULL */
	/* Link and image: destination and title as written, never NULL. */
	const char *url, *title;
	int safe;             /* link: http, https or mailto, so it may be followed */
	/* Link: its only content is a text that reads as its address (an
	 * autolink, or mailto: without the scheme), so it shows already. */
	int shows_url;
};

struct answer_walk {
	cmark_iter *it;
	int depth;
	struct aw_step step;
	struct typo typo;     /* quote state within the current block */
	struct buf lit;       /* a text's literal as printed */
	cmark_node *url_text; /* the text of a link that shows its address,
	                       * which stays as written */
};

/* Walks root (nothing when NULL), its texts as printed for typo
 * (TYPO_RAW: as written, for the dumps; else typo_lang_of the
 * document's language).  aw_next gives each step, NULL after the
 * last; the step is overwritten by the next call.  aw_end frees the walk,
 * also when it stopped early. */
void aw_start(struct answer_walk *w, cmark_node *root, enum typo_lang typo);
const struct aw_step *aw_next(struct answer_walk *w);
void aw_end(struct answer_walk *w);

/* Whether a link's address may become a link to follow: http, https or
 * mailto, whatever the case of the scheme. */
int aw_safe_url(const char *url);

#endif
