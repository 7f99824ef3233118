/* html.h: an answer's libcmark tree as XHTML elements, for the EPUB pages
 * and the Anki fields alike.  Written through xw.h (the EPUB's own writer,
 * or the deck's libxml2 xmlTextWriter), so every text is escaped by the
 * writer, never by hand.
 *
 * What comes out: p, ul/ol (start kept), li, blockquote, pre/code (class
 * "language-X" from the fence's info word), code, em, strong, br, hr,
 * headings shifted to h3..h6 (an answer sits under a group's h2), and a
 * for http, https and mailto links only (aw_safe_url); any other link
 * (javascript:, data:, relative) shows as its text.  Images show their alt text.
 *
 * Text in another script than the document's is marked with its
 * language (html_text_lang); code, and a link's text that is its URL,
 * are not: they are in no language.
 *
 * A code block's lines are each a <span class="code-line"> (its '\n'
 * inside); a line longer than HTML_CODE_COLUMNS (tabs to stops of 4) is
 * broken at a space or punctuation where it can be, each continuation
 * after a <span class="code-wrap" aria-hidden="true"> holding the break,
 * the line's indentation and "↪ ".  A stylesheet shows them well with
 *   pre .code-line { display: block; padding-left: 4ch; text-indent: -4ch; }
 * (a hang of one tab, 4ch with tab-size 4: tab stops count from the
 * padding's edge, so a hang of 2ch would make a first tab 2 columns).
 *   pre .code-wrap { user-select: none; }   (and a muted colour)
 */
#ifndef QBIND_HTML_H
#define QBIND_HTML_H

#include "script.h"

#include <libxml/xmlwriter.h>

struct ol_node;
struct xw;

/* The widest line of a code block, in columns: about what a phone shows
 * of 0.8em monospace in an answer across a 390 px screen. */
enum { HTML_CODE_COLUMNS = 44 };

/* s as escaped text, each run of sc's foreign script (util/script.h) in
 * a <span lang="…">, with xml:lang="…" too when xml_lang (the EPUB's
 * XHTML; the deck's HTML fields take lang alone); text in the document's
 * language or in neither script stays outside any span.  NULL and ""
 * write nothing. */
void html_text_lang(struct xw *x, const struct script *sc, int xml_lang,
    const char *s);
/* <name class="cls">s</name> (cls may be NULL), s as html_text_lang
 * writes it. */
void html_element_lang(struct xw *x, const char *name, const char *cls,
    const struct script *sc, int xml_lang, const char *s);

/* Writes q's answer (nothing when it has none).  0, or -1 when the writer
 * failed (out of space: the caller reports it). */
int html_write(struct xw *x, const struct ol_node *q);
/* The same through a libxml2 writer. */
int html_answer(xmlTextWriterPtr w, const struct ol_node *q);

#endif
