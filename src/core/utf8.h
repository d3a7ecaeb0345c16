/*
 * utf8.h: UTF-8 validation and counting in code points.
 *
 * Deliberately our own (a few dozen lines): OpenSSL, SQLite and libevent
 * offer no strict validator (overlongs, surrogates, > U+10FFFF).
 */
#ifndef MOOT_UTF8_H
#define MOOT_UTF8_H

#include <stddef.h>

/*
 * For scanning text eight bytes at a time (page.c, gophermap.c): a 0x01
 * and a 0x80 in every byte of a 64-bit word.  Multiplying a byte by
 * BYTES_01 repeats it in every byte; masking with BYTES_80 keeps each
 * byte's top bit.
 */
#define BYTES_01	0x0101010101010101ULL
#define BYTES_80	0x8080808080808080ULL

/* 1 when the len bytes of s are strict UTF-8, 0 otherwise. */
int	utf8_valid(const char *s, size_t len);

/* Number of code points in s (s must be valid UTF-8). */
size_t	utf8_count(const char *s, size_t len);

/*
 * Bytes of s that hold at most n code points, never cutting a sequence.
 */
size_t	utf8_prefix(const char *s, size_t len, size_t n);

/*
 * Bytes of s (len bytes of UTF-8) that fit in max bytes, cut before a
 * character rather than inside one.
 */
size_t	utf8_cut(const char *s, size_t len, size_t max);

/*
 * Copy s into dst of dstsz bytes (> 0), NUL-terminated, cut at a
 * character boundary when it does not fit; returns the bytes copied.
 */
size_t	utf8_copy(char *dst, size_t dstsz, const char *s);

/*
 * 1 when s holds a C0 control (other than those in allow), DEL, or a C1
 * control (U+0080..U+009F).
 */
int	utf8_has_control(const char *s, size_t len, const char *allow);

#endif
