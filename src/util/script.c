/* script.c: runs of another script than the document's (see script.h). */
#include "script.h"
#include "utf8.h"

#include <string.h>
#include <strings.h>

/* Languages written in Cyrillic; the rest of those qbind meets are
 * written in Latin letters. */
static const char *const cyrillic_langs[] = {
	"ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "tg", "mn", "tt",
	"ba", "cv", "ce", "os", "sah",
};

/* Whether tag's primary subtag is p ("ru" in "ru-RU"). */
static int
primary_is(const char *tag, const char *p)
{
	size_t n = strlen(p);
	return strncasecmp(tag, p, n) == 0 && (tag[n] == '\0' || tag[n] == '-');
}

/* Latin-script languages: their letters are only Latin, and the tag
 * alone cannot say more.  A tag of two or three ASCII letters that is
 * not a Cyrillic one counts, but for those known to use other scripts. */
static const char *const other_langs[] = {
	"el", "ja", "zh", "ko", "ar", "he", "fa", "hi", "th", "ka", "hy",
	"am", "bn", "ta", "te", "ur", "yi",
};

struct script
script_of(const char *lang)
{
	struct script sc = { SCRIPT_NONE, NULL };
	if (lang == NULL || *lang == '\0')
		return sc;
	for (size_t i = 0; i < sizeof(cyrillic_langs) / sizeof(*cyrillic_langs); i++)
		if (primary_is(lang, cyrillic_langs[i]))
			return (struct script){ SCRIPT_CYRILLIC, "en" };
	for (size_t i = 0; i < sizeof(other_langs) / sizeof(*other_langs); i++)
		if (primary_is(lang, other_langs[i]))
			return sc;
	return (struct script){ SCRIPT_LATIN, "ru" };
}

/* The script of letter cp, SCRIPT_NONE for anything else (digits,
 * punctuation, combining marks, other scripts). */
static int
script_of_cp(uint32_t cp)
{
	if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z'))
		return SCRIPT_LATIN;
	if (cp < 0xC0)
		return SCRIPT_NONE;
	if ((cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
	    (cp >= 0x1E00 && cp <= 0x1EFF))
		return SCRIPT_LATIN;
	if ((cp >= 0x400 && cp <= 0x52F) || (cp >= 0x1C80 && cp <= 0x1C8F) ||
	    (cp >= 0x2DE0 && cp <= 0x2DFF) || (cp >= 0xA640 && cp <= 0xA69F))
		return SCRIPT_CYRILLIC;
	return SCRIPT_NONE;
}

size_t
script_next(const struct script *sc, const char *s, size_t len,
    const char **lang)
{
	const char *p = s, *e = s + len, *stop = e;
	int first = SCRIPT_NONE;   /* the script of the run's first letter */
	const char *last = s;      /* after its last letter of that script */
	if (sc->doc == SCRIPT_NONE) {
		*lang = NULL;
		return len;
	}
	while (p < e) {
		const char *c = p;
		int k = script_of_cp(utf8_next(&p));
		if (k == SCRIPT_NONE)
			continue;
		/* Neither script before a foreign first letter: a run of its
		 * own; before a native one, part of it. */
		if (first == SCRIPT_NONE && k != sc->doc && c > s) {
			*lang = NULL;
			return (size_t)(c - s);
		}
		if (first != SCRIPT_NONE && k != first) {
			stop = c;
			break;
		}
		first = k;
		last = p;
	}
	if (first == SCRIPT_NONE) {
		*lang = NULL;
		return len;
	}
	if (first == sc->doc) {
		/* Up to the next foreign letter, or the end. */
		*lang = "";
		return (size_t)(stop - s);
	}
	*lang = sc->foreign;
	return (size_t)(last - s);
}
