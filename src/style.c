/* style.c: find a style folder and read its style.conf. */
#include "style.h"
#include "buf.h"
#include "diag.h"
#include "xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
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

static int
read_conf(struct style *s, const char *const *keys, struct diag *d)
{
	FILE *fp = fopen(s->conf, "r");
	if (fp == NULL) {
		diag_sys(d, DIAG_ERROR, "style '%s': cannot read '%s': %s", s->name,
		    s->conf, strerror(errno));
		return -1;
	}
	char line[4096];
	unsigned no = 0;
	size_t cap = 0;
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
			diag_at(d, DIAG_ERROR, s->conf, no, 1, "expected 'key = value'");
			continue;
		}
		char *k = p, *kend = eq, *v = eq + 1;
		while (kend > k && (kend[-1] == ' ' || kend[-1] == '\t'))
			kend--;
		*kend = '\0';
		while (*v == ' ' || *v == '\t')
			v++;
		if (!known(k, keys))
			diag_at(d, DIAG_WARNING, s->conf, no, 1,
			    "unknown style setting '%s' ignored", k);
		if (s->nsettings == cap) {
			cap = cap ? cap * 2 : 16;
			s->settings = xrealloc(s->settings, cap * sizeof(*s->settings));
		}
		struct style_setting *st = &s->settings[s->nsettings++];
		st->key = xstrdup(k);
		st->value = xstrdup(v);
		st->line = no;
	}
	int bad = ferror(fp);
	fclose(fp);
	if (bad) {
		diag_sys(d, DIAG_ERROR, "style '%s': cannot read '%s'", s->name, s->conf);
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
			diag_sys(d, DIAG_ERROR, "style folder '%s' does not exist", spec);
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
			diag_sys(d, DIAG_ERROR, "style '%s' not found (looked in %s; "
			    "--style also takes a path to a style folder)", spec, list.ptr);
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
