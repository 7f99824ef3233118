/* gen-corpus.c: a synthetic corpus, N times the seed, for tools/bench.sh.
 *
 *     gen-corpus N [SEED] > out.txt
 *
 * SEED defaults to corpus/go-interview-followups.txt.  The output is ONE
 * valid corpus (corpus/FORMAT.md): the seed's title (and front matter, if
 * any) once, then N copies of the seed's body.  In copy k
 *
 *   - every section heading of copy k >= 2 (a plain line directly above a
 *     group line, or a `# ` heading) gets " — часть k" (k odd) or
 *     " (part k)" (k even), so sections stay distinct and both scripts
 *     appear;
 *   - every question of copy k >= 2 gets " (вариант k)" (k odd) or
 *     " (variant k)" (k even), so no two questions are duplicates; an
 *     explicit {#id} becomes {#id-k};
 *   - group lines (`К вопросу N (label):`, `Общие уточняющие:`, `## …`),
 *     comments, blank lines and answers are copied unchanged.
 *
 * Copy 1 is the seed's body as it is, so `gen-corpus 1` reproduces the seed
 * (CRLF and a BOM are normalised away).  The output depends on N and the
 * seed only.  Plain C11 and libc.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_SEED "corpus/go-interview-followups.txt"
#define MAX_N 100000UL

enum kind {
	K_BLANK,
	K_COMMENT,   /* // … */
	K_GROUP,     /* plain line ending in ':' */
	K_HSECTION,  /* # … */
	K_HGROUP,    /* ## … (and ### …, which qbind rejects anyway) */
	K_FENCE,     /* ::: */
	K_ANSWER,    /* inside an answer: copied as written */
	K_SECTION,   /* a plain line directly above a group line */
	K_QUESTION   /* everything else, \… included */
};

struct line {
	const char *s;   /* the line without its newline (and CR) */
	size_t len;
	size_t tlen;     /* without trailing spaces and tabs */
	enum kind kind;
};

static const char *prog = "gen-corpus";

static _Noreturn void
die(const char *what, const char *arg)
{
	fprintf(stderr, "%s: %s%s%s\n", prog, what, arg ? ": " : "",
	    arg ? arg : "");
	exit(1);
}

static char *
read_file(const char *path, size_t *lenp)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		die(strerror(errno), path);
	size_t cap = 1 << 16, len = 0;
	char *buf = malloc(cap);
	if (buf == NULL)
		die("out of memory", NULL);
	for (;;) {
		if (len == cap) {
			cap *= 2;
			char *nb = realloc(buf, cap);
			if (nb == NULL)
				die("out of memory", NULL);
			buf = nb;
		}
		size_t n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f))
		die("read error", path);
	fclose(f);
	*lenp = len;
	return buf;
}

/* Leading spaces/tabs skipped: where the line's content starts. */
static const char *
content(const struct line *l, size_t *n)
{
	const char *p = l->s, *e = l->s + l->tlen;
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	*n = (size_t)(e - p);
	return p;
}

static int
starts(const char *p, size_t n, const char *pre)
{
	size_t m = strlen(pre);
	return n >= m && memcmp(p, pre, m) == 0;
}

/* First pass: what each line is, on its own. */
static enum kind
classify(const struct line *l)
{
	size_t n;
	const char *p = content(l, &n);
	if (n == 0)
		return K_BLANK;
	if (n == 3 && memcmp(p, ":::", 3) == 0)
		return K_FENCE;
	if (starts(p, n, "//"))
		return K_COMMENT;
	if (p[0] == '\\')
		return K_QUESTION;
	if (starts(p, n, "# "))
		return K_HSECTION;
	if (starts(p, n, "##"))
		return K_HGROUP;
	if (p[n - 1] == ':')
		return K_GROUP;
	return K_QUESTION;
}

/* Does the line end in a brace group of #id/.tag words?  Returns the offset
 * of its '{' (in l->s), or l->tlen when there is none. */
static size_t
attr_start(const struct line *l)
{
	if (l->tlen == 0 || l->s[l->tlen - 1] != '}')
		return l->tlen;
	size_t open = l->tlen - 1;
	while (open > 0 && l->s[open] != '{')
		open--;
	if (l->s[open] != '{')
		return l->tlen;
	int words = 0;
	for (size_t i = open + 1; i < l->tlen - 1;) {
		while (i < l->tlen - 1 && l->s[i] == ' ')
			i++;
		if (i == l->tlen - 1)
			break;
		if (l->s[i] != '#' && l->s[i] != '.')
			return l->tlen;
		words++;
		while (i < l->tlen - 1 && l->s[i] != ' ')
			i++;
	}
	if (words == 0)
		return l->tlen;
	while (open > 0 && l->s[open - 1] == ' ')
		open--;
	return open;
}

static void
put(const char *s, size_t n)
{
	if (n > 0 && fwrite(s, 1, n, stdout) != n)
		die("write error", strerror(errno));
}

static void
puts_(const char *s)
{
	put(s, strlen(s));
}

/* The line with `suffix` put before its attribute braces; an explicit
 * {#id} gets "-k" when k >= 2. */
static void
put_suffixed(const struct line *l, const char *suffix, unsigned long k)
{
	size_t a = attr_start(l);
	put(l->s, a);
	puts_(suffix);
	if (a < l->tlen) {
		const char *p = l->s + a, *e = l->s + l->tlen;
		while (p < e) {
			const char *w = p;
			while (p < e && *p != ' ' && *p != '{' && *p != '}')
				p++;
			put(w, (size_t)(p - w));
			if (*w == '#' && k >= 2)
				printf("-%lu", k);
			if (p < e)
				put(p++, 1);
		}
	}
	put("\n", 1);
}

int
main(int argc, char **argv)
{
	if (argc < 2 || argc > 3 || argv[1][0] == '-') {
		fprintf(stderr, "usage: %s N [SEED] > out.txt\n"
		    "  N copies of SEED (default %s) as one corpus\n",
		    prog, DEFAULT_SEED);
		return 2;
	}
	char *end;
	errno = 0;
	unsigned long n = strtoul(argv[1], &end, 10);
	if (errno || *end != '\0' || n == 0 || n > MAX_N) {
		fprintf(stderr, "%s: N must be 1 to %lu, not '%s'\n", prog,
		    MAX_N, argv[1]);
		return 2;
	}
	const char *seed = argc == 3 ? argv[2] : DEFAULT_SEED;

	size_t len;
	char *text = read_file(seed, &len);
	const char *p = text, *e = text + len;
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;

	/* Cut into lines. */
	size_t nl = 0, cap = 256;
	struct line *ls = malloc(cap * sizeof(*ls));
	if (ls == NULL)
		die("out of memory", NULL);
	while (p < e) {
		const char *q = memchr(p, '\n', (size_t)(e - p));
		const char *next = q ? q + 1 : e;
		if (q == NULL)
			q = e;
		if (nl == cap) {
			cap *= 2;
			struct line *nls = realloc(ls, cap * sizeof(*ls));
			if (nls == NULL)
				die("out of memory", NULL);
			ls = nls;
		}
		struct line *l = &ls[nl++];
		l->s = p;
		l->len = (size_t)(q - p);
		if (l->len > 0 && l->s[l->len - 1] == '\r')
			l->len--;
		l->tlen = l->len;
		while (l->tlen > 0 && (l->s[l->tlen - 1] == ' ' ||
		    l->s[l->tlen - 1] == '\t'))
			l->tlen--;
		p = next;
	}

	/* Head: front matter, and the title line unless front matter has one;
	 * comment and blank lines before the title go with it. */
	size_t body = 0;
	int has_title = 0;
	if (nl > 0 && ls[0].len == 3 && memcmp(ls[0].s, "---", 3) == 0) {
		size_t i;
		for (i = 1; i < nl; i++) {
			if (ls[i].len == 3 && memcmp(ls[i].s, "---", 3) == 0)
				break;
			size_t cn;
			const char *c = content(&ls[i], &cn);
			if (starts(c, cn, "title:"))
				has_title = 1;
		}
		if (i == nl)
			die("front matter without its closing ---", seed);
		body = i + 1;
	}
	if (!has_title) {
		while (body < nl && (classify(&ls[body]) == K_BLANK ||
		    classify(&ls[body]) == K_COMMENT))
			body++;
		if (body == nl)
			die("no title line", seed);
		body++;
	}
	for (size_t i = 0; i < body; i++) {
		put(ls[i].s, ls[i].len);
		put("\n", 1);
	}

	/* Body: classify once, with answers and the look-ahead rule for
	 * section headings (comments are transparent to it). */
	int in_answer = 0;
	for (size_t i = body; i < nl; i++) {
		enum kind k = classify(&ls[i]);
		if (in_answer) {
			if (k == K_FENCE)
				in_answer = 0;
			else
				k = K_ANSWER;
		} else if (k == K_FENCE) {
			in_answer = 1;
		}
		ls[i].kind = k;
	}
	for (size_t i = body; i < nl; i++) {
		if (ls[i].kind != K_QUESTION || ls[i].s[0] == '\\')
			continue;
		size_t j = i + 1;
		while (j < nl && ls[j].kind == K_COMMENT)
			j++;
		if (j < nl && ls[j].kind == K_GROUP)
			ls[i].kind = K_SECTION;
	}
	/* A copy that does not end in a blank line is followed by one, so that
	 * its last line is never "directly above" the next copy's first. */
	int need_sep = body < nl && ls[nl - 1].kind != K_BLANK;

	char suffix[64];
	for (unsigned long k = 1; k <= n; k++) {
		if (k > 1 && need_sep)
			put("\n", 1);
		for (size_t i = body; i < nl; i++) {
			const struct line *l = &ls[i];
			int heading = l->kind == K_SECTION || l->kind == K_HSECTION;
			if (k == 1 || (!heading && l->kind != K_QUESTION)) {
				put(l->s, l->len);
				put("\n", 1);
			} else if (heading) {
				snprintf(suffix, sizeof(suffix), k % 2 ?
				    " — часть %lu" : " (part %lu)", k);
				put_suffixed(l, suffix, 1);
			} else {
				snprintf(suffix, sizeof(suffix), k % 2 ?
				    " (вариант %lu)" : " (variant %lu)", k);
				put_suffixed(l, suffix, k);
			}
		}
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		die("write error", strerror(errno));
	free(ls);
	free(text);
	return 0;
}
