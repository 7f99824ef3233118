/* corpus.c: corpus text -> outline.
 *
 * The syntax is in corpus/FORMAT.md.  A file is read whole, checked
 * (size, NUL bytes, UTF-8), cut into lines that are classified once, and
 * the lines are then walked with one line of look-ahead, which is all the
 * seed's implicit rules need ("a line directly above a group line is a
 * section heading").  Nothing here prints: problems go to the struct diag.
 */
#include "qbind.h"
#include "outline.h"
#include "diag.h"
#include "buf.h"
#include "utf8.h"
#include "xalloc.h"

#include <cmark.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum line_kind {
	L_BLANK,
	L_COMMENT,    /* // … */
	L_TEXT,       /* a question, a title, or a section above a group line */
	L_LITERAL,    /* \… : always a question */
	L_GROUP,      /* … : (implicit group) */
	L_HSECTION,   /* # … */
	L_HGROUP,     /* ## … */
	L_HBAD,       /* ### … and deeper */
	L_FENCE,      /* ::: */
	L_BADFENCE,   /* :::go and the like: a mistake, never a question */
	L_TOOLONG     /* over QBIND_MAX_LINE; reported once, then skipped */
};

struct line {
	const char *s;      /* start of the trimmed content */
	const char *raw;    /* start of the line as written (for answers) */
	uint32_t len;       /* trimmed length */
	uint32_t rawlen;    /* length without the newline and a CR before it */
	uint32_t no;        /* 1-based */
	uint32_t col;       /* 1-based column of s */
	enum line_kind kind;
};

struct corpus {
	struct diag *d;
	struct outline *o;
	struct arena *arena;
	const char *file;          /* name of the file being read */
	size_t nfiles;
	struct ol_node *section;   /* current section, possibly untitled */
	struct ol_node *group;     /* current group */
	struct ol_node *question;  /* last question, while an answer may follow */
	struct buf scratch;
};

struct corpus *
corpus_new(struct diag *d)
{
	struct corpus *c = xcalloc(1, sizeof(*c));
	struct outline *o = xcalloc(1, sizeof(*o));
	o->arena = xmalloc(sizeof(*o->arena));
	arena_init(o->arena);
	o->root = arena_alloc(o->arena, sizeof(*o->root));
	o->root->kind = OL_DOCUMENT;
	c->d = d;
	c->o = o;
	c->arena = o->arena;
	c->scratch = (struct buf)BUF_INIT;
	return c;
}

static struct ol_node *
node_new(struct corpus *c, enum ol_kind kind, const struct line *ln)
{
	struct ol_node *n = arena_alloc(c->arena, sizeof(*n));
	n->kind = kind;
	n->pos.file = c->file;
	n->pos.line = ln->no;
	n->pos.col = ln->col;
	return n;
}

static void
node_append(struct ol_node *parent, struct ol_node *n)
{
	n->parent = parent;
	n->prev = parent->last;
	if (parent->last)
		parent->last->next = n;
	else
		parent->first = n;
	parent->last = n;
	parent->nchildren++;
}

static void
err(struct corpus *c, const struct line *ln, const char *fmt, const char *arg)
{
	diag_at(c->d, DIAG_ERROR, c->file, ln->no, ln->col, fmt, arg);
}

/* Copies text into the arena, turning tabs into spaces and dropping other
 * control characters, with one warning per kind per line.  Keeps tabs
 * (and does not warn) when keep_tabs is set: answers are CommonMark. */
static char *
clean_text(struct corpus *c, const char *s, size_t len, uint32_t lineno,
    uint32_t col, int keep_tabs)
{
	char *out = arena_alloc(c->arena, len + 1), *p = out;
	int warned_tab = 0, warned_ctl = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		int c1 = ch == 0xC2 && i + 1 < len &&
		    (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] <= 0x9F;
		if (ch == '\t' && !keep_tabs) {
			if (!warned_tab++)
				diag_at(c->d, DIAG_WARNING, c->file, lineno,
				    col + (uint32_t)utf8_count(s, i),
				    "tab character read as a space");
			*p++ = ' ';
		} else if ((ch < 0x20 && ch != '\t') || ch == 0x7F || c1) {
			if (!warned_ctl++)
				diag_at(c->d, DIAG_WARNING, c->file, lineno,
				    col + (uint32_t)utf8_count(s, i),
				    "control character U+%04X removed",
				    c1 ? (unsigned char)s[i + 1] : ch);
			if (c1)
				i++;
		} else
			*p++ = (char)ch;
	}
	*p = '\0';
	return out;
}

static int
is_space(char ch)
{
	return ch == ' ' || ch == '\t';
}

/* Cuts spaces off the end of an arena string, in place. */
static char *
rtrim(char *s)
{
	size_t n = strlen(s);
	while (n && s[n - 1] == ' ')
		s[--n] = '\0';
	return s;
}

static enum line_kind
classify(const char *s, size_t len)
{
	if (len == 0)
		return L_BLANK;
	if (len >= 2 && s[0] == '/' && s[1] == '/')
		return L_COMMENT;
	if (s[0] == '\\')
		return L_LITERAL;
	if (s[0] == '#') {
		size_t h = 0;
		while (h < len && s[h] == '#')
			h++;
		/* "#include" or "#1" is text; only "# " and "## " are headings. */
		if (h < len && !is_space(s[h]))
			return L_TEXT;
		if (h == len)
			return h <= 2 ? L_HBAD : L_TEXT;
		return h == 1 ? L_HSECTION : h == 2 ? L_HGROUP : L_HBAD;
	}
	if (len == 3 && memcmp(s, ":::", 3) == 0)
		return L_FENCE;
	if (len > 3 && memcmp(s, ":::", 3) == 0)
		return L_BADFENCE;
	if (s[len - 1] == ':')
		return L_GROUP;
	return L_TEXT;
}

/* Cuts buf into classified lines.  The buffer is valid UTF-8 without NUL. */
static struct line *
split_lines(struct corpus *c, const char *data, size_t len, size_t *nlines)
{
	size_t cap = 64, n = 0;
	struct line *lines = xmalloc(cap * sizeof(*lines));
	const char *p = data, *end = data + len;
	uint32_t no = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		size_t rawlen = (size_t)(eol - p);
		if (rawlen > 0 && p[rawlen - 1] == '\r')
			rawlen--;
		if (n == cap) {
			cap *= 2;
			lines = xrealloc(lines, cap * sizeof(*lines));
		}
		struct line *ln = &lines[n++];
		ln->no = ++no;
		ln->raw = p;
		if (rawlen > QBIND_MAX_LINE) {
			ln->kind = L_TOOLONG;
			ln->s = p;
			ln->len = ln->rawlen = 0;
			ln->col = 1;
			diag_at(c->d, DIAG_ERROR, c->file, no, 1,
			    "line is %zu bytes long; the limit is %d bytes",
			    rawlen, QBIND_MAX_LINE);
		} else {
			size_t a = 0, b = rawlen;
			while (a < b && is_space(p[a]))
				a++;
			while (b > a && is_space(p[b - 1]))
				b--;
			ln->s = p + a;
			ln->len = (uint32_t)(b - a);
			ln->rawlen = (uint32_t)rawlen;
			ln->col = (uint32_t)utf8_count(p, a) + 1;
			ln->kind = classify(ln->s, ln->len);
		}
		p = nl ? nl + 1 : end;
	}
	*nlines = n;
	return lines;
}

/* --- attributes: "{#id .tag .tag}" at the end of a question or heading --- */

static int
is_alnum(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9');
}

/* Letters, digits, '-', '_', '.'; 1 to QBIND_MAX_ID bytes.  Question ids
 * must also start with a letter (they become XML ids); corpus ids need not. */
static int
valid_id_chars(const char *s, size_t n)
{
	if (n == 0 || n > QBIND_MAX_ID)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!is_alnum(s[i]) && s[i] != '-' && s[i] != '_' && s[i] != '.')
			return 0;
	return 1;
}

static int
valid_id(const char *s, size_t n)
{
	return valid_id_chars(s, n) && is_alnum(s[0]) && !(s[0] >= '0' && s[0] <= '9');
}

static int
valid_tag(const char *s, size_t n)
{
	if (n == 0 || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch <= ' ' || ch == '{' || ch == '}' || ch == '"' || ch == '#')
			return 0;
	}
	return 1;
}

struct attrs {
	const char *id;
	size_t idlen;
	const char *tags[QBIND_MAX_TAGS];
	size_t taglen[QBIND_MAX_TAGS];
	size_t ntags;
};

/* Looks for a trailing attribute block.  Returns the length of the text
 * before it (trimmed), or len when there is none.  A brace group whose
 * words do not all start with '#' or '.' is ordinary text ("interface{}"),
 * so seed-style lines are never taken for attributes by accident. */
static size_t
parse_attrs(struct corpus *c, const struct line *ln, const char *s, size_t len,
    struct attrs *a)
{
	memset(a, 0, sizeof(*a));
	if (len < 3 || s[len - 1] != '}')
		return len;
	size_t open = len - 1;
	while (open > 0 && s[open - 1] != '{' && s[open - 1] != '}')
		open--;
	if (open == 0 || s[open - 1] != '{')
		return len;
	const char *p = s + open, *end = s + len - 1;
	/* First pass: is every word an attribute? */
	int words = 0;
	for (const char *q = p; q < end;) {
		while (q < end && *q == ' ')
			q++;
		if (q == end)
			break;
		if (*q != '#' && *q != '.')
			return len;
		words++;
		while (q < end && *q != ' ')
			q++;
	}
	if (words == 0)
		return len;
	for (const char *q = p; q < end;) {
		while (q < end && *q == ' ')
			q++;
		if (q == end)
			break;
		const char *w = q + 1;
		while (q < end && *q != ' ')
			q++;
		size_t wl = (size_t)(q - w);
		char *word = arena_strndup(c->arena, w, wl);
		if (w[-1] == '#') {
			if (a->id)
				err(c, ln, "more than one id in '{…}': '#%s'", word);
			else if (!valid_id(w, wl))
				err(c, ln, "invalid id '#%s': an id is a letter "
				    "followed by up to 63 letters, digits, '-', '_' or '.'", word);
			else {
				a->id = word;
				a->idlen = wl;
			}
		} else if (!valid_tag(w, wl))
			err(c, ln, "invalid tag '.%s': a tag is 1 to 64 bytes "
			    "without spaces, quotes, braces or '#'", word);
		else if (a->ntags == QBIND_MAX_TAGS)
			err(c, ln, "too many tags on one line (the limit is 32): '.%s'", word);
		else {
			a->tags[a->ntags] = word;
			a->taglen[a->ntags++] = wl;
		}
	}
	size_t textlen = open - 1;
	while (textlen > 0 && s[textlen - 1] == ' ')
		textlen--;
	return textlen;
}

static void
set_tags(struct corpus *c, struct ol_node *n, const struct attrs *a)
{
	if (a->ntags == 0)
		return;
	n->tags = arena_alloc(c->arena, a->ntags * sizeof(*n->tags));
	for (size_t i = 0; i < a->ntags; i++)
		n->tags[i] = a->tags[i];
	n->ntags = a->ntags;
}

/* --- structure --- */

/* "К вопросу 3 (каналы)" / "On question 3 (channels)": fills the group's
 * follow-up fields.  Anything else leaves them empty.  Returns whether the
 * title starts like a follow-up, even if its number is unusable. */
static int
parse_follow_up(struct corpus *c, struct ol_node *g, const char *t)
{
	static const char *const prefixes[] = {
		"К вопросу ", "к вопросу ", "К ВОПРОСУ ", "On question ",
		"on question ", "On Question ", "ON QUESTION ",
	};
	const char *p = NULL;
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(*prefixes); i++) {
		size_t pl = strlen(prefixes[i]);
		if (strncmp(t, prefixes[i], pl) == 0) {
			p = t + pl;
			break;
		}
	}
	if (p == NULL)
		return 0;
	/* "К вопросу о сложности" is an ordinary Russian title. */
	if ((*p < '0' || *p > '9') && *p != '-')
		return 0;
	if (*p == '-')
		p++;
	const char *digits = p;
	unsigned long n = 0;
	while (*p >= '0' && *p <= '9') {
		if (n <= QBIND_MAX_FOLLOWS)
			n = n * 10 + (unsigned long)(*p - '0');
		p++;
	}
	if (n == 0 || n > QBIND_MAX_FOLLOWS || digits[-1] == '-') {
		diag_at(c->d, DIAG_WARNING, g->pos.file, g->pos.line, g->pos.col,
		    "'%s%.*s' is not a question number (1 to %d): read as a plain group",
		    digits[-1] == '-' ? "-" : "", (int)(p - digits), digits,
		    QBIND_MAX_FOLLOWS);
		return 1;
	}
	while (*p == ' ')
		p++;
	const char *label = NULL;
	size_t llen = 0;
	if (*p == '(') {
		size_t tl = strlen(p);
		if (p[tl - 1] == ')') {
			label = p + 1;
			llen = tl - 2;
			p += tl;
		}
	}
	if (*p != '\0') {
		diag_at(c->d, DIAG_WARNING, g->pos.file, g->pos.line, g->pos.col,
		    "'%s' is not of the form 'К вопросу N (label)' or 'On question N "
		    "(label)': read as a plain group", t);
		return 1;
	}
	g->as.group.follows = (unsigned)n;
	g->as.group.label = llen ? arena_strndup(c->arena, label, llen) : NULL;
	return 1;
}

static struct ol_node *
open_section(struct corpus *c, const struct line *ln, const char *text)
{
	struct ol_node *s = node_new(c, OL_SECTION, ln);
	s->text = text;
	node_append(c->o->root, s);
	c->section = s;
	c->group = NULL;
	c->question = NULL;
	return s;
}

static int
section_is_follow_ups(const struct ol_node *s)
{
	if (s == NULL || s->text == NULL || s->first == NULL)
		return 0;
	OL_FOREACH(g, s)
		if (g->as.group.follows == 0)
			return 0;
	return 1;
}

static void
add_group(struct corpus *c, const struct line *ln, const char *text,
    int implicit, int after_heading)
{
	struct ol_node *g = node_new(c, OL_GROUP, ln);
	g->text = text;
	int follow_up_like = parse_follow_up(c, g, text);
	/* The seed closes its list of follow-ups with "Общие уточняющие:", a
	 * group with no heading above it that is about the whole interview,
	 * not the last section: a plain implicit group after a section made
	 * only of follow-up groups starts the document-level part. */
	if (implicit && !after_heading && !follow_up_like &&
	    section_is_follow_ups(c->section))
		open_section(c, ln, NULL);
	if (c->section == NULL)
		open_section(c, ln, NULL);
	node_append(c->section, g);
	c->group = g;
	c->question = NULL;
}

static void
add_question(struct corpus *c, const struct line *ln, const char *s,
    size_t len)
{
	struct attrs a;
	size_t tl = parse_attrs(c, ln, s, len, &a);
	if (tl == 0) {
		err(c, ln, "%s", "a question needs text before its '{…}'");
		return;
	}
	if (c->group == NULL) {
		err(c, ln, "%s", "question outside any group: put a group line "
		    "ending in ':' (or '## Group') above it");
		return;
	}
	struct ol_node *q = node_new(c, OL_QUESTION, ln);
	q->text = clean_text(c, s, tl, ln->no, ln->col, 0);
	if (a.id) {
		q->id = a.id;
		q->as.question.explicit_id = 1;
	}
	set_tags(c, q, &a);
	node_append(c->group, q);
	c->question = q;
}

/* An answer runs from the line after ":::" to the next ":::" line; its
 * text goes to libcmark unchanged apart from control characters. */
static size_t
read_answer(struct corpus *c, struct line *lines, size_t n, size_t i)
{
	struct line *open = &lines[i];
	size_t j = i + 1;
	while (j < n && lines[j].kind != L_FENCE)
		j++;
	if (j == n) {
		err(c, open, "%s", "unterminated answer: no closing ':::' line "
		    "before the end of the file");
		return n;
	}
	struct ol_node *q = c->question;
	if (q == NULL) {
		err(c, open, "%s", "an answer (':::') must follow a question");
		return j + 1;
	}
	if (q->as.question.answer != NULL) {
		err(c, open, "%s", "this question already has an answer");
		return j + 1;
	}
	struct buf *b = &c->scratch;
	buf_clear(b);
	int any = 0;
	for (size_t k = i + 1; k < j; k++) {
		if (lines[k].kind == L_TOOLONG) {
			any = 1; /* reported already; not an empty answer */
			continue;
		}
		const char *t = clean_text(c, lines[k].raw, lines[k].rawlen,
		    lines[k].no, 1, 1);
		buf_puts(b, t);
		buf_putc(b, '\n');
		any |= lines[k].len != 0;
	}
	if (!any) {
		diag_at(c->d, DIAG_WARNING, c->file, open->no, open->col,
		    "empty answer ignored");
		return j + 1;
	}
	q->as.question.answer = cmark_parse_document(b->ptr, b->len,
	    CMARK_OPT_DEFAULT);
	if (q->as.question.answer == NULL) {
		fprintf(stderr, "qbind: error: out of memory in libcmark\n");
		exit(QBIND_EXIT_OOM);
	}
	q->as.question.answer_pos.file = c->file;
	q->as.question.answer_pos.line = open->no + 1;
	q->as.question.answer_pos.col = 1;
	c->o->nanswers++;
	return j + 1;
}

/* The next line that is not a comment, or NULL. */
static const struct line *
peek(const struct line *lines, size_t n, size_t i)
{
	for (i++; i < n; i++)
		if (lines[i].kind != L_COMMENT)
			return &lines[i];
	return NULL;
}

static void
heading(struct corpus *c, const struct line *ln, int level)
{
	struct attrs a;
	const char *s = ln->s + level + 1;
	size_t len = ln->len - (size_t)level - 1;
	while (len && *s == ' ')
		s++, len--;
	size_t tl = parse_attrs(c, ln, s, len, &a);
	if (a.id)
		err(c, ln, "%s", "ids are for questions; headings get theirs from their text");
	if (level == 2 && tl > 0 && s[tl - 1] == ':')
		tl--;
	while (tl && is_space(s[tl - 1]))
		tl--;
	if (tl == 0) {
		err(c, ln, "%s", "heading without text");
		return;
	}
	char *text = clean_text(c, s, tl, ln->no, ln->col + (uint32_t)level + 1, 0);
	if (level == 1) {
		set_tags(c, open_section(c, ln, text), &a);
	} else {
		add_group(c, ln, text, 0, 1);
		set_tags(c, c->group, &a);
	}
}

/* --- front matter --- */

static const char *const meta_keys[] = {
	"title", "subtitle", "author", "lang", "id", "date",
};

static const char **
meta_slot(struct ol_meta *m, size_t k)
{
	const char **slots[] = {
		&m->title, &m->subtitle, &m->author, &m->lang, &m->corpus_id, &m->date,
	};
	return slots[k];
}

static int
valid_meta(size_t k, const char *v)
{
	size_t n = strlen(v);
	if (k == 3) { /* lang: a BCP 47 tag, loosely */
		if (n < 2 || n > 35)
			return 0;
		for (size_t i = 0; i < n; i++)
			if (!is_alnum(v[i]) && v[i] != '-')
				return 0;
		return v[0] != '-' && v[n - 1] != '-' && strstr(v, "--") == NULL;
	}
	if (k == 4) /* id */
		return valid_id_chars(v, n);
	if (k == 5) { /* date: YYYY-MM-DD, a real day */
		static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
		if (n != 10 || v[4] != '-' || v[7] != '-')
			return 0;
		for (size_t i = 0; i < n; i++)
			if (i != 4 && i != 7 && (v[i] < '0' || v[i] > '9'))
				return 0;
		int y = atoi(v), m = atoi(v + 5), d = atoi(v + 8);
		int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
		if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
			return 0;
		return !(m == 2 && d == 29 && !leap);
	}
	return 1;
}

static const char *const meta_hint[] = {
	"", "", "",
	"a language tag such as 'ru' or 'en'",
	"letters, digits, '-', '_' and '.', at most 64",
	"a date as YYYY-MM-DD",
};

/* Returns the index of the first line after the front matter. */
static size_t
front_matter(struct corpus *c, const struct line *lines, size_t n, int first_file)
{
	struct ol_meta *m = &c->o->meta;
	size_t end = 1;
	while (end < n && !(lines[end].len == 3 && memcmp(lines[end].s, "---", 3) == 0))
		end++;
	if (end == n) {
		/* Every line would be front matter: one error says it all. */
		err(c, &lines[0], "%s", "unterminated front matter: no closing '---' line");
		return n;
	}
	size_t i = 1;
	for (; i < end; i++) {
		const struct line *ln = &lines[i];
		if (ln->kind == L_TOOLONG || ln->kind == L_BLANK || ln->s[0] == '#')
			continue;
		const char *colon = memchr(ln->s, ':', ln->len);
		if (colon == NULL || colon == ln->s) {
			err(c, ln, "%s", "front matter lines are 'key: value'; "
			    "end the front matter with a '---' line");
			continue;
		}
		size_t kl = (size_t)(colon - ln->s);
		while (kl && is_space(ln->s[kl - 1]))
			kl--;
		char *key = arena_strndup(c->arena, ln->s, kl);
		const char *v = colon + 1;
		size_t vl = ln->len - (size_t)(v - ln->s);
		while (vl && *v == ' ')
			v++, vl--;
		if (vl >= 2 && v[0] == '"' && v[vl - 1] == '"')
			v++, vl -= 2;
		size_t k = 0, nk = sizeof(meta_keys) / sizeof(*meta_keys);
		while (k < nk && strcmp(key, meta_keys[k]) != 0)
			k++;
		if (k == nk) {
			err(c, ln, "unknown front matter key '%s' (known: title, "
			    "subtitle, author, lang, id, date)", key);
			continue;
		}
		if (vl == 0) {
			err(c, ln, "front matter key '%s' has no value", key);
			continue;
		}
		char *val = clean_text(c, v, vl, ln->no, ln->col, 0);
		if (!valid_meta(k, val)) {
			diag_at(c->d, DIAG_ERROR, c->file, ln->no, ln->col,
			    "invalid %s '%s': expected %s", key, val, meta_hint[k]);
			continue;
		}
		const char **slot = meta_slot(m, k);
		if (*slot == NULL) {
			*slot = val;
			struct ol_pos *pos = k == 0 ? &m->title_pos : k == 3 ? &m->lang_pos : NULL;
			if (pos) {
				pos->file = c->file;
				pos->line = ln->no;
				pos->col = ln->col;
			}
		} else if (first_file)
			err(c, ln, "front matter key '%s' given twice", key);
		else if (strcmp(*slot, val) != 0)
			diag_at(c->d, DIAG_ERROR, c->file, ln->no, ln->col,
			    "%s '%s' differs from the first file's '%s'", key, val, *slot);
	}
	return end + 1;
}

/* --- the walk --- */

static void
parse_lines(struct corpus *c, struct line *lines, size_t n, int first_file)
{
	size_t i = 0;
	if (n > 0 && lines[0].len == 3 && memcmp(lines[0].s, "---", 3) == 0)
		i = front_matter(c, lines, n, first_file);
	int want_title = first_file && c->o->meta.title == NULL;

	/* A file is its own unit: nothing is "directly above" across files,
	 * and an answer never attaches to the previous file's last question. */
	c->question = NULL;

	while (i < n) {
		struct line *ln = &lines[i];
		if (ln->kind == L_BLANK || ln->kind == L_COMMENT || ln->kind == L_TOOLONG) {
			i++;
			continue;
		}
		if (want_title) {
			want_title = 0;
			if (ln->kind == L_TEXT || ln->kind == L_GROUP || ln->kind == L_LITERAL) {
				const char *s = ln->s + (ln->kind == L_LITERAL);
				size_t len = ln->len - (ln->kind == L_LITERAL);
				c->o->meta.title = clean_text(c, s, len, ln->no, ln->col, 0);
				c->o->meta.title_pos = c->o->root->pos;
				c->o->meta.title_pos.file = c->file;
				c->o->meta.title_pos.line = ln->no;
				c->o->meta.title_pos.col = ln->col;
				i++;
				continue;
			}
			err(c, ln, "%s", "expected the document title on the first line "
			    "(or a front matter block starting with '---')");
		}
		switch (ln->kind) {
		case L_TEXT: {
			const struct line *next = peek(lines, n, i);
			if (next && next->kind == L_GROUP) {
				char *title = clean_text(c, ln->s, ln->len, ln->no, ln->col, 0);
				/* The seed rule is easy to trip over by leaving out a
				 * blank line after the last question of a group. */
				if (ln->s[ln->len - 1] == '?')
					diag_at(c->d, DIAG_WARNING, c->file, ln->no, ln->col,
					    "'%s' is read as a section heading because it is "
					    "directly above a group line; put a blank line "
					    "between them if it is a question", title);
				open_section(c, ln, title);
				i++;
				add_group(c, next, rtrim(clean_text(c, next->s,
				    next->len - 1u, next->no, next->col, 0)), 1, 1);
				i = (size_t)(next - lines) + 1;
				continue;
			}
			add_question(c, ln, ln->s, ln->len);
			break;
		}
		case L_LITERAL: {
			const char *q = ln->s + 1;
			size_t len = ln->len - 1u;
			while (len && is_space(*q))
				q++, len--;
			if (len == 0)
				err(c, ln, "%s", "a '\\' line needs question text after it");
			else
				add_question(c, ln, q, len);
			break;
		}
		case L_GROUP: {
			size_t tl = ln->len - 1u;
			while (tl && is_space(ln->s[tl - 1]))
				tl--;
			if (tl == 0) {
				err(c, ln, "%s", "group line without text before ':'");
				break;
			}
			add_group(c, ln, rtrim(clean_text(c, ln->s, tl, ln->no, ln->col, 0)), 1, 0);
			break;
		}
		case L_HSECTION:
			heading(c, ln, 1);
			break;
		case L_HGROUP:
			heading(c, ln, 2);
			break;
		case L_HBAD:
			err(c, ln, "%s", "only '# ' (section) and '## ' (group) headings exist; "
			    "start the line with '\\' to keep it as a question");
			break;
		case L_FENCE:
			i = read_answer(c, lines, n, i);
			continue;
		case L_BADFENCE:
			err(c, ln, "%s", "an answer opens and closes with a line of exactly "
			    "':::' (the language of a code block goes on its ``` line "
			    "inside the answer)");
			break;
		default:
			break;
		}
		i++;
	}
}

static const char *
intern_file(struct corpus *c, const char *name)
{
	struct outline *o = c->o;
	const char *f = arena_strdup(c->arena, name);
	const char **files = arena_alloc(c->arena, (o->nfiles + 1) * sizeof(*files));
	if (o->nfiles)
		memcpy(files, o->files, o->nfiles * sizeof(*files));
	files[o->nfiles++] = f;
	o->files = files;
	return f;
}

/* Byte offset -> line and column, for a message about raw bytes.  Text
 * starts at data + base (after a BOM, which is not a column). */
static void
locate(const char *data, size_t base, size_t off, uint32_t *line, uint32_t *col)
{
	uint32_t l = 1;
	size_t bol = off < base ? off : base;
	for (size_t i = 0; i < off; i++)
		if (data[i] == '\n') {
			l++;
			bol = i + 1;
		}
	*line = l;
	*col = (uint32_t)utf8_count(data + bol, off - bol) + 1;
}

void
corpus_add_mem(struct corpus *c, const char *name, const char *data, size_t len)
{
	c->file = intern_file(c, name);
	int first_file = c->nfiles++ == 0;
	size_t base = 0;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		base = 3;
	if (len > QBIND_MAX_FILE) {
		diag_at(c->d, DIAG_ERROR, c->file, 0, 0, "file is %zu bytes; "
		    "the limit is %d bytes", len, QBIND_MAX_FILE);
		return;
	}
	const char *nul = memchr(data, '\0', len);
	if (nul) {
		uint32_t l, col;
		size_t off = (size_t)(nul - data);
		locate(data, base, off, &l, &col);
		diag_at(c->d, DIAG_ERROR, c->file, l, col, "NUL byte at byte offset "
		    "%zu: this is not a text file", off);
		return;
	}
	size_t bad = utf8_invalid_at((const unsigned char *)data, len);
	if (bad != len) {
		uint32_t l, col;
		locate(data, base, bad, &l, &col);
		diag_at(c->d, DIAG_ERROR, c->file, l, col, "invalid UTF-8 "
		    "(byte 0x%02X at byte offset %zu); save the file as UTF-8",
		    (unsigned char)data[bad], bad);
		return;
	}
	size_t n;
	struct line *lines = split_lines(c, data + base, len - base, &n);
	/* A BOM is not part of the first line's text, but its column is. */
	size_t content = 0;
	for (size_t i = 0; i < n; i++)
		if (lines[i].kind != L_BLANK && lines[i].kind != L_COMMENT)
			content++;
	if (content == 0)
		diag_at(c->d, DIAG_ERROR, c->file, 0, 0, "%s", len == 0 ?
		    "file is empty" : "file has no text (only blank or comment lines)");
	else
		parse_lines(c, lines, n, first_file);
	free(lines);
}

int
corpus_add_file(struct corpus *c, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		diag_sys(c->d, DIAG_ERROR, "cannot open corpus '%s': %s", path,
		    strerror(errno));
		return -1;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		diag_sys(c->d, DIAG_ERROR, "cannot read corpus '%s': %s", path,
		    strerror(errno));
		close(fd);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		diag_sys(c->d, DIAG_ERROR, "'%s' is a directory, not a corpus file", path);
		close(fd);
		return -1;
	}
	/* Regular files are read whole; pipes and devices in chunks, capped. */
	struct buf b = BUF_INIT;
	if (S_ISREG(st.st_mode) && st.st_size > QBIND_MAX_FILE) {
		close(fd);
		c->file = intern_file(c, path);
		c->nfiles++;
		diag_at(c->d, DIAG_ERROR, c->file, 0, 0, "file is %lld bytes; "
		    "the limit is %d bytes", (long long)st.st_size, QBIND_MAX_FILE);
		return 0;
	}
	if (S_ISREG(st.st_mode))
		buf_grow(&b, (size_t)st.st_size);
	for (;;) {
		buf_grow(&b, 65536);
		ssize_t r = read(fd, b.ptr + b.len, b.cap - b.len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			diag_sys(c->d, DIAG_ERROR, "cannot read corpus '%s': %s",
			    path, strerror(errno));
			close(fd);
			buf_free(&b);
			return -1;
		}
		if (r == 0)
			break;
		b.len += (size_t)r;
		b.ptr[b.len] = '\0';
		if (b.len > QBIND_MAX_FILE)
			break;
	}
	close(fd);
	corpus_add_mem(c, path, b.ptr, b.len);
	buf_free(&b);
	return 0;
}

struct outline *
corpus_finish(struct corpus *c)
{
	struct outline *o = c->o;
	o->root->text = o->meta.title;
	o->root->pos = o->meta.title_pos;
	buf_free(&c->scratch);
	free(c);
	return o;
}
