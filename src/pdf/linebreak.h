/* linebreak.h: one paragraph of styled text broken into lines.
 *
 * The layout feeds a paragraph as pieces of text in faces, then asks for
 * lines of a given width.  Breaking is Knuth and Plass's total fit, as in
 * TeX: the breaks of the whole paragraph that give the least demerits
 * (badness of each line's spacing, penalties for hyphens and for a
 * one-letter word at a line end, more for two hyphens in a row and for a
 * loose line next to a tight one), tried first without hyphens, then
 * with the hyphenation points of libhyphen (hyph.h).  The line before a
 * paragraph's last takes no hyphen.  A ragged paragraph (a question, a
 * heading) is broken the same way with its rag judged instead of its
 * spaces, so its lines come out even.  An inline code span is never
 * broken inside (`b := a[:2:2]` stays whole) unless it is wider than a
 * line.  A token wider than a whole line (a URL, a 200-letter word) is
 * broken after '/', '.', '-' or '_' when it can be, else between any two
 * characters, so that no text ever runs past the right edge.  Justified
 * lines place every word at its own x (never a word-spacing operator);
 * the last line of a paragraph, and any line that would need gaps wider
 * than twice a space, stay ragged.
 */
#ifndef QBIND_LINEBREAK_H
#define QBIND_LINEBREAK_H

#include "buf.h"
#include "device.h"
#include "measure.h"

#include <stddef.h>
#include <stdint.h>

struct hyph;

/* A run of a finished line: text in one face starting at x (points from
 * the line's left edge).  s points into storage valid until the next
 * call of the paragraph. */
struct lb_run {
	enum dev_face face;
	double x;
	const char *s;
	size_t len;
	uint32_t link;       /* the link of its text (para.link), 0: none */
};

/* Called once per line, top to bottom.  width: where the last run ends. */
typedef void lb_line_fn(void *arg, const struct lb_run *runs, size_t nruns,
    double width);

struct lb_piece {
	uint32_t off, len;   /* in the paragraph's text */
	double w;            /* advance width at the paragraph's size */
	uint8_t face;
	uint8_t space_before; /* a breakable space precedes it */
	uint8_t hard_break;   /* a forced line break precedes it */
	uint8_t hyphen;       /* draw a hyphen after it (set when breaking) */
	uint8_t code_space;   /* the space before it is inside inline code:
	                       * fixed width, drawn within one run */
	uint8_t brk;          /* where a line may end before it (linebreak.c) */
	uint32_t link;        /* para.link when it was added */
};

struct lb_kp;

struct para {
	struct meter *meter;
	struct hyph *hyph;     /* NULL: no hyphenation */
	double size;           /* points */
	int justify;
	int hyphenate;         /* use hyph for this paragraph */
	int rough;             /* the last para_lines found no lines within
	                        * tolerance: some are loose, or end in a
	                        * one-letter word or inside a token */
	struct buf text;       /* the pieces' bytes */
	struct lb_piece *p;
	size_t n, cap;
	int pending_space, pending_break;
	/* Scratch for the breaker: the pieces cut where lines may end
	 * (atoms), and its own. */
	struct lb_piece *a;
	size_t na, capa;
	struct lb_kp *kp;
	/* The link (a number of the layout's, 0: none) of the text added
	 * from now: a run holds text of one link, so the layout can put a
	 * clickable area over each piece of a link's lines. */
	uint32_t link;
	/* Scratch for lines. */
	struct lb_piece *line;
	size_t nline, capline;
	struct lb_run *runs;
	size_t capruns;
	struct buf out;
};

void para_init(struct para *pa, struct meter *m, struct hyph *hy);
void para_free(struct para *pa);
/* Empties the paragraph for new text at size.  Headings and titles are
 * set without hyphens (hyphenate 0). */
void para_reset(struct para *pa, double size, int justify, int hyphenate);
/* Appends clean UTF-8 text in face; spaces, tabs and newlines separate
 * words (several collapse into one).  In a monospace face the text is one
 * code span: spaces between its words keep their width when a line is
 * justified and stay inside one run, so its ground reads as one. */
void para_add(struct para *pa, enum dev_face face, const char *s, size_t len);
/* Appends a space (a soft line break in the source). */
void para_space(struct para *pa);
/* Forces a line break before what follows. */
void para_break(struct para *pa);
/* Breaks the paragraph into lines of width points and hands each to fn.
 * An empty paragraph gives no line. */
void para_lines(struct para *pa, double width, lb_line_fn *fn, void *arg);

#endif
