/* diag.c: print and count diagnostics, merging repeats (see diag.h). */
#include "diag.h"
#include "progress.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *const level_name[] = { "note", "warning", "error" };
static const char *const level_plural[] = { "notes", "warnings", "errors" };

void
diag_init(struct diag *d, FILE *out)
{
	memset(d, 0, sizeof(*d));
	d->out = out;
	d->max_shown = 200;
}

/* Counts the message; returns whether it may be printed at all. */
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
	return d->out != NULL;
}

/* FNV-1a of the level and the format: the kind of a message. */
static uint64_t
kind_key(enum diag_level lv, const char *fmt)
{
	uint64_t h = 14695981039346656037ULL ^ (uint64_t)lv;
	for (const char *p = fmt; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	return h ? h : 1;
}

/* The words a kind is known by in its note: the message up to its first
 * ':', ';', " (" or " '" (what follows is the detail of one case), cut
 * between UTF-8 characters to fit. */
static void
set_label(char *label, size_t size, const char *text)
{
	size_t n = 0;
	while (text[n] && text[n] != ':' && text[n] != ';' &&
	    !(text[n] == ' ' && (text[n + 1] == '(' || text[n + 1] == '\'')))
		n++;
	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(label, text, n);
	label[n] = '\0';
}

/* The slot of a kind, claimed on first use; NULL when every slot is
 * taken (that kind then goes unlimited). */
static struct diag_kind *
find_kind(struct diag *d, enum diag_level lv, uint64_t key, const char *text)
{
	for (size_t i = 0; i < DIAG_KINDS; i++) {
		struct diag_kind *k = &d->kinds[i];
		if (k->key == key)
			return k;
		if (k->key == 0) {
			k->key = key;
			k->level = lv;
			set_label(k->label, sizeof(k->label), text);
			return k;
		}
	}
	return NULL;
}

/* Whether a line of this kind, standing for count messages, is printed
 * now: within its kind's limit and the overall one. */
static int
may_print(struct diag *d, enum diag_level lv, uint64_t key, const char *text,
    unsigned count)
{
	struct diag_kind *k = find_kind(d, lv, key, text);
	if (k && k->shown >= DIAG_KIND_MAX) {
		k->hidden += count;
		return 0;
	}
	if (d->max_shown && d->nshown >= d->max_shown) {
		if (d->nshown++ == d->max_shown) {
			progress_clear(d->progress);
			fprintf(d->out, "qbind: note: too many messages; "
			    "the rest are counted but not shown\n");
		}
		return 0;
	}
	if (k)
		k->shown++;
	d->nshown++;
	progress_clear(d->progress);
	return 1;
}

/* Whether the merged lines are few and not one run, so worth naming. */
static int
list_lines(const struct diag_pending *p)
{
	const unsigned cap = sizeof(p->lines) / sizeof(*p->lines);
	return p->nlines <= cap && p->max_line - p->min_line + 1 != p->nlines;
}

/* Prints the held message: where it is, what, and how often. */
static void
print_pending(struct diag *d)
{
	const struct diag_pending *p = &d->pending;
	fputs(p->file, d->out);
	if (p->count > 1 && p->min_line != p->max_line)
		fprintf(d->out, ":%u-%u", p->min_line, p->max_line);
	else if (p->line && p->col)
		fprintf(d->out, ":%u:%u", p->line, p->col);
	else if (p->line)
		fprintf(d->out, ":%u", p->line);
	fprintf(d->out, ": %s: %s", level_name[p->lv], p->text);
	if (p->count > 1 && p->min_line == p->max_line)
		fprintf(d->out, " (%u times)", p->count);
	else if (p->count > 1 && p->nlines == p->count && list_lines(p)) {
		/* A few lines with gaps between them: the range alone would
		 * hide which. */
		for (unsigned i = 0; i < p->nlines; i++)
			fprintf(d->out, "%s%u", i ? ", " : " (lines ", p->lines[i]);
		fputc(')', d->out);
	} else if (p->count > 1 && p->nlines == p->count)
		fprintf(d->out, " (%u lines)", p->count);
	else if (p->count > 1)
		fprintf(d->out, " (%u times on %u lines)", p->count, p->nlines);
	fputc('\n', d->out);
}

void
diag_flush(struct diag *d)
{
	struct diag_pending *p = &d->pending;
	if (!p->active)
		return;
	p->active = 0;
	if (may_print(d, p->lv, p->key, p->text, p->count))
		print_pending(d);
}

/* Whether the message repeats the held one, which then stands for it. */
static int
merge(struct diag *d, enum diag_level lv, const char *file, unsigned line,
    const char *text)
{
	struct diag_pending *p = &d->pending;
	if (!p->active || p->lv != lv || strcmp(p->file, file) != 0 ||
	    strcmp(p->text, text) != 0)
		return 0;
	p->count++;
	if (line != p->last_line) {
		if (p->nlines < sizeof(p->lines) / sizeof(*p->lines))
			p->lines[p->nlines] = line;
		p->nlines++;
	}
	p->last_line = line;
	if (line < p->min_line)
		p->min_line = line;
	if (line > p->max_line)
		p->max_line = line;
	return 1;
}

static void
hold(struct diag *d, enum diag_level lv, uint64_t key, const char *file,
    unsigned line, unsigned col, const char *text)
{
	struct diag_pending *p = &d->pending;
	p->active = 1;
	p->lv = lv;
	p->key = key;
	p->line = p->min_line = p->max_line = p->last_line = line;
	p->col = col;
	p->count = p->nlines = 1;
	p->lines[0] = line;
	snprintf(p->file, sizeof(p->file), "%s", file);
	snprintf(p->text, sizeof(p->text), "%s", text);
}

/* One line, printed at once: where, level, the message from fmt. */
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
	char text[DIAG_TEXT_MAX];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	/* "%s" carries messages that have no arguments: the text is the kind. */
	uint64_t key = kind_key(lv, strcmp(fmt, "%s") == 0 ? text : fmt);
	if (n >= 0 && (size_t)n < sizeof(text) && strlen(file) < DIAG_TEXT_MAX) {
		if (!merge(d, lv, file, line, text)) {
			diag_flush(d);
			hold(d, lv, key, file, line, col, text);
		}
		return;
	}
	/* Too long to hold: printed whole, now. */
	diag_flush(d);
	if (!may_print(d, lv, key, text, 1))
		return;
	fputs(file, d->out);
	if (line && col)
		fprintf(d->out, ":%u:%u", line, col);
	else if (line)
		fprintf(d->out, ":%u", line);
	va_start(ap, fmt);
	emit(d, lv, "", fmt, ap);
	va_end(ap);
}

void
diag_sys(struct diag *d, enum diag_level lv, const char *fmt, ...)
{
	if (!diag_count(d, lv))
		return;
	diag_flush(d);
	char text[DIAG_TEXT_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (!may_print(d, lv, kind_key(lv, strcmp(fmt, "%s") == 0 ? text : fmt), text, 1))
		return;
	va_start(ap, fmt);
	emit(d, lv, "qbind", fmt, ap);
	va_end(ap);
}

void
diag_info(struct diag *d, const char *fmt, ...)
{
	diag_flush(d);
	if (d->out == NULL || d->quiet_warnings)
		return;
	progress_clear(d->progress);
	va_list ap;
	va_start(ap, fmt);
	fputs("qbind: ", d->out);
	vfprintf(d->out, fmt, ap);
	fputc('\n', d->out);
	va_end(ap);
}

void
diag_summary(struct diag *d)
{
	diag_flush(d);
	if (d->out == NULL)
		return;
	progress_clear(d->progress);
	for (size_t i = 0; i < DIAG_KINDS && d->kinds[i].key; i++) {
		const struct diag_kind *k = &d->kinds[i];
		if (k->hidden == 0)
			continue;
		fprintf(d->out, "qbind: note: %u more %s like '%s' not shown\n",
		    k->hidden, level_plural[k->level], k->label);
	}
	if (d->nerrors + (d->quiet_warnings ? 0 : d->nwarnings) == 0)
		return;
	fprintf(d->out, "qbind: %u error%s, %u warning%s\n",
	    d->nerrors, d->nerrors == 1 ? "" : "s",
	    d->nwarnings, d->nwarnings == 1 ? "" : "s");
}

/* The progress line's hook: a held message goes out before it is drawn. */
static void
flush_hook(void *ctx)
{
	diag_flush(ctx);
}

void
diag_attach_progress(struct diag *d, struct progress *p)
{
	d->progress = p;
	if (p) {
		p->before_draw = flush_hook;
		p->before_draw_ctx = d;
	}
}

int
diag_hold(struct diag *d)
{
	if (d->out == NULL || d->held_out != NULL)
		return 0;
	diag_flush(d);
	FILE *mem = open_memstream(&d->held, &d->held_len);
	if (mem == NULL)
		return -1;
	d->held_out = d->out;
	d->out = mem;
	return 0;
}

void
diag_release(struct diag *d)
{
	if (d->held_out == NULL)
		return;
	diag_flush(d);
	fclose(d->out);
	d->out = d->held_out;
	d->held_out = NULL;
	progress_clear(d->progress);
	fwrite(d->held, 1, d->held_len, d->out);
	free(d->held);
	d->held = NULL;
	d->held_len = 0;
}
