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
 */
#ifndef QBIND_HTML_H
#define QBIND_HTML_H

#include <libxml/xmlwriter.h>

struct ol_node;
struct xw;

/* Writes q's answer (nothing when it has none).  0, or -1 when the writer
 * failed (out of space: the caller reports it). */
int html_write(struct xw *x, const struct ol_node *q);
/* The same through a libxml2 writer. */
int html_answer(xmlTextWriterPtr w, const struct ol_node *q);

#endif
