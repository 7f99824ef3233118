/* backend.c: the table of output formats, and the outline dumps' rows. */
#include "backend.h"
#include "out_apkg.h"
#include "out_epub.h"
#include "out_pdf.h"
#include "qbind.h"

#include <errno.h>

static const char *const no_keys[] = { NULL };

/* The dumps have no settings and cannot fail but for the stream. */
static enum backend_result
dump(const struct outline *o, enum dump_format fmt, struct backend_sink *sink)
{
	if (out_outline(o, fmt, sink->fp) == 0)
		return BACKEND_OK;
	sink->err = errno ? errno : EIO;
	return BACKEND_WRITE_ERROR;
}

static enum backend_result
dump_text(const struct outline *o, const struct style *s,
    const struct backend_previous *prev, struct backend_sink *sink, struct diag *d)
{
	(void)s, (void)prev, (void)d;
	return dump(o, DUMP_TEXT, sink);
}

static enum backend_result
dump_xml(const struct outline *o, const struct style *s,
    const struct backend_previous *prev, struct backend_sink *sink, struct diag *d)
{
	(void)s, (void)prev, (void)d;
	return dump(o, DUMP_XML, sink);
}

static enum backend_result
dump_json(const struct outline *o, const struct style *s,
    const struct backend_previous *prev, struct backend_sink *sink, struct diag *d)
{
	(void)s, (void)prev, (void)d;
	return dump(o, DUMP_JSON, sink);
}

/* The text dump is "text" to the outline command. */
static const char *const text_aliases[] = { "text", "txt", NULL };

static const struct backend backend_text = {
	"outline", "outline.txt", "the outline as an indented tree with line:col",
	text_aliases, no_keys, .is_dump = 1, .write = dump_text,
};
static const struct backend backend_xml = {
	"xml", "outline.xml", "the outline as XML, for tools",
	NULL, no_keys, .is_dump = 1, .write = dump_xml,
};
static const struct backend backend_json = {
	"json", "outline.json", "the outline as JSON, for tools",
	NULL, no_keys, .is_dump = 1, .write = dump_json,
};

/* The order is the one users see: steps of the progress line, messages,
 * --stats lines, bits of build_opts.formats.  NULL-terminated. */
static const struct backend *const backends[] = {
	&backend_text, &backend_xml, &backend_json,
	&backend_apkg, &backend_epub, &backend_pdf, NULL
};

const struct backend *
backend_at(size_t i)
{
	for (size_t k = 0; k < i; k++)
		if (backends[k] == NULL)
			return NULL;
	return backends[i];
}

enum backend_result
backend_failed(struct backend_sink *sink)
{
	if (!ferror(sink->fp))
		return BACKEND_FAILED;
	sink->err = errno ? errno : EIO;
	return BACKEND_WRITE_ERROR;
}
