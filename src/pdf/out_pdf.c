/* out_pdf.c: the PDF backend: style settings into layout options, the
 * libharu device, the layout, the bytes. */
#include "out_pdf.h"
#include "build_time.h"
#include "buf.h"
#include "diag.h"
#include "progress.h"
#include "layout.h"
#include "outline.h"
#include "pdf_device.h"
#include "qbind.h"
#include "style.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *const style_keys[] = {
	"pdf.paper", "pdf.margin-top", "pdf.margin-bottom", "pdf.margin-left",
	"pdf.margin-right", "pdf.font", "pdf.mono-font", "pdf.font-size",
	"pdf.mode", "pdf.note-lines", "pdf.notes", "pdf.justify", "pdf.hyphenate",
	"pdf.sheet", "pdf.key", "pdf.standard", NULL
};

/* The layout options from the style, and the PDF/A part to meet (0:
 * none) into *pdfa; -1 after reporting every bad one. */
static int
read_opts(const struct style *s, struct layout_opts *lo, int *pdfa,
    struct diag *d)
{
	static const char *const standards[] = { "none", "pdfa-1b", "pdfa-2b",
		NULL };
	static const char *const papers[] = { "a4", "letter", NULL };
	static const char *const modes[] = { "study", "interviewer", NULL };
	static const char *const notes[] = { "lines", "blank", NULL };
	static const char *const sheets[] = { "full", "compact", NULL };
	static const char *const keys[] = { "inline", "back", "none", NULL };
	static const double paper_w[] = { 595.276, 612 }, paper_h[] = { 841.89, 792 };
	static const char *const margins[] = { "pdf.margin-top",
		"pdf.margin-bottom", "pdf.margin-left", "pdf.margin-right" };
	double *mdst[] = { &lo->margin_top, &lo->margin_bottom, &lo->margin_left,
		&lo->margin_right };
	int bad = 0;
	memset(lo, 0, sizeof(*lo));

	int paper = style_get_enum(s, "pdf.paper", papers, 0, d);
	bad |= paper < 0;
	lo->page_w = paper_w[paper < 0 ? 0 : paper];
	lo->page_h = paper_h[paper < 0 ? 0 : paper];
	int mode = style_get_enum(s, "pdf.mode", modes, 0, d);
	bad |= mode < 0;
	lo->mode = mode == 1 ? LAYOUT_INTERVIEWER : LAYOUT_STUDY;
	/* Up to a quarter of the page each way, so a text column is left.
	 * The side margins by default: 37mm on the study sheet, a measure
	 * of about 65 characters of the default font, what reads best; 20mm
	 * on the interviewer's, whose lines are short questions and room
	 * for notes. */
	double side = lo->mode == LAYOUT_STUDY ? 37 : 20;
	for (int i = 0; i < 4; i++)
		bad |= style_get_length(s, margins[i], 5 * 72 / 25.4, (i < 2 ? lo->page_h :
		    lo->page_w) / 4, (i < 2 ? 20 : side) * 72 / 25.4, mdst[i], d) != 0;
	bad |= style_get_length(s, "pdf.font-size", 6, 24, 11, &lo->font_size, d) != 0;
	int sheet = style_get_enum(s, "pdf.sheet", sheets, 0, d);
	bad |= sheet < 0;
	lo->sheet = sheet == 1 ? SHEET_COMPACT : SHEET_FULL;
	int key = style_get_enum(s, "pdf.key", keys, 0, d);
	bad |= key < 0;
	lo->key = key == 1 ? KEY_BACK : key == 2 ? KEY_NONE : KEY_INLINE;
	/* none, pdfa-1b, pdfa-2b: the part is the index. */
	*pdfa = style_get_enum(s, "pdf.standard", standards, 2, d);
	bad |= *pdfa < 0;
	/* Two lines a question by default in the compact sheet, four in
	 * the full one. */
	long lines;
	bad |= style_get_long(s, "pdf.note-lines", 0, 40,
	    lo->sheet == SHEET_COMPACT ? 2 : 4, &lines, d) != 0;
	lo->note_lines = (int)lines;
	int blank = style_get_enum(s, "pdf.notes", notes, 0, d);
	bad |= blank < 0;
	lo->note_blank = blank == 1;
	lo->justify = style_get_bool(s, "pdf.justify", 1, d);
	lo->hyphenate = style_get_bool(s, "pdf.hyphenate", 1, d);
	bad |= lo->justify < 0 || lo->hyphenate < 0;
	return bad ? -1 : 0;
}

static int
check_style(const struct style *s, struct diag *d)
{
	struct layout_opts lo;
	int pdfa;
	return read_opts(s, &lo, &pdfa, d);
}

static enum backend_result
out_pdf(const struct outline *o, const struct style *s,
    const struct backend_previous *prev, struct backend_sink *sink, struct diag *d)
{
	(void)prev;
	struct layout_opts lo;
	struct pdf_info info;
	memset(&info, 0, sizeof(info));
	if (read_opts(s, &lo, &info.pdfa, d) != 0 ||
	    build_time(&info.date, d) != 0)
		return BACKEND_FAILED;
	char date[128];
	lang_title_date(o, info.date, date, sizeof(date));
	lo.date_text = date;
	struct pdf_fonts fonts = {
		style_get(s, "pdf.font", "PT Serif"),
		style_get(s, "pdf.mono-font", "DejaVu Sans Mono"),
	};
	struct pdf_dev *p = pdf_dev_new(&fonts, d);
	if (p == NULL)
		return BACKEND_FAILED;
	struct device dev;
	pdf_dev_device(p, &dev);
	int rc = layout_document(o, &lo, &dev, d);

	info.title = o->root->display.heading;
	info.author = o->meta.author;
	info.subject = o->meta.subtitle;
	info.lang = o->meta.lang;
	/* The /ID's seed, stable for a corpus and the settings that change
	 * the pages; the device makes the /ID a digest of the whole file. */
	struct buf key = BUF_INIT;
	buf_printf(&key, "%.2fx%.2f %s %d %d", lo.page_w, lo.page_h,
	    lo.mode == LAYOUT_STUDY ? "study" : "interviewer", lo.note_lines,
	    lo.note_blank);
	/* (the sheet's settings added only for a sheet: a study handout's
	 * /ID stays what it was) */
	if (lo.mode == LAYOUT_INTERVIEWER)
		buf_printf(&key, " %d %d", (int)lo.sheet, (int)lo.key);
	uint8_t digest[32];
	ol_digest(o, "pdf-id", key.ptr, digest);
	memcpy(info.id, digest, sizeof(info.id));
	buf_free(&key);

	progress_tick(d->progress, "compressing", 0, 0);
	enum backend_result res = rc == LAYOUT_TOO_LONG ? BACKEND_OVER_CAP :
	    rc != 0 ? BACKEND_FAILED : BACKEND_OK;
	if (res == BACKEND_OK && pdf_dev_finish(p, &info, sink->fp) != 0)
		res = backend_failed(sink);
	if (res == BACKEND_OK) {
		size_t n = pdf_dev_npages(p);
		snprintf(sink->detail, sizeof(sink->detail), "%zu page%s", n,
		    n == 1 ? "" : "s");
	}
	pdf_dev_free(p);
	return res;
}

const struct backend backend_pdf = {
	"pdf", "pdf", "a printable handout: study sheet or interviewer's sheet",
	NULL, style_keys, .check = check_style, .write = out_pdf,
};
