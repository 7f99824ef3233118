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
	unsigned line;       /* in style.conf; 0: from the command line (-D) */
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
/* A "key=value" from the command line (-D), which wins over style.conf.
 * An unknown key is an error here, not a warning. */
int style_override(struct style *s, const char *assignment,
    const char *const *keys, struct diag *d);
void style_close(struct style *s);

/* Setting names are "backend.key" (epub.mode, pdf.paper, anki.reverse).
 * The last assignment wins; def when the key is not set. */
const char *style_get(const struct style *s, const char *key, const char *def);
/* The index in choices (NULL-terminated) of the key's value, in any
 * case; def when not set; -1 after reporting a value that is not one of
 * them. */
int style_get_enum(const struct style *s, const char *key,
    const char *const *choices, int def, struct diag *d);
/* A switch: 1 for yes, true, on or 1, 0 for no, false, off or 0, in any
 * case; def when not set; -1 after reporting another value. */
int style_get_bool(const struct style *s, const char *key, int def,
    struct diag *d);
/* A whole number in [min, max]; def when not set; -1 after reporting. */
int style_get_long(const struct style *s, const char *key, long min, long max,
    long def, long *out, struct diag *d);
/* A length with a unit (mm, cm, in, pt; a bare number is pt) in PDF
 * points, in [min, max] points; def when not set; -1 after reporting. */
int style_get_length(const struct style *s, const char *key, double min,
    double max, double def, double *out, struct diag *d);
/* Reads the style's file 'name' (a CSS, a card template) into *out,
 * NUL-terminated, *len bytes; the caller frees it.  A missing or
 * unreadable file is reported, naming the path: -1. */
int style_read_file(const struct style *s, const char *name, char **out,
    size_t *len, struct diag *d);

#endif
