/* man-diagnostics.c: writes the message lists of qbind.1's DIAGNOSTICS
 * section from src/util/messages.def.
 *
 * usage: man-diagnostics < qbind.1 > new.1
 * copies the page, replacing the lines from the BEGIN marker up to the
 * next .Sh with the lists; `make man` runs it, tests/check-messages.sh
 * fails when the page differs from what it writes.
 */
#include "messages.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char begin_mark[] =
    ".\\\" Generated from src/util/messages.def by make man: edit that file.\n";

/* One character of a message for an mdoc line. */
static void
put_char(const char *p)
{
	if (*p == '\\')
		fputs("\\e", stdout);
	else if (*p == '"')
		fputs("\\(dq", stdout);
	else if (strncmp(p, "\xE2\x80\xA6", 3) == 0)
		fputs("\\[u2026]", stdout);
	else
		putchar(*p);
}

/* The bytes put_char wrote for. */
static size_t
step(const char *p)
{
	return strncmp(p, "\xE2\x80\xA6", 3) == 0 ? 3 : 1;
}

/* The length of the printf conversion at p ('%'), and its placeholder. */
static size_t
conversion(const char *p, unsigned *nstr, unsigned *nnum, const char **ph)
{
	static const char *const strs[] = { "X", "Y", "Z", "W" };
	static const char *const nums[] = { "N", "M", "K", "L" };
	size_t n = 1, width = 0;
	while (strchr("0123456789.*-", p[n])) {
		if (p[n] >= '1' && p[n] <= '9' && width == 0)
			width = (size_t)(p[n] - '0');
		n++;
	}
	while (strchr("lzh", p[n]))
		n++;
	char c = p[n++];
	if (c == '%')
		*ph = "%";
	else if (c == 's')
		*ph = strs[(*nstr)++ % 4];
	else if (c == 'X')
		*ph = width == 4 ? "XXXX" : width == 2 ? "XX" : "X";
	else
		*ph = nums[(*nnum)++ % 4];
	return n;
}

/* The message as listed: its shown form, or its text with placeholders. */
static void
put_message(const struct msg_info *m)
{
	fputs(".It Dq ", stdout);
	if (m->shown[0]) {
		for (const char *p = m->shown; *p; p += step(p))
			put_char(p);
	} else {
		unsigned nstr = 0, nnum = 0;
		for (const char *p = m->text; *p;) {
			const char *ph;
			if (*p == '%') {
				p += conversion(p, &nstr, &nnum, &ph);
				fputs(ph, stdout);
			} else {
				put_char(p);
				p += step(p);
			}
		}
	}
	putchar('\n');
	if (m->wclass != WCLASS_NONE)
		printf("(class\n.Cm %s )\n", wclass_table[m->wclass].name);
	if (m->man[0])
		printf("%s\n", m->man);
}

static void
put_list(const char *title, const char *intro, enum msg_sev sev)
{
	printf(".Ss %s\n%s.Bl -tag -width Ds\n", title, intro);
	for (int i = 0; i < MSG__COUNT; i++)
		if (msg_table[i].sev == sev)
			put_message(&msg_table[i]);
	puts(".El");
}

static void
put_classes(void)
{
	puts(".Bl -tag -width hyphenation");
	for (int c = 1; c < WCLASS__COUNT; c++)
		printf(".It Cm %s\n%s.\n", wclass_table[c].name,
		    wclass_table[c].about);
	puts(".El");
}

static void
put_lists(void)
{
	fputs(begin_mark, stdout);
	put_list("Errors in the corpus (exit status 1)", "", SEV_ERROR);
	put_list("Errors on the command line (exit status 2)",
	    "Each is followed by the usage text.\n", SEV_USAGE);
	put_list("Errors in files and the environment (exit status 3)", "",
	    SEV_SYSTEM);
	fputs(".Ss Warnings\nThe run goes on.\nEach warning is of a class, which\n"
	    ".Fl W Cm no- Ns Ar class\nleaves out and\n"
	    ".Fl W Cm error= Ns Ar class\nmakes an error:\n", stdout);
	put_classes();
	put_list("Warnings by message", "", SEV_WARNING);
	put_list("Notes", "Not counted, and not printed with\n.Fl q .\n", SEV_NOTE);
}

int
main(void)
{
	char line[4096];
	int skipping = 0, found = 0;
	while (fgets(line, sizeof(line), stdin)) {
		if (strcmp(line, begin_mark) == 0) {
			put_lists();
			skipping = found = 1;
			continue;
		}
		if (skipping && strncmp(line, ".Sh ", 4) == 0)
			skipping = 0;
		if (!skipping)
			fputs(line, stdout);
	}
	if (!found) {
		fprintf(stderr, "man-diagnostics: no line '%.*s' in the page\n",
		    (int)strlen(begin_mark) - 1, begin_mark);
		return 1;
	}
	return ferror(stdout) || fflush(stdout) != 0;
}
