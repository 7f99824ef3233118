/* utf8.h: the little UTF-8 that qbind needs: checking, decoding, columns. */
#ifndef QBIND_UTF8_H
#define QBIND_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Offset of the first byte that does not start a valid UTF-8 sequence
 * (overlong forms, surrogates and values past U+10FFFF are invalid), or n
 * when all of s[0..n) is valid. */
size_t utf8_invalid_at(const unsigned char *s, size_t n);

/* Decodes one code point of valid UTF-8 at *p and advances *p.  Inline:
 * it runs once per character of the whole corpus. */
static inline uint32_t
utf8_next(const char **p)
{
	const unsigned char *s = (const unsigned char *)*p;
	if (s[0] < 0x80) {
		*p += 1;
		return s[0];
	}
	if (s[0] < 0xE0) {
		*p += 2;
		return ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
	}
	if (s[0] < 0xF0) {
		*p += 3;
		return ((uint32_t)(s[0] & 0x0F) << 12) |
		    ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
	}
	*p += 4;
	return ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
	    ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
}

/* Code points in s[0..n): the 1-based column of s+n is utf8_count + 1. */
size_t utf8_count(const char *s, size_t n);

/* Lower case for ASCII and Russian Cyrillic letters (А-Я, Ѐ-Џ), which
 * is all that ids and keywords need; other code points are unchanged. */
static inline uint32_t
utf8_fold(uint32_t cp)
{
	if (cp >= 'A' && cp <= 'Z')
		return cp + 32;
	if (cp >= 0x410 && cp <= 0x42F)
		return cp + 32;
	if (cp >= 0x400 && cp <= 0x40F)
		return cp + 80;
	return cp;
}

/* Appends the UTF-8 form of cp to out (4 bytes room); returns its length. */
size_t utf8_encode(uint32_t cp, char *out);

#endif
