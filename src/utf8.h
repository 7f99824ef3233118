/* utf8.h: the little UTF-8 that qbind needs: checking, decoding, columns. */
#ifndef QBIND_UTF8_H
#define QBIND_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Offset of the first byte that does not start a valid UTF-8 sequence
 * (overlong forms, surrogates and values past U+10FFFF are invalid), or n
 * when all of s[0..n) is valid. */
size_t utf8_invalid_at(const unsigned char *s, size_t n);

/* Decodes one code point of valid UTF-8 at *p and advances *p. */
uint32_t utf8_next(const char **p);

/* Code points in s[0..n): the 1-based column of s+n is utf8_count + 1. */
size_t utf8_count(const char *s, size_t n);

/* Lower case for ASCII and Russian Cyrillic letters (А-Я, Ѐ-Џ), which
 * is all that ids and keywords need; other code points are unchanged. */
uint32_t utf8_fold(uint32_t cp);

/* Appends the UTF-8 form of cp to out (4 bytes room); returns its length. */
size_t utf8_encode(uint32_t cp, char *out);

#endif
