/* spans.c: a question's or heading's text as printed runs of text and code (see ol_spans).
 *
 * Code is what the author wrote in backticks, and the few kinds of Go and
 * command-line tokens that no ordinary word of English or Russian looks
 * like (FORMAT.md, "Code in questions"):
 * - a type written with Go's punctuation: interface{}, struct{},
 *   []byte, map[string]int, *MyError (a capitalised name after '*');
 * - a qualified name: a lower-case package or variable, a dot and an
 *   exported name (sync.Pool, errors.Is, b.N), or any dotted name called
 *   with () (ctx.Done(), time.Now());
 * - a name called with empty parentheses: recover(), init();
 * - a flag: '-' and a lower-case letter at the start of a word (-race,
 *   -count=1);
 * - a go command: go build, go test, … with the flags after it;
 * - a Go environment variable from a fixed list (GOMAXPROCS, GOGC, …).
 * A token stands alone: it starts after a space, an opening bracket or
 * quote (or at the start) and ends at a space or before closing
 * punctuation.  Anything else (goroutine, select, nil, hchan) stays text:
 * in an interview those are words too, and the author can use backticks.
 */
#include "qbind.h"
#include "outline.h"
#include "buf.h"
#include "typo.h"
#include "utf8.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

static int
lower(int c)
{
	return c >= 'a' && c <= 'z';
}

static int
upper(int c)
{
	return c >= 'A' && c <= 'Z';
}

static int
ident_char(int c)
{
	return lower(c) || upper(c) || c == '_' || (c >= '0' && c <= '9');
}

/* Length of the identifier at p (not past end), 0 if none. */
static size_t
ident(const char *p, const char *end)
{
	size_t n = 0;
	if (p < end && (lower(*p) || upper(*p) || *p == '_'))
		while (p + n < end && ident_char(p[n]))
			n++;
	return n;
}

static int
starts_n(const char *p, const char *end, const char *lit, size_t n)
{
	return (size_t)(end - p) >= n && memcmp(p, lit, n) == 0;
}

/* Whether p (before end) starts with the string literal lit. */
#define starts(p, end, lit) starts_n((p), (end), (lit), sizeof(lit) - 1)

/* A Go type or name at p: its length, or 0.  *marked is set when
 * something in it is Go punctuation no word has. */
static size_t
go_type(const char *p, const char *end, int *marked, int depth)
{
	const char *s = p;
	if (depth > 8)
		return 0;
	if (starts(p, end, "[]")) {
		size_t n = go_type(p + 2, end, marked, depth + 1);
		*marked = n > 0;
		return n ? n + 2 : 0;
	}
	if (starts(p, end, "map[")) {
		size_t k = go_type(p + 4, end, marked, depth + 1);
		if (k == 0 || !starts(p + 4 + k, end, "]"))
			return 0;
		size_t v = go_type(p + 5 + k, end, marked, depth + 1);
		*marked = v > 0;
		return v ? 5 + k + v : 0;
	}
	int star = p < end && *p == '*';
	p += star;
	size_t n = ident(p, end);
	if (n == 0)
		return 0;
	int first_upper = upper(*p), first_lower = lower(*p);
	int dotted = 0, exported = 0;
	p += n;
	if (p < end && *p == '.' && (n = ident(p + 1, end)) > 0) {
		dotted = 1;
		exported = first_lower && upper(p[1]);   /* sync.Pool, b.N */
		p += 1 + n;
	}
	if (starts(p, end, "{}") || starts(p, end, "()")) {
		if (dotted && !exported && *p == '{')
			return 0;
		*marked = 1;
		p += 2;
	} else if (dotted && !exported)
		return 0;       /* e.g, i.e: a dot between lower-case words */
	else if (exported)
		*marked = 1;
	if (star && !first_upper && !exported)
		return 0;       /* *p, or a word in *emphasis */
	*marked = *marked || star;
		return (size_t)(p - s);
}

/* A flag at p: "-" and a lower-case letter, then letters, digits and
 * = . / _ -. */
static size_t
flag(const char *p, const char *end)
{
	if (end - p < 2 || p[0] != '-' || !lower(p[1]))
		return 0;
	size_t n = 2;
	while (p + n < end && (ident_char(p[n]) || strchr("=./-", p[n])))
		n++;
	return n;
}

static int
env_var(const char *p, size_t n)
{
	if (n < 4 || (p[0] != 'G' && p[0] != 'C'))
		return 0;
	static const char *const vars[] = { "GOMAXPROCS", "GOGC", "GOMEMLIMIT",
		"GODEBUG", "GOOS", "GOARCH", "GOPATH", "GOROOT", "GOFLAGS",
		"GOPROXY", "GOPRIVATE", "GOCACHE", "GOBIN", "GOTRACEBACK",
		"GOEXPERIMENT", "GOTOOLCHAIN", "GOAMD64", "CGO_ENABLED" };
	for (size_t i = 0; i < sizeof(vars) / sizeof(*vars); i++)
		if (strlen(vars[i]) == n && memcmp(vars[i], p, n) == 0)
			return 1;
	return 0;
}

/* Whether p[0..n) is one whole token of code. */
static int
code_token(const char *p, size_t n)
{
	const char *end = p + n;
	int marked = 0;
	return env_var(p, n) || flag(p, end) == n ||
	    (go_type(p, end, &marked, 0) == n && marked);
}

/* Closing punctuation a token may stand before: its length at the end
 * of p[0..n), or 0. */
static size_t
closer(const char *p, size_t n)
{
	if (n == 0)
		return 0;
	if ((unsigned char)p[n - 1] < 0x80)
		return p[n - 1] && strchr(",.?!:;)\"'", p[n - 1]) ? 1 : 0;
	if (n >= 2 && memcmp(p + n - 2, "»", 2) == 0)
		return 2;
	/* “ ” ’ … are E2 80 9C, 9D, 99 and E2 80 A6. */
	if (n >= 3 && memcmp(p + n - 3, "\xE2\x80", 2) == 0 &&
	    strchr("\x9C\x9D\x99\xA6", p[n - 1]))
		return 3;
	return 0;
}

/* The end of the word at p: the next space, or end. */
static const char *
word_end(const char *p, const char *end)
{
	while (p < end && *p != ' ')
		p++;
	return p;
}

/* A "go build" command at p, with the flags after it. */
static size_t
go_command(const char *p, const char *end)
{
	static const char *const subs[] = { "build", "test", "run", "vet",
		"fmt", "get", "install", "mod", "generate", "tool", "env", "doc",
		"work", "clean", "list" };
	if (!starts(p, end, "go "))
		return 0;
	const char *w = p + 3, *we = word_end(w, end);
	while (we > w && closer(w, (size_t)(we - w)) == 1 && we[-1] != '"' &&
	    we[-1] != '\'')
		we--;
	size_t i = 0;
	for (; i < sizeof(subs) / sizeof(*subs); i++)
		if ((size_t)(we - w) == strlen(subs[i]) && memcmp(w, subs[i], (size_t)(we - w)) == 0)
			break;
	if (i == sizeof(subs) / sizeof(*subs))
		return 0;
	const char *last = we;
	int ends_here = we != word_end(w, end);    /* "go test," */
	while (!ends_here && last < end && *last == ' ') {
		size_t f = flag(last + 1, end);
		const char *fe = last + 1 + f;
		if (f == 0 || (fe < end && *fe != ' '))
			break;
		last = fe;
	}
	return (size_t)(last - p);
}

/* The token of code starting at p, before end: its length, or 0. */
static size_t
token_at(const char *p, const char *end)
{
	size_t n = go_command(p, end);
	if (n)
		return n;
	n = (size_t)(word_end(p, end) - p);
	for (;;) {
		if (n && code_token(p, n))
			return n;
		size_t c = closer(p, n);
		if (c == 0)
			return 0;
		n -= c;
	}
}

/* Whether a token may start after cp (0: the start). */
static int
token_may_start(uint32_t cp)
{
	return cp == 0 || cp == ' ' || cp == 0xA0 || cp == '(' || cp == '"' ||
	    cp == '\'' || cp == 0xAB || cp == 0x201E || cp == 0x201C || cp == 0x2018;
}

/* The closing backticks of a code span whose opening run is n long: the
 * next run of exactly n, or NULL. */
static const char *
close_ticks(const char *p, size_t n)
{
	for (;;) {
		p = strchr(p, '`');
		if (p == NULL)
			return NULL;
		size_t m = strspn(p, "`");
		if (m == n)
			return p;
		p += m;
	}
}

struct runs {
	struct arena *a;
	struct typo typo;
	struct buf text;      /* the pending text run, as printed */
	struct buf all;       /* every run's text, joined */
	int join;             /* the caller wants all */
	struct ol_span *v;
	size_t n, cap;
};

static void
push(struct runs *r, enum ol_span_kind kind, const char *s, size_t len)
{
	if (len == 0)
		return;
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 4;
		r->v = xrealloc(r->v, r->cap * sizeof(*r->v));
	}
	r->v[r->n].kind = kind;
	r->v[r->n++].text = arena_strndup(r->a, s, len);
	if (r->join)
		buf_put(&r->all, s, len);
}

static void
flush_text(struct runs *r)
{
	push(r, OL_SPAN_TEXT, r->text.ptr, r->text.len);
	buf_clear(&r->text);
}

static void
code(struct runs *r, const char *s, size_t len)
{
	flush_text(r);
	push(r, OL_SPAN_CODE, s, len);
	typo_skip(&r->typo);
}

/* The backtick code span at p (CommonMark: a run of n backticks to the
 * next run of n, at c; one space stripped from both ends when both have
 * one): where it ends. */
static const char *
tick_span(struct runs *r, const char *p, size_t n, const char *c)
{
	const char *s = p + n, *e = c;
	if (e - s >= 2 && *s == ' ' && e[-1] == ' ' && strspn(s, " ") < (size_t)(e - s)) {
		s++;
		e--;
	}
	code(r, s, (size_t)(e - s));
	return c + n;
}

const struct ol_span *
ol_spans(struct arena *a, const char *text, int lang, size_t *n,
    const char **joined)
{
	struct runs r = { .a = a, .text = BUF_INIT, .all = BUF_INIT,
		.join = joined != NULL };
	typo_begin(&r.typo, (enum typo_lang)lang);
	const char *p = text, *end = text + strlen(text), *plain = text;
	uint32_t prev = 0;
	while (p < end) {
		const char *after = NULL, *close = NULL;
		size_t tok, nticks = 0;
		if (*p == '`') {
			nticks = strspn(p, "`");
			close = close_ticks(p + nticks, nticks);
		}
		/* The plain text before a code span goes to typography in one
		 * piece: quotes, apostrophes and "..." look ahead. */
		if (close) {
			typo_text(&r.typo, plain, (size_t)(p - plain), &r.text);
			after = tick_span(&r, p, nticks, close);
		} else if (token_may_start(prev) && (tok = token_at(p, end)) > 0) {
			typo_text(&r.typo, plain, (size_t)(p - plain), &r.text);
			code(&r, p, tok);
			after = p + tok;
		}
		if (after) {
			p = plain = after;
			prev = 'x';
		} else if (*p == '`') {
			p += nticks;   /* a run with no end is text */
			prev = '`';
		} else
			prev = utf8_next(&p);
	}
	typo_text(&r.typo, plain, (size_t)(end - plain), &r.text);
	flush_text(&r);
	struct ol_span *v = NULL;
	if (r.n) {
		v = arena_alloc(a, r.n * sizeof(*v));
		memcpy(v, r.v, r.n * sizeof(*v));
	}
	*n = r.n;
	if (joined)
		*joined = arena_strndup(a, r.all.ptr, r.all.len);
	free(r.v);
	buf_free(&r.text);
	buf_free(&r.all);
	return v;
}
