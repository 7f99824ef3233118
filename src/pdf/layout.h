/* layout.h: the outline set on pages: line breaking (justified, hyphenated
 * with libhyphen), page breaking (no question split across pages, no
 * heading alone at the foot of a page), the title page, the table of
 * contents, running headers and "page N of M" footers.  Draws through a
 * struct device (device.h) only, so it can be tested without a PDF. */
#ifndef QBIND_LAYOUT_H
#define QBIND_LAYOUT_H

#include "device.h"

struct diag;
struct outline;

enum layout_mode {
	LAYOUT_STUDY,        /* answers shown under their questions */
	LAYOUT_INTERVIEWER   /* the interviewer's sheet (layout_sheet.c) */
};

/* The interviewer's sheet: roomy (the study edition's headings, the
 * body size) or compact (a smaller size, run-in headings, the score row
 * beside the question) to take the fewest pages. */
enum layout_sheet { SHEET_FULL, SHEET_COMPACT };

/* Where the sheet shows the answers' key points: in small type under
 * each question, in an answer key after the score summary, or nowhere. */
enum layout_key { KEY_INLINE, KEY_BACK, KEY_NONE };

struct layout_opts {
	double page_w, page_h;                 /* points */
	double margin_top, margin_bottom, margin_left, margin_right;
	double font_size;                      /* body text, points */
	enum layout_mode mode;
	int note_lines;                        /* interviewer: ruled lines per question */
	enum layout_sheet sheet;               /* interviewer: full or compact */
	enum layout_key key;                   /* interviewer: the key points' place */
	int note_blank;                        /* interviewer: the same space left blank, unruled */
	int justify;                           /* body text justified, else ragged right */
	int hyphenate;                         /* libhyphen patterns for the document language */
	const char *hyph_dir;                  /* folder of hyph_*.dic; NULL: /usr/share/hyphen */
	const char *date_text;                 /* title page date as printed ("28 ноября
	                                        * 2026"); NULL: the corpus date as
	                                        * written, if any.  The caller picks
	                                        * it, so the layout reads no clock. */
};

/* Lays out and draws the whole document.  Text the device cannot draw
 * (control characters, characters outside its fonts) is replaced and
 * reported as a warning naming the corpus line.  0; -1 after reporting
 * (a device failure, a missing hyphenation dictionary); LAYOUT_TOO_LONG
 * after reporting, at the corpus line where it happens, that the
 * document runs past QBIND_MAX_PAGES (then nothing was drawn). */
enum { LAYOUT_TOO_LONG = -2 };
int layout_document(const struct outline *o, const struct layout_opts *opts,
    const struct device *dev, struct diag *d);

#endif
