/* pdf_glyphs.c: which font draws each character: the face's own glyph,
 * else one from a fallback font that fontconfig finds (loaded, embedded
 * and subset like the faces), else none (U+FFFD and a warning). */
#include "pdf_dev_int.h"
#include "utf8.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Private-use characters mean what a font says they mean, so another
 * font's glyph would be a guess; noncharacters are not text. */
static int
no_fallback(uint32_t cp)
{
	return (cp >= 0xE000 && cp <= 0xF8FF) || cp >= 0xF0000 ||
	    (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

/* The fallback face for file (loaded now if it is new); -1 when libharu
 * cannot load it.  A main face's file is that face (libharu loads a
 * font once). */
static long
face_for_file(struct pdf_dev *p, const char *path, int index)
{
	for (long g = 0; g < (long)(NFACES + p->nfb); g++) {
		const struct face *fc = face_at(p, g);
		if (fc->path && fc->same_as < 0 && fc->index == index &&
		    strcmp(fc->path, path) == 0)
			return fc->broken ? -1 : g;
	}
	struct face *fc = xcalloc(1, sizeof(*fc));
	fc->path = xstrdup(path);
	fc->index = index;
	fc->same_as = -1;
	fc->name = index > 0 ?
	    HPDF_LoadTTFontFromFile2(p->pdf, path, (HPDF_UINT)index, HPDF_TRUE) :
	    HPDF_LoadTTFontFromFile(p->pdf, path, HPDF_TRUE);
	if (fc->name)
		fc->def = HPDF_GetFontDef(p->pdf, fc->name);
	/* A font libharu refuses (no glyf table, embedding not allowed, a
	 * name it has loaded from another file) is passed over: the next
	 * one fontconfig gives may do. */
	fc->broken = fc->def == NULL;
	p->err = p->err_detail = 0;
	HPDF_ResetError(p->pdf);
	if (p->nfb == p->cap_fb) {
		p->cap_fb = p->cap_fb ? 2 * p->cap_fb : 8;
		p->fb = xrealloc(p->fb, p->cap_fb * sizeof(struct face *));
	}
	p->fb[p->nfb++] = fc;
	return fc->broken ? -1 : (long)(NFACES + p->nfb - 1);
}

/* The glyph of cp in fc, 0 if none. */
static unsigned
glyph_in(struct pdf_dev *p, struct face *fc, uint32_t cp)
{
	if (cp <= 0xFFFF)
		return hpdf_fix_glyph(fc->def, (uint16_t)cp);
	if (!fc->cmap32_read) {
		fc->cmap32_read = 1;
		if (hpdf_fix_cmap32_read(fc->def, &fc->cmap32) != 0) {
			p->err = p->err_detail = 0;
			HPDF_ResetError(p->pdf);
		}
	}
	return hpdf_fix_cmap32_glyph(&fc->cmap32, cp);
}

/* The CID of cp in fc: its code point in the BMP, else its slot (a new
 * one the first time); 0 when the slots are all taken. */
static uint16_t
cid_in(struct face *fc, uint32_t cp, unsigned gid)
{
	if (cp <= 0xFFFF)
		return (uint16_t)cp;
	for (size_t i = 0; i < fc->nslots; i++)
		if (fc->slot_cp[i] == cp)
			return (uint16_t)(HPDF_FIX_SLOT0 + i);
	if (fc->nslots == HPDF_FIX_NSLOTS)
		return 0;
	if ((fc->nslots & (fc->nslots - 1)) == 0) {
		size_t cap = fc->nslots ? 2 * fc->nslots : 1;
		fc->slot_cp = xrealloc(fc->slot_cp, cap * sizeof(*fc->slot_cp));
		fc->slot_gid = xrealloc(fc->slot_gid, cap * sizeof(*fc->slot_gid));
	}
	fc->slot_cp[fc->nslots] = cp;
	fc->slot_gid[fc->nslots] = (uint16_t)gid;
	return (uint16_t)(HPDF_FIX_SLOT0 + fc->nslots++);
}

struct search {
	struct pdf_dev *p;
	uint32_t cp;
	struct fb_glyph *g;
};

/* fontconfig's candidate file for s->cp: taken when libharu loads it
 * and finds the glyph. */
static int
take(void *ctx, const char *file, int index)
{
	struct search *s = ctx;
	long g = face_for_file(s->p, file, index);
	if (g < 0)
		return 0;
	struct face *fc = face_at(s->p, g);
	unsigned gid = glyph_in(s->p, fc, s->cp);
	uint16_t cid = gid ? cid_in(fc, s->cp, gid) : 0;
	if (cid == 0)
		return 0;
	s->g->font = (int32_t)g;
	s->g->cid = cid;
	s->g->w = hpdf_fix_glyph_width(fc->def, gid);
	return 1;
}

static void
grow_glyphs(struct pdf_dev *p)
{
	size_t cap = p->cap_glyphs ? 2 * p->cap_glyphs : 64;
	struct fb_glyph *t = xcalloc(cap, sizeof(*t));
	for (size_t i = 0; i < p->cap_glyphs; i++) {
		const struct fb_glyph *e = &p->glyphs[i];
		if (e->key == 0)
			continue;
		size_t h = ((size_t)e->key * 2654435761u) & (cap - 1);
		while (t[h].key)
			h = (h + 1) & (cap - 1);
		t[h] = *e;
	}
	free(p->glyphs);
	p->glyphs = t;
	p->cap_glyphs = cap;
}

const struct fb_glyph *
pdf_glyph_fallback(struct pdf_dev *p, enum dev_face f, uint32_t cp)
{
	uint32_t key = (uint32_t)(f + 1) << 21 | cp;
	if (2 * (p->nglyphs + 1) > p->cap_glyphs)
		grow_glyphs(p);
	size_t h = ((size_t)key * 2654435761u) & (p->cap_glyphs - 1);
	while (p->glyphs[h].key && p->glyphs[h].key != key)
		h = (h + 1) & (p->cap_glyphs - 1);
	struct fb_glyph *e = &p->glyphs[h];
	if (e->key == key)
		return e;
	*e = (struct fb_glyph){ key, -1, 0, 0 };
	p->nglyphs++;
	if (!no_fallback(cp)) {
		struct search s = { p, cp, e };
		pdf_fallback_each(p->finder, f, cp, take, &s);
	}
	/* face_for_file may have grown p->fb, not p->glyphs. */
	if (e->font >= 0)
		p->fb_chars[f]++;
	return e;
}

int
pdf_glyph_own(struct pdf_dev *p, enum dev_face f, uint32_t cp)
{
	return cp <= 0xFFFF && hpdf_fix_has_glyph(owner(p, f)->def, (uint16_t)cp);
}

/* The fallback glyph of cp in face f, or NULL when f draws cp itself. */
static const struct fb_glyph *
drawn_from(struct pdf_dev *p, enum dev_face f, uint32_t cp)
{
	if (pdf_glyph_own(p, f, cp))
		return NULL;
	const struct fb_glyph *g = pdf_glyph_fallback(p, f, cp);
	return g->font >= 0 ? g : NULL;
}


void
pdf_glyph_runs(struct pdf_dev *p, enum dev_face f, const char *s,
    size_t len, run_fn *run, void *ctx)
{
	/* Most faces never lack a character: one run, nothing looked up. */
	if (p->fb_chars[f] == 0) {
		run(p, ctx, NULL, s, len);
		return;
	}
	const char *e = s + len, *r0 = s;
	while (s < e) {
		const char *c0 = s;
		uint32_t cp = utf8_next(&s);
		const struct fb_glyph *g = drawn_from(p, f, cp);
		if (g == NULL)
			continue;
		if (c0 > r0)
			run(p, ctx, NULL, r0, (size_t)(c0 - r0));
		run(p, ctx, g, c0, (size_t)(s - c0));
		r0 = s;
	}
	if (e > r0)
		run(p, ctx, NULL, r0, (size_t)(e - r0));
}
