/* hyph.h: hyphenation points from libhyphen's pattern dictionaries.
 *
 * Cyrillic words go to the Russian patterns and Latin words to the
 * English ones, whatever the document's language, since the corpus mixes
 * them ("горутина", "goroutine").  Dictionaries come in their own 8-bit
 * charset (Debian: hyph_ru_RU.dic is KOI8-R) or UTF-8, as their first
 * line says; words are converted to it with iconv.
 */
#ifndef QBIND_HYPH_H
#define QBIND_HYPH_H

#include <stddef.h>
#include <stdint.h>

struct diag;
struct hyph;

/* Loads the patterns from dir (NULL: /usr/share/hyphen).  The document
 * language's dictionary must be there (an error naming the file and the
 * Debian package, NULL); the other one is loaded when first needed and
 * used when present. */
struct hyph *hyph_open(const char *dir, const char *lang, struct diag *d);
void hyph_close(struct hyph *h);

/* Where the word s[0..len) (letters of one script, UTF-8) may take a
 * hyphen: brk[i] is set to 1 when a break may come before byte i, else
 * left alone. */
void hyph_points(struct hyph *h, const char *s, size_t len, uint8_t *brk);

#endif
