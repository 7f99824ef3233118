/* pdf_fonts.c: the faces of the PDF found with fontconfig (hpdf_fix.c
 * repairs what libharu embeds of them). */
#include "pdf_fonts.h"
#include "diag.h"
#include "xalloc.h"

#include <fontconfig/fontconfig.h>

#include <string.h>
#include <strings.h>

static const char *const pdf_face_names[NFACES] = {
	"regular", "bold", "italic", "bold italic", "monospace",
	"monospace bold"
};

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
	int bold = f == FACE_BOLD || f == FACE_BOLD_ITALIC || f == FACE_MONO_BOLD;
	int italic = f == FACE_ITALIC || f == FACE_BOLD_ITALIC;
	FcPattern *pat = FcPatternCreate();
	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
	FcPatternAddInteger(pat, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
	FcPatternAddInteger(pat, FC_SLANT, italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
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
