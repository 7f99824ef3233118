/* suggest.c: the nearest known name (see suggest.h). */
#include "suggest.h"

#include <ctype.h>
#include <string.h>

/* Names and typos are short; longer words are not looked at. */
enum { MAX_LEN = 64 };

static int
same(char a, char b)
{
	return tolower((unsigned char)a) == tolower((unsigned char)b);
}

static unsigned
min3(unsigned a, unsigned b, unsigned c)
{
	unsigned m = a < b ? a : b;
	return m < c ? m : c;
}

/* The optimal string alignment distance of a and b (both at most
 * MAX_LEN bytes), case-blind: three rows of the usual table. */
static unsigned
distance(const char *a, size_t la, const char *b, size_t lb)
{
	unsigned rows[3][MAX_LEN + 1];
	unsigned *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
	for (size_t j = 0; j <= lb; j++)
		prev[j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = (unsigned)i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned cost = same(a[i - 1], b[j - 1]) ? 0 : 1;
			cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
			if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) &&
			    same(a[i - 2], b[j - 1]) && prev2[j - 2] + 1 < cur[j])
				cur[j] = prev2[j - 2] + 1;
		}
		unsigned *t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb];
}

void
suggest_init(struct suggest *s, const char *given)
{
	s->given = given;
	s->best = NULL;
	s->dist = 0;
}

void
suggest_add(struct suggest *s, const char *name)
{
	size_t lg = strlen(s->given), ln = strlen(name);
	if (lg == 0 || lg > MAX_LEN || ln > MAX_LEN)
		return;
	unsigned d = distance(s->given, lg, name, ln);
	unsigned most = (unsigned)(ln + 1) / 3;
	if (most == 0)
		most = 1;
	/* 0: the same but for case, worth saying too. */
	if (d > most || d >= lg)
		return;
	if (s->best == NULL || d < s->dist) {
		s->best = name;
		s->dist = d;
	}
}

void
suggest_add_all(struct suggest *s, const char *const *names)
{
	for (const char *const *n = names; n && *n; n++)
		suggest_add(s, *n);
}

const char *
suggest_best(const struct suggest *s)
{
	return s->best;
}

const char *
suggest_name(const char *given, const char *const *names)
{
	struct suggest s;
	suggest_init(&s, given);
	suggest_add_all(&s, names);
	return suggest_best(&s);
}
