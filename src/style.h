/* style.h: a style is a folder of what each backend needs (style.conf with
 * settings, CSS, card templates).  --style takes a name, looked up in the
 * style folders, or a path to a folder. */
#ifndef QBIND_STYLE_H
#define QBIND_STYLE_H

#include <stddef.h>

struct diag;

struct style_setting {
	char *key;
	char *value;
	unsigned line;
};

struct style {
	char *name;
	char *dir;           /* the style's folder */
	char *conf;          /* dir/style.conf */
	struct style_setting *settings;
	size_t nsettings;
};

/* spec: a name ("default") or a path with a '/' in it.  exe: the path of
 * the running binary (/proc/self/exe), to find styles beside it, or NULL.
 * keys: the settings the backends read, NULL-terminated; others are
 * reported as unknown. */
int style_open(struct style *s, const char *spec, const char *exe,
    const char *const *keys, struct diag *d);
void style_close(struct style *s);

#endif
