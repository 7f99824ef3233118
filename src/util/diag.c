/* diag.c: print and count diagnostics, merging repeats (see diag.h). */
#include "diag.h"
#include "progress.h"
#include "xalloc.h"

#include <assert.h>
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
	return d->out != NULL || d->recording;
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

/* Keeps a message in a recording diag, whole (it was counted): its file
 * name and text in one block, the file first. */
static void
record(struct diag *d, int sys, enum diag_level lv, uint64_t key,
    const char *file, unsigned line, unsigned col, const char *fmt, va_list ap)
{
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	size_t flen = strlen(file), tlen = n > 0 ? (size_t)n : 0;
	char *block = xmalloc(flen + tlen + 2);
	memcpy(block, file, flen + 1);
	char *text = block + flen + 1;
	va_copy(aq, ap);
	vsnprintf(text, tlen + 1, fmt, aq);
	va_end(aq);
	if (d->nlog == d->logcap) {
		d->logcap = d->logcap ? 2 * d->logcap : 16;
		d->log = xrealloc(d->log, d->logcap * sizeof(*d->log));
	}
	d->log[d->nlog++] = (struct diag_entry){ sys, lv, key, line, col, block, text };
}

/* A message printed at a place: held for merging, or, when too long to
 * hold, printed whole now.  key is its kind (see kind_key). */
static void
vat(struct diag *d, enum diag_level lv, uint64_t key, const char *file,
    unsigned line, unsigned col, const char *fmt, va_list ap)
{
	if (d->recording) {
		record(d, 0, lv, key, file, line, col, fmt, ap);
		return;
	}
	char text[DIAG_TEXT_MAX];
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(text, sizeof(text), fmt, ap2);
	va_end(ap2);
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
	emit(d, lv, "", fmt, ap);
}

/* A message about the environment, printed at once. */
static void
vsys(struct diag *d, enum diag_level lv, uint64_t key, const char *fmt,
    va_list ap)
{
	if (d->recording) {
		record(d, 1, lv, key, "", 0, 0, fmt, ap);
		return;
	}
	diag_flush(d);
	va_list ap2;
	va_copy(ap2, ap);
	char text[DIAG_TEXT_MAX];
	vsnprintf(text, sizeof(text), fmt, ap2);
	va_end(ap2);
	if (may_print(d, lv, key, text, 1))
		emit(d, lv, "qbind", fmt, ap);
}

/* The level a message of the table is printed at, as -W sets it; 0 when
 * its class is off (the message is then dropped). */
static int
msg_level(const struct diag *d, enum msg code, const char *fmt,
    enum diag_level *lv)
{
	assert((unsigned)code < MSG__COUNT);
	const struct msg_info *m = &msg_table[code];
	/* The format the macro passed is the table's text (a copy of it). */
	assert(strcmp(fmt, m->text) == 0);
	(void)fmt;
	switch (m->sev) {
	case SEV_NOTE:
		*lv = DIAG_NOTE;
		return 1;
	case SEV_WARNING:
		break;
	default:
		*lv = DIAG_ERROR;
		return 1;
	}
	if (d->woff[m->wclass])
		return 0;
	unsigned char w = d->werror_class[m->wclass];
	int raised = w == DIAG_WERROR_AS_ALL ? d->werror : w == DIAG_WERROR_ON;
	*lv = raised ? DIAG_ERROR : DIAG_WARNING;
	return 1;
}

void
diag_vmsg(struct diag *d, enum msg code, const char *file, unsigned line,
    unsigned col, const char *fmt, va_list ap)
{
	enum diag_level lv;
	if (msg_level(d, code, fmt, &lv) && diag_count(d, lv))
		vat(d, lv, kind_key(lv, fmt), file, line, col, fmt, ap);
}

void
diag_msg_(const char *fmt, struct diag *d, enum msg code, const char *file,
    unsigned line, unsigned col, ...)
{
	va_list ap;
	va_start(ap, col);
	diag_vmsg(d, code, file, line, col, fmt, ap);
	va_end(ap);
}

void
diag_sys_(const char *fmt, struct diag *d, enum msg code, ...)
{
	enum diag_level lv;
	if (!msg_level(d, code, fmt, &lv) || !diag_count(d, lv))
		return;
	va_list ap;
	va_start(ap, code);
	vsys(d, lv, kind_key(lv, fmt), fmt, ap);
	va_end(ap);
}

/* The key of a message not in the table: "%s" carries messages that have
 * no arguments, whose text is then the kind. */
static uint64_t
raw_key(enum diag_level lv, const char *fmt, va_list ap)
{
	if (strcmp(fmt, "%s") != 0)
		return kind_key(lv, fmt);
	va_list ap2;
	va_copy(ap2, ap);
	uint64_t key = kind_key(lv, va_arg(ap2, const char *));
	va_end(ap2);
	return key;
}

void
diag_raw_at(struct diag *d, enum diag_level lv, const char *file,
    unsigned line, unsigned col, const char *fmt, ...)
{
	if (!diag_count(d, lv))
		return;
	va_list ap;
	va_start(ap, fmt);
	vat(d, lv, raw_key(lv, fmt, ap), file, line, col, fmt, ap);
	va_end(ap);
}

void
diag_raw_sys(struct diag *d, enum diag_level lv, const char *fmt, ...)
{
	if (!diag_count(d, lv))
		return;
	va_list ap;
	va_start(ap, fmt);
	vsys(d, lv, raw_key(lv, fmt, ap), fmt, ap);
	va_end(ap);
}

/* The class named name, or WCLASS_NONE. */
static enum wclass
find_wclass(const char *name)
{
	for (int c = 1; c < WCLASS__COUNT; c++)
		if (strcmp(name, wclass_table[c].name) == 0)
			return (enum wclass)c;
	return WCLASS_NONE;
}

const char *
diag_set_warnings(struct diag *d, const char *spec)
{
	if (strcmp(spec, "all") == 0) {
		memset(d->woff, 0, sizeof(d->woff));
		return NULL;
	}
	if (strcmp(spec, "error") == 0 || strcmp(spec, "no-error") == 0) {
		d->werror = spec[0] == 'e';
		return NULL;
	}
	int no = strncmp(spec, "no-", 3) == 0;
	const char *name = no ? spec + 3 : spec;
	int error = strncmp(name, "error=", 6) == 0;
	if (error)
		name += 6;
	enum wclass c = find_wclass(name);
	if (c == WCLASS_NONE)
		return name;
	if (error) {
		d->werror_class[c] = no ? DIAG_WERROR_OFF : DIAG_WERROR_ON;
		if (!no)
			d->woff[c] = 0;
	} else
		d->woff[c] = (unsigned char)no;
	return NULL;
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

void
diag_record(struct diag *d, const struct diag *like)
{
	diag_init(d, NULL);
	memcpy(d->woff, like->woff, sizeof(d->woff));
	memcpy(d->werror_class, like->werror_class, sizeof(d->werror_class));
	d->werror = like->werror;
	d->recording = 1;
}

/* One recorded message, into d as it was reported into the recorder. */
static void
replay_one(struct diag *d, const struct diag_entry *e, ...)
{
	if (!diag_count(d, e->lv))
		return;
	va_list ap;
	va_start(ap, e);
	if (e->sys)
		vsys(d, e->lv, e->key, "%s", ap);
	else
		vat(d, e->lv, e->key, e->file, e->line, e->col, "%s", ap);
	va_end(ap);
}

void
diag_replay(struct diag *rec, struct diag *d)
{
	for (size_t i = 0; i < rec->nlog; i++)
		replay_one(d, &rec->log[i], rec->log[i].text);
	diag_record_free(rec);
}

void
diag_record_free(struct diag *d)
{
	for (size_t i = 0; i < d->nlog; i++)
		free(d->log[i].file); /* the text too: one block */
	free(d->log);
	d->log = NULL;
	d->nlog = d->logcap = 0;
}
