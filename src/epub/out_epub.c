/* out_epub.c: the outline as an EPUB 3 book that EPUB 2 readers open too.
 *
 *   mimetype                stored, first: how a reader knows the file
 *   META-INF/container.xml  where the package document is
 *   OEBPS/package.opf       metadata, manifest, spine (with toc="ncx")
 *   OEBPS/nav.xhtml         EPUB 3 contents (sections -> groups), landmarks
 *   OEBPS/toc.ncx           the same contents for EPUB 2 readers
 *   OEBPS/style.css         the style's epub.css
 *   OEBPS/title.xhtml       title page
 *   OEBPS/cover.xhtml       the cover page, first in the spine
 *   OEBPS/cover.svg         the cover image (title, subtitle, counts)
 *   OEBPS/section-NN.xhtml  one page per section, the untitled one too
 *
 * Every XML document goes through our XML writer (xw.h), so corpus text
 * is escaped by the writer and never pasted into markup.  The archive is
 * built in memory (zipout.h) and its bytes are copied to the output file,
 * which the pipeline then syncs and renames.
 *
 * Ids in the pages are the outline's (q-…, s-…, g-…, or the author's,
 * which start with a letter); the few this backend makes up start with
 * '_', which no outline id can, so they never clash.
 *
 * This file holds the entry point, the book's identity and time and the
 * archive's order; epub_xml.c puts each document into the archive and
 * writes the XHTML skeleton, epub_pages.c writes the
 * title and section pages, epub_cover.c the cover, epub_package.c the container, package
 * document, nav and ncx; epub_int.h is what they share.
 */
#include "out_epub.h"
#include "epub_int.h"
#include "build_time.h"
#include "diag.h"
#include "progress.h"
#include "outline.h"
#include "style.h"
#include "zipout.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* v in decimal, zero-padded to width digits: "%0*zu" without printf,
 * which was a twentieth of the pages' time, called for every page and
 * contents entry. */
size_t
epub_number(char *out, size_t v, int width)
{
	char digits[24];
	size_t n = 0, len = 0;
	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	for (size_t k = n; k < (size_t)width; k++)
		out[len++] = '0';
	while (n > 0)
		out[len++] = digits[--n];
	out[len] = '\0';
	return len;
}

/* "section-" and the page's number. */
size_t
epub_page_id(const struct epub *e, size_t i, char out[EPUB_NAME_MAX])
{
	/* The number follows and ends the string. */
	memcpy(out, "section-", 8); /* NOLINT(bugprone-not-null-terminated-result) */
	return 8 + epub_number(out + 8, i, e->width);
}

/* The file name of the i-th section page (1-based). */
void
epub_page_name(const struct epub *e, size_t i, char out[EPUB_NAME_MAX])
{
	size_t n = epub_page_id(e, i, out);
	memcpy(out + n, ".xhtml", 7);
}

/* --- identity and time --- */

/* A name-based uuid (version 5 layout, SHA-256 instead of SHA-1) of the
 * corpus id: the same book keeps its identity across builds. */
static void
make_urn(struct epub *e)
{
	uint8_t h[32];
	ol_digest(e->o, "epub-uuid", "", h);
	h[6] = (uint8_t)((h[6] & 0x0f) | 0x50);
	h[8] = (uint8_t)((h[8] & 0x3f) | 0x80);
	char *p = e->urn + snprintf(e->urn, sizeof(e->urn), "urn:uuid:");
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*p++ = '-';
		p += sprintf(p, "%02x", h[i]);
	}
}

/* The build time (see build_time.h) as dcterms:modified. */
static int
set_time(struct epub *e)
{
	if (build_time(&e->built, e->d) != 0)
		return -1;
	struct tm tm;
	if (gmtime_r(&e->built, &tm) == NULL) {
		diag_sys(e->d, MSG_BUILD_DATE);
		return -1;
	}
	strftime(e->modified, sizeof(e->modified), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return 0;
}

/* --- the archive --- */

static int
add_all(struct epub *e, char *css, size_t csslen)
{
	size_t npages = 0;
	OL_FOREACH(s, e->o->root)
		npages++;
	e->width = 2;
	for (size_t n = npages; n >= 100; n /= 10)
		e->width++;

	/* An error is sticky: when mimetype fails, so does the next add,
	 * which frees css as it does on any failure. */
	static const char mimetype[] = "application/epub+zip";
	(void)zipout_add(e->zip, "mimetype", mimetype, sizeof(mimetype) - 1, 0,
	    ZIPOUT_STORE);
	if (zipout_add(e->zip, "OEBPS/style.css", css, csslen, 1, DEFLATE_LEVEL) != 0 ||
	    epub_write_container(e) != 0 || epub_write_opf(e, npages) != 0 ||
	    epub_write_nav(e) != 0 || epub_write_ncx(e) != 0 || epub_write_title_page(e) != 0 ||
	    epub_write_cover_page(e) != 0 || epub_write_cover_image(e) != 0)
		return -1;
	size_t i = 0;
	OL_FOREACH(s, e->o->root) {
		progress_tick(e->d->progress, "pages", i, npages);
		if (epub_write_section_page(e, s, ++i) != 0)
			return -1;
	}
	progress_tick(e->d->progress, "compressing", 0, 0);
	return 0;
}

/* epub.mode, or -1 after reporting a bad value. */
static int
read_mode(const struct style *s, struct diag *d)
{
	static const char *const modes[] = { "inline", "selftest", NULL };
	return style_get_enum(s, "epub.mode", modes, MODE_INLINE, d);
}

static int
check_style(const struct style *s, struct diag *d)
{
	return read_mode(s, d) < 0 ? -1 : 0;
}

static enum backend_result
out_epub(const struct outline *o, const struct style *s,
    const struct backend_previous *prev, struct backend_sink *sink, struct diag *d)
{
	(void)prev;
	struct epub e;
	memset(&e, 0, sizeof(e));
	e.o = o;
	e.d = d;
	int mode = read_mode(s, d);
	if (mode < 0 || set_time(&e) != 0)
		return BACKEND_FAILED;
	e.mode = (enum epub_mode)mode;
	e.script = script_of(o->meta.lang);
	make_urn(&e);
	char *css;
	size_t csslen;
	if (style_read_file(s, "epub.css", &css, &csslen, d) != 0)
		return BACKEND_FAILED;

	e.zip = zipout_open("EPUB archive", e.built, d);
	if (e.zip == NULL) {
		free(css);
		return BACKEND_FAILED;
	}
	if (add_all(&e, css, csslen) != 0) {
		zipout_discard(e.zip);
		return BACKEND_FAILED;
	}
	return zipout_finish(e.zip, sink->fp) == 0 ? BACKEND_OK : backend_failed(sink);
}

static const char *const style_keys[] = { "epub.mode", NULL };

const struct backend backend_epub = {
	"epub", "epub", "an EPUB 3 e-book (EPUB 2 readers too), answers inline or as pop-up notes",
	NULL, style_keys, .check = check_style, .write = out_epub,
};
