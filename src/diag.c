/* diag.c: print and count diagnostics. */
#include "diag.h"
#include "progress.h"

#include <stdarg.h>

static const char *const level_name[] = { "note", "warning", "error" };

void
diag_init(struct diag *d, FILE *out)
{
	d->out = out;
	d->nerrors = d->nwarnings = d->nshown = 0;
	d->max_shown = 200;
	d->quiet_warnings = 0;
	d->progress = NULL;
}

/* Counts the message; returns whether it should be printed. */
static int
diag_count(struct diag *d, enum diag_level lv)
{
	if (lv == DIAG_ERROR)
		d->nerrors++;
	else if (lv == DIAG_WARNING) {
		d->nwarnings++;
		if (d->quiet_warnings)
			return 0;
	}
	if (d->out == NULL)
		return 0;
	progress_clear(d->progress);
	if (d->max_shown && d->nshown >= d->max_shown) {
		if (d->nshown++ == d->max_shown)
			fprintf(d->out, "qbind: note: too many messages; "
			    "the rest are counted but not shown\n");
		return 0;
	}
	d->nshown++;
	return 1;
}

static void
emit(struct diag *d, enum diag_level lv, const char *where, const char *fmt,
    va_list ap)
{
	fprintf(d->out, "%s: %s: ", where, level_name[lv]);
	vfprintf(d->out, fmt, ap);
	fputc('\n', d->out);
}

void
diag_at(struct diag *d, enum diag_level lv, const char *file, unsigned line,
    unsigned col, const char *fmt, ...)
{
	if (!diag_count(d, lv))
		return;
	char where[4096];
	if (line == 0)
		snprintf(where, sizeof(where), "%s", file);
	else if (col == 0)
		snprintf(where, sizeof(where), "%s:%u", file, line);
	else
		snprintf(where, sizeof(where), "%s:%u:%u", file, line, col);
	va_list ap;
	va_start(ap, fmt);
	emit(d, lv, where, fmt, ap);
	va_end(ap);
}

void
diag_sys(struct diag *d, enum diag_level lv, const char *fmt, ...)
{
	if (!diag_count(d, lv))
		return;
	va_list ap;
	va_start(ap, fmt);
	emit(d, lv, "qbind", fmt, ap);
	va_end(ap);
}

void
diag_summary(struct diag *d)
{
	if (d->out == NULL || d->nerrors + (d->quiet_warnings ? 0 : d->nwarnings) == 0)
		return;
	progress_clear(d->progress);
	fprintf(d->out, "qbind: %u error%s, %u warning%s\n",
	    d->nerrors, d->nerrors == 1 ? "" : "s",
	    d->nwarnings, d->nwarnings == 1 ? "" : "s");
}
