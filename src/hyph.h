/* hyph: Dutch hyphenation for pango, which has no dictionary of its own and breaks a word
 * only where it finds U+00AD SOFT HYPHEN. Points come from libhyphen's patterns
 * (hyph_nl_NL.dic, ISO8859-1) or from exception words, then pass the rules of Dutch
 * typography: at least 2 letters each side, no break in a word under 5 letters, none inside
 * "ij", none right before a letter with a diaeresis ("ge-ïnteresseerden" would need the
 * diaeresis dropped, which pango cannot do), and no part without a vowel (the patterns give
 * "be-stuur-s-ta-ken": both points around the "s" go, as one of them is wrong). */
#ifndef TIPSHEET_HYPH_H
#define TIPSHEET_HYPH_H

#include <stdbool.h>

#include "diag.h"

struct hyph; /* opaque: the loaded patterns plus the exception words */

/* Reads the patterns at `dic_path` into a new *out, which the caller frees with
 * hyph_destroy. Fails, leaving *out untouched, with a diag naming the file when it cannot be
 * read or is not an ISO8859-1 hyphenation dictionary. The patterns are parsed in a thread
 * of their own meanwhile (libhyphen takes about 20 ms over the Dutch file); the first
 * hyph_text waits for them. */
bool hyph_create(const char *dic_path, struct hyph **out, struct diag *d);

/* Waits for the patterns: false, with `d` set, if libhyphen could not parse them (hyph_text
 * then places breaks from the exceptions alone). Call it before forking: the thread that
 * parses does not go into the child. */
bool hyph_wait(const struct hyph *h, struct diag *d);

/* Frees h; accepts NULL. */
void hyph_destroy(struct hyph *h);

/* Whether `entry` would be accepted by hyph_add_exception, without a dictionary: for the
 * loaders, which know the entry's position. `d` gets the message only. */
bool hyph_exception_valid(const char *entry, struct diag *d);

/* A new set of exceptions over `base` (borrowed; it must outlive the overlay): hyph_text
 * then uses the overlay's exceptions first, the base's next, and the base's patterns. For a
 * body's own word list. Freed with hyph_destroy. */
struct hyph *hyph_create_overlay(const struct hyph *base);

/* Adds an exception: a word written with its break points as '-', such as
 * "be-stuurs-ta-ken"; without any '-' the word is never broken. Matched case-insensitively
 * (letter by letter, after NFC) on a whole word, its points replace the patterns' for that
 * word. An exception for a word that already has one replaces it, so that a body's list can
 * override the shared one. `entry` is borrowed. Returns false, with h unchanged, if the entry
 * is malformed (not UTF-8, empty parts, characters other than letters and '-') or asks for a
 * break the rules above forbid; d then holds the message alone (no file or position: the
 * caller knows where the entry came from and may re-set d with them). */
bool hyph_add_exception(struct hyph *h, const char *entry, struct diag *d);

/* A new string, which the caller frees with g_free: `text` (UTF-8) in NFC with U+00AD
 * inserted at every permitted break point. A word is a maximal run of letters (with their
 * combining marks); everything else is copied unchanged. Left without points: words next to
 * a hyphen of their own ("zij-instromers", "werk- of"; such a compound breaks only at its
 * hyphen), words already holding U+00AD (as the author wrote them), words with a character
 * outside ISO8859-1 and no exception, and every word of an address (a space-delimited run
 * holding '@', '/' or a '.' followed by a letter or digit, as in "info@veldkers.example").
 * Text that is not valid UTF-8 comes back as an unchanged copy. */
char *hyph_text(const struct hyph *h, const char *text);

#endif
