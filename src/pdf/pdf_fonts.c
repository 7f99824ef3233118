/* pdf_fonts.c: the faces of the PDF, and the fonts to fall back to for a
 * character they lack, found with fontconfig (hpdf_fix.c repairs what
 * libharu embeds of them). */
#include "pdf_fonts.h"
#include "diag.h"
#include "xalloc.h"

#include <fontconfig/fontconfig.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const pdf_face_names[NFACES] = {
	"regular", "bold", "italic", "bold italic", "monospace",
	"monospace bold"
};

static void
style_pattern(FcPattern *pat, const char *family, enum dev_face f)
{
	int bold = dev_face_bold(f), italic = dev_face_italic(f);
	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
	FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
	FcPatternAddInteger(pat, FC_SLANT, italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
}

static int
family_matches(FcPattern *m, const char *family)
{
	FcChar8 *fam;
	for (int i = 0; FcPatternGetString(m, FC_FAMILY, i, &fam) == FcResultMatch; i++)
		if (strcasecmp((const char *)fam, family) == 0)
			return 1;
	return 0;
}

static const char *
fc_style(enum dev_face f)
{
	switch (f) {
	case FACE_BOLD: case FACE_MONO_BOLD: return "Bold";
	case FACE_ITALIC: return "Italic";
	case FACE_BOLD_ITALIC: return "Bold Italic";
	default: return "Regular";
	}
}

/* The TrueType file of family's face f: fontconfig's best match, which
 * must be of that family (fontconfig falls back to any font) and a
 * TrueType (libharu 2.3.0 cannot embed CFF outlines). */
static int
find_face(FcConfig *cfg, const char *family, enum dev_face f,
    struct pdf_face_file *out, struct diag *d)
{
	int bold = dev_face_bold(f), italic = dev_face_italic(f);
	FcPattern *pat = FcPatternCreate();
	style_pattern(pat, family, f);
	FcConfigSubstitute(cfg, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	FcResult res;
	FcPattern *m = FcFontMatch(cfg, pat, &res);
	FcPatternDestroy(pat);
	FcChar8 *file = NULL, *fmt = NULL, *got = NULL;
	int rc = -1, index = 0;
	if (m == NULL || !family_matches(m, family)) {
		if (m)
			FcPatternGetString(m, FC_FAMILY, 0, &got);
		diag_sys(d, MSG_FONT_NOT_FOUND, family, pdf_face_names[f],
		    got ? (const char *)got : "nothing", family, fc_style(f));
	} else if (FcPatternGetString(m, FC_FILE, 0, &file) != FcResultMatch) {
		diag_sys(d, MSG_FONT_NO_FILE,
		    family, pdf_face_names[f]);
	} else if (FcPatternGetString(m, FC_FONTFORMAT, 0, &fmt) == FcResultMatch &&
	    strcmp((const char *)fmt, "TrueType") != 0) {
		diag_sys(d, MSG_FONT_NOT_TRUETYPE, family, pdf_face_names[f],
		    (const char *)fmt, (const char *)file);
	} else {
		FcPatternGetInteger(m, FC_INDEX, 0, &index);
		out->path = xstrdup((const char *)file);
		out->index = index;
		rc = 0;
		/* A family without the face: fontconfig gives the nearest one
		 * and asks the renderer to fake the rest (embolden, a slanting
		 * matrix), which a PDF does not do. */
		FcBool embolden = FcFalse;
		FcMatrix *mat;
		FcPatternGetBool(m, FC_EMBOLDEN, 0, &embolden);
		if ((bold && embolden) || (italic &&
		    FcPatternGetMatrix(m, FC_MATRIX, 0, &mat) == FcResultMatch))
			diag_sys(d, MSG_FONT_FACE, family, pdf_face_names[f],
			    (const char *)file, family, fc_style(f));
	}
	if (m)
		FcPatternDestroy(m);
	return rc;
}

int
pdf_fonts_find(const char *body, const char *mono,
    struct pdf_face_file out[NFACES], struct diag *d)
{
	memset(out, 0, NFACES * sizeof(*out));
	/* A configuration of our own, destroyed after the look-ups, so that
	 * fontconfig holds no memory while the document is made. */
	FcConfig *cfg = FcInitLoadConfigAndFonts();
	if (cfg == NULL) {
		diag_sys(d, MSG_FONTCONFIG);
		return -1;
	}
	int rc = 0;
	for (int f = 0; f < NFACES && rc == 0; f++)
		rc = find_face(cfg, f >= FACE_MONO ? mono : body, (enum dev_face)f,
		    &out[f], d);
	FcConfigDestroy(cfg);
	FcFini();
	return rc;
}

/* --- fallback --- */

struct pdf_fallback {
	char *family[2];          /* body, mono */
	FcConfig *cfg;            /* NULL until the first look-up */
	int failed;               /* fontconfig would not start */
	FcFontSet *sorted[NFACES]; /* fontconfig's fallback order per face */
};

struct pdf_fallback *
pdf_fallback_new(const char *body, const char *mono)
{
	struct pdf_fallback *fb = xcalloc(1, sizeof(*fb));
	fb->family[0] = xstrdup(body);
	fb->family[1] = xstrdup(mono);
	return fb;
}

void
pdf_fallback_free(struct pdf_fallback *fb)
{
	if (fb == NULL)
		return;
	for (int f = 0; f < NFACES; f++)
		if (fb->sorted[f])
			FcFontSetDestroy(fb->sorted[f]);
	if (fb->cfg) {
		FcConfigDestroy(fb->cfg);
		FcFini();
	}
	free(fb->family[0]);
	free(fb->family[1]);
	free(fb);
}

/* Every font, the closest to face f first: what fontconfig's own
 * fallback goes through (untrimmed, so that a family's other faces stay
 * in the list). */
static FcFontSet *
sorted_fonts(struct pdf_fallback *fb, enum dev_face f)
{
	if (fb->sorted[f] || fb->failed)
		return fb->sorted[f];
	if (fb->cfg == NULL && (fb->cfg = FcInitLoadConfigAndFonts()) == NULL) {
		fb->failed = 1;
		return NULL;
	}
	FcPattern *pat = FcPatternCreate();
	style_pattern(pat, fb->family[f >= FACE_MONO], f);
	/* Code falls back to monospace fonts first, so that its columns
	 * stay as near as they can. */
	if (f >= FACE_MONO) {
		FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)"monospace");
		FcPatternAddInteger(pat, FC_SPACING, FC_MONO);
	}
	FcConfigSubstitute(fb->cfg, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	FcResult res;
	fb->sorted[f] = FcFontSort(fb->cfg, pat, FcFalse, NULL, &res);
	FcPatternDestroy(pat);
	return fb->sorted[f];
}

/* A font libharu can embed and draw with: TrueType outlines (glyf; CFF
 * ones libharu 2.3.0 cannot embed), not a colour bitmap font (CBDT
 * emoji have no outlines to embed). */
static int
usable(FcPattern *m)
{
	FcChar8 *fmt;
	FcBool b;
	if (FcPatternGetString(m, FC_FONTFORMAT, 0, &fmt) != FcResultMatch ||
	    strcmp((const char *)fmt, "TrueType") != 0)
		return 0;
	if (FcPatternGetBool(m, FC_OUTLINE, 0, &b) == FcResultMatch && !b)
		return 0;
#ifdef FC_COLOR
	if (FcPatternGetBool(m, FC_COLOR, 0, &b) == FcResultMatch && b)
		return 0;
#endif
	return 1;
}

int
pdf_fallback_each(struct pdf_fallback *fb, enum dev_face f, uint32_t cp,
    int (*take)(void *ctx, const char *file, int index), void *ctx)
{
	FcFontSet *set = sorted_fonts(fb, f);
	for (int i = 0; set && i < set->nfont; i++) {
		FcPattern *m = set->fonts[i];
		FcCharSet *cs;
		FcChar8 *file;
		int index = 0;
		if (FcPatternGetCharSet(m, FC_CHARSET, 0, &cs) != FcResultMatch ||
		    !FcCharSetHasChar(cs, cp) || !usable(m) ||
		    FcPatternGetString(m, FC_FILE, 0, &file) != FcResultMatch)
			continue;
		FcPatternGetInteger(m, FC_INDEX, 0, &index);
		int rc = take(ctx, (const char *)file, index);
		if (rc)
			return rc;
	}
	return 0;
}
