/* style.c: find a style folder and read its style.conf. */
#include "style.h"
#include "buf.h"
#include "diag.h"
#include "suggest.h"
#include "xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdio.h>
#include <sys/stat.h>

#ifndef QBIND_DATADIR
#define QBIND_DATADIR "/usr/local/share/qbind"
#endif

/* The keys of the style itself; backends bring their own (see
 * pipeline.c), so that a typo is reported instead of silently ignored. */
static const char *const style_own_keys[] = { "name", "description", NULL };

static int
known(const char *key, const char *const *backend_keys)
{
	for (const char *const *k = style_own_keys; *k; k++)
		if (strcmp(*k, key) == 0)
			return 1;
	for (const char *const *k = backend_keys; k && *k; k++)
		if (strcmp(*k, key) == 0)
			return 1;
	return 0;
}

/* The known key nearest to a mistyped one, or NULL. */
static const char *
nearest_key(const char *key, const char *const *backend_keys)
{
	struct suggest s;
	suggest_init(&s, key);
	suggest_add_all(&s, style_own_keys);
	suggest_add_all(&s, backend_keys);
	return suggest_best(&s);
}

static int
is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folders a style name is looked up in, in order, into b as
 * NUL-separated strings; returns how many. */
static size_t
search_dirs(struct buf *b, const char *exe)
{
	size_t n = 0;
	const char *env = getenv("QBIND_STYLE_PATH");
	if (env && *env) {
		for (const char *p = env; *p;) {
			const char *colon = strchr(p, ':');
			size_t len = colon ? (size_t)(colon - p) : strlen(p);
			if (len) {
				buf_put(b, p, len);
				buf_putc(b, '\0');
				n++;
			}
			p += len + (colon != NULL);
		}
	}
	if (exe) {
		const char *slash = strrchr(exe, '/');
		size_t len = slash ? (size_t)(slash - exe) : 0;
		/* out/qbind in the source tree finds out/../styles; an installed
		 * PREFIX/bin/qbind finds PREFIX/share/qbind/styles. */
		buf_put(b, exe, len);
		BUF_PUTSL(b, "/../styles");
		buf_putc(b, '\0');
		buf_put(b, exe, len);
		BUF_PUTSL(b, "/../share/qbind/styles");
		buf_putc(b, '\0');
		n += 2;
	}
	buf_puts(b, QBIND_DATADIR "/styles");
	buf_putc(b, '\0');
	return n + 1;
}

static void
add_setting(struct style *s, const char *key, const char *value, unsigned line)
{
	/* Capacity is 16, then doubles: full when the count is 0 or a power
	 * of two from 16 on. */
	size_t n = s->nsettings;
	if (n == 0 || (n >= 16 && (n & (n - 1)) == 0))
		s->settings = xrealloc(s->settings,
		    (n ? n * 2 : 16) * sizeof(*s->settings));
	struct style_setting *st = &s->settings[s->nsettings++];
	st->key = xstrdup(key);
	st->value = xstrdup(value);
	st->line = line;
}

static int
read_conf(struct style *s, const char *const *keys, struct diag *d)
{
	FILE *fp = fopen(s->conf, "r");
	if (fp == NULL) {
		diag_sys(d, MSG_STYLE_UNREADABLE, s->name,
		    s->conf, strerror(errno));
		return -1;
	}
	char line[4096];
	unsigned no = 0;
	unsigned errors = d->nerrors;
	while (fgets(line, sizeof(line), fp)) {
		no++;
		char *p = line, *end = line + strlen(line);
		while (end > p && (end[-1] == '\n' || end[-1] == '\r' ||
		    end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || *p == '#')
			continue;
		char *eq = strchr(p, '=');
		if (eq == NULL) {
			diag_msg(d, MSG_STYLE_NOT_KEY_VALUE, s->conf, no, 1);
			continue;
		}
		char *k = p, *kend = eq, *v = eq + 1;
		while (kend > k && (kend[-1] == ' ' || kend[-1] == '\t'))
			kend--;
		*kend = '\0';
		while (*v == ' ' || *v == '\t')
			v++;
		if (!known(k, keys)) {
			const char *near = nearest_key(k, keys);
			diag_msg(d, MSG_STYLE_UNKNOWN_KEY, s->conf, no, 1, k,
			    near ? " (did you mean '" : "", near ? near : "",
			    near ? "'?)" : "");
		}
		add_setting(s, k, v, no);
	}
	int bad = ferror(fp);
	fclose(fp);
	if (bad) {
		diag_sys(d, MSG_STYLE_READ_FAILED, s->name, s->conf);
		return -1;
	}
	return d->nerrors == errors ? 0 : -1;
}

int
style_open(struct style *s, const char *spec, const char *exe,
    const char *const *keys, struct diag *d)
{
	memset(s, 0, sizeof(*s));
	s->name = xstrdup(spec);
	if (strchr(spec, '/') != NULL) {
		if (!is_dir(spec)) {
			diag_sys(d, MSG_STYLE_DIR_MISSING, spec);
			return -1;
		}
		s->dir = xstrdup(spec);
	} else {
		struct buf dirs = BUF_INIT, path = BUF_INIT;
		size_t n = search_dirs(&dirs, exe);
		const char *p = dirs.ptr;
		for (size_t i = 0; i < n && s->dir == NULL; i++, p += strlen(p) + 1) {
			buf_clear(&path);
			buf_printf(&path, "%s/%s", p, spec);
			if (is_dir(path.ptr))
				s->dir = buf_detach(&path);
		}
		if (s->dir == NULL) {
			struct buf list = BUF_INIT;
			p = dirs.ptr;
			for (size_t i = 0; i < n; i++, p += strlen(p) + 1)
				buf_printf(&list, "%s%s", i ? ", " : "", p);
			diag_sys(d, MSG_STYLE_NOT_FOUND, spec, list.ptr);
			buf_free(&list);
		}
		buf_free(&dirs);
		buf_free(&path);
		if (s->dir == NULL)
			return -1;
	}
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s/style.conf", s->dir);
	s->conf = buf_detach(&b);
	return read_conf(s, keys, d);
}

void
style_close(struct style *s)
{
	for (size_t i = 0; i < s->nsettings; i++) {
		free(s->settings[i].key);
		free(s->settings[i].value);
	}
	free(s->settings);
	free(s->name);
	free(s->dir);
	free(s->conf);
	memset(s, 0, sizeof(*s));
}

int
style_override(struct style *s, const char *assignment,
    const char *const *keys, struct diag *d)
{
	const char *eq = strchr(assignment, '=');
	if (eq == NULL || eq == assignment) {
		diag_sys(d, MSG_SET_NOT_KEY_VALUE, assignment);
		return -1;
	}
	char *k = xstrndup(assignment, (size_t)(eq - assignment));
	int rc = 0;
	if (!known(k, keys)) {
		const char *near = nearest_key(k, keys);
		diag_sys(d, MSG_SET_UNKNOWN_KEY, k,
		    near ? " (did you mean '" : "", near ? near : "",
		    near ? "'?)" : "");
		rc = -1;
	} else
		add_setting(s, k, eq + 1, 0);
	free(k);
	return rc;
}

static const struct style_setting *
find(const struct style *s, const char *key)
{
	for (size_t i = s->nsettings; i-- > 0;)
		if (strcmp(s->settings[i].key, key) == 0)
			return &s->settings[i];
	return NULL;
}

const char *
style_get(const struct style *s, const char *key, const char *def)
{
	const struct style_setting *st = find(s, key);
	return st ? st->value : def;
}

/* Reports a bad value where it was set: style.conf:line or -D. */
static void
bad_value(const struct style *s, const struct style_setting *st,
    struct diag *d, const char *why)
{
	if (st->line)
		diag_msg(d, MSG_STYLE_BAD_VALUE, s->conf, st->line, 1,
		    st->key, st->value, why);
	else
		diag_sys(d, MSG_SET_BAD_VALUE, st->key, st->value, why);
}

int
style_get_enum(const struct style *s, const char *key,
    const char *const *choices, int def, struct diag *d)
{
	const struct style_setting *st = find(s, key);
	if (st == NULL)
		return def;
	for (int i = 0; choices[i]; i++)
		if (strcasecmp(choices[i], st->value) == 0)
			return i;
	struct buf b = BUF_INIT;
	for (int i = 0; choices[i]; i++)
		buf_printf(&b, "%s%s", i ? ", " : "expected one of ", choices[i]);
	bad_value(s, st, d, b.ptr);
	buf_free(&b);
	return -1;
}

int
style_get_bool(const struct style *s, const char *key, int def, struct diag *d)
{
	/* Index i of either list means the same: yes/no, true/false, … */
	static const char *const yes[] = { "yes", "true", "on", "1", NULL };
	static const char *const no[] = { "no", "false", "off", "0", NULL };
	const struct style_setting *st = find(s, key);
	if (st == NULL)
		return def;
	for (int i = 0; yes[i]; i++) {
		if (strcasecmp(yes[i], st->value) == 0)
			return 1;
		if (strcasecmp(no[i], st->value) == 0)
			return 0;
	}
	bad_value(s, st, d, "expected yes or no (or true, false, on, off, 1, 0)");
	return -1;
}

int
style_get_long(const struct style *s, const char *key, long min, long max,
    long def, long *out, struct diag *d)
{
	const struct style_setting *st = find(s, key);
	*out = def;
	if (st == NULL)
		return 0;
	char *end;
	errno = 0;
	long v = strtol(st->value, &end, 10);
	if (end == st->value || *end != '\0' || errno || v < min || v > max) {
		char why[96];
		snprintf(why, sizeof(why), "expected a whole number from %ld to %ld",
		    min, max);
		bad_value(s, st, d, why);
		return -1;
	}
	*out = v;
	return 0;
}

int
style_get_length(const struct style *s, const char *key, double min,
    double max, double def, double *out, struct diag *d)
{
	static const struct { const char *unit; double pt; } units[] = {
		{ "pt", 1.0 }, { "mm", 72.0 / 25.4 }, { "cm", 72.0 / 2.54 },
		{ "in", 72.0 }, { "", 1.0 },
	};
	const struct style_setting *st = find(s, key);
	*out = def;
	if (st == NULL)
		return 0;
	char *end;
	errno = 0;
	double v = strtod(st->value, &end);
	while (*end == ' ')
		end++;
	size_t i = 0;
	while (i < sizeof(units) / sizeof(*units) && strcmp(units[i].unit, end) != 0)
		i++;
	if (end == st->value || errno || i == sizeof(units) / sizeof(*units) ||
	    !(v * units[i].pt >= min && v * units[i].pt <= max)) {
		char why[128];
		snprintf(why, sizeof(why), "expected a length from %.1fmm to %.1fmm "
		    "(units: mm, cm, in, pt)", min * 25.4 / 72.0, max * 25.4 / 72.0);
		bad_value(s, st, d, why);
		return -1;
	}
	*out = v * units[i].pt;
	return 0;
}

int
style_read_file(const struct style *s, const char *name, char **out,
    size_t *len, struct diag *d)
{
	enum { MAX_STYLE_FILE = 1 << 20 };
	struct buf path = BUF_INIT, b = BUF_INIT;
	buf_printf(&path, "%s/%s", s->dir, name);
	const char *why = NULL;
	FILE *fp = fopen(path.ptr, "rb");
	if (fp == NULL)
		why = strerror(errno);
	else {
		char chunk[8192];
		size_t n;
		while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0 && b.len <= MAX_STYLE_FILE)
			buf_put(&b, chunk, n);
		if (ferror(fp))
			why = "read error";
		else if (b.len > MAX_STYLE_FILE)
			why = "larger than 1 MiB";
		fclose(fp);
	}
	int rc = 0;
	if (why) {
		diag_sys(d, MSG_STYLE_UNREADABLE, s->name,
		    path.ptr, why);
		buf_free(&b);
		rc = -1;
	}
	*len = b.len;
	*out = rc ? NULL : buf_detach(&b);
	buf_free(&path);
	return rc;
}
