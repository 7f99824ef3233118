/* corpus.c: corpus text -> outline.
 *
 * The syntax is in corpus/FORMAT.md.  A file is read whole, checked
 * (size, NUL bytes, UTF-8), cut into non-blank lines that are classified
 * once, and the lines are then walked with one line of look-ahead, which
 * is all the seed's implicit rules need ("a line directly above a group
 * line is a section heading").  Front matter and answers have files of
 * their own.  Nothing here prints: problems go to the struct diag.
 */
#include "corpus_int.h"
#include "qbind.h"
#include "outline.h"
#include "diag.h"
#include "utf8.h"
#include "xalloc.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
	/* The one place the tree grows: kinds nest one level at a time. */
	assert(n->kind == parent->kind + 1);
	n->parent = parent;
	n->prev = parent->last;
	if (parent->last)
		parent->last->next = n;
	else
		parent->first = n;
	parent->last = n;
	parent->nchildren++;
}

void
corpus_err_(const char *fmt, struct corpus *c, const struct line *ln,
    enum msg code, ...)
{
	va_list ap;
	va_start(ap, code);
	diag_vmsg(c->d, code, c->file, ln->no, ln->col, fmt, ap);
	va_end(ap);
}

uint32_t
line_col(const struct line *ln, const char *p)
{
	return ln->col + (uint32_t)utf8_count(ln->s, (size_t)(p - ln->s));
}

size_t
clean_into(struct corpus *c, char *dst, const char *s, size_t len,
    uint32_t lineno, uint32_t col, int keep_tabs)
{
	char *p = dst;
	int warned_tab = 0, warned_ctl = 0, warned_nonchar = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		int c1 = ch == 0xC2 && i + 1 < len &&
		    (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] <= 0x9F;
		/* U+FFFE and U+FFFF: valid UTF-8, but not characters XML allows. */
		int nonchar = ch == 0xEF && i + 2 < len && (unsigned char)s[i + 1] == 0xBF &&
		    ((unsigned char)s[i + 2] & 0xFE) == 0xBE;
		if (ch == '\t' && !keep_tabs) {
			if (!warned_tab++ && !c->lax_tabs)
				diag_msg(c->d, MSG_TAB, c->file, lineno,
				    col + (uint32_t)utf8_count(s, i));
			*p++ = ' ';
		} else if ((ch < 0x20 && ch != '\t') || ch == 0x7F || c1) {
			if (!warned_ctl++)
				diag_msg(c->d, MSG_CONTROL_CHAR, c->file, lineno,
				    col + (uint32_t)utf8_count(s, i),
				    c1 ? (unsigned char)s[i + 1] : ch);
			i += c1;
		} else if (nonchar) {
			if (!warned_nonchar++)
				diag_msg(c->d, MSG_NONCHARACTER, c->file, lineno,
				    col + (uint32_t)utf8_count(s, i),
				    (unsigned char)s[i + 2] == 0xBE ? "FFFE" : "FFFF");
			i += 2;
		} else
			*p++ = (char)ch;
	}
	return (size_t)(p - dst);
}

char *
clean_text(struct corpus *c, const char *s, size_t len, uint32_t lineno,
    uint32_t col, int keep_tabs)
{
	char *out = arena_alloc(c->arena, len + 1);
	out[clean_into(c, out, s, len, lineno, col, keep_tabs)] = '\0';
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
		/* A bare "#" or "##" is an untitled section or group (what
		 * `outline -f qbind` writes for them). */
		return h > 2 ? L_HBAD : h == 1 ? L_HSECTION : L_HGROUP;
	}
	if (len == 3 && memcmp(s, "---", 3) == 0)
		return L_DASHES;
	if (len == 3 && memcmp(s, ":::", 3) == 0)
		return L_FENCE;
	if (len > 3 && memcmp(s, ":::", 3) == 0)
		return L_BADFENCE;
	if (s[len - 1] == ':')
		return L_GROUP;
	return L_TEXT;
}

/* Cuts data into classified non-blank lines.  data is valid UTF-8
 * without NUL. */
struct line *
split_lines(struct corpus *c, const char *data, size_t len, size_t *nlines)
{
	size_t cap = 64, n = 0;
	struct line *lines = xmalloc(cap * sizeof(*lines));
	const char *p = data, *end = data + len;
	uint32_t no = 0;
	int blank = 1;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		size_t rawlen = (size_t)(eol - p);
		if (rawlen > 0 && p[rawlen - 1] == '\r')
			rawlen--;
		no++;
		size_t a = 0, b = rawlen;
		if (rawlen <= QBIND_MAX_LINE) {
			while (a < b && is_space(p[a]))
				a++;
			while (b > a && is_space(p[b - 1]))
				b--;
			if (a == b) {
				blank = 1;
				p = nl ? nl + 1 : end;
				continue;
			}
		}
		if (n == cap) {
			cap *= 2;
			lines = xrealloc(lines, cap * sizeof(*lines));
		}
		struct line *ln = &lines[n++];
		ln->no = no;
		ln->blank_before = (uint8_t)blank;
		blank = 0;
		if (rawlen > QBIND_MAX_LINE) {
			ln->kind = L_TOOLONG;
			ln->s = p;
			ln->len = 0;
			ln->col = 1;
			diag_msg(c->d, MSG_LINE_TOO_LONG, c->file, no, 1,
			    rawlen, QBIND_MAX_LINE);
		} else {
			ln->s = p + a;
			ln->len = (uint32_t)(b - a);
			ln->col = (uint32_t)utf8_count(p, a) + 1;
			ln->kind = (uint8_t)classify(ln->s, ln->len);
		}
		p = nl ? nl + 1 : end;
	}
	*nlines = n;
	return lines;
}

/* --- attributes: "{#id .tag .tag}" at the end of a question or heading --- */

int
is_alnum(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
	    (ch >= '0' && ch <= '9');
}

/* Letters, digits, '-', '_', '.'; 1 to QBIND_MAX_ID bytes.  Question ids
 * must also start with a letter (they become XML ids); corpus ids need not. */
int
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
	const char *tags[QBIND_MAX_TAGS];
	size_t ntags;
};

/* Where a trailing attribute block starts (its '{'), or len when the line
 * has none.  A brace group whose words do not all start with '#' or '.'
 * is ordinary text ("interface{}"), so seed-style lines are never taken
 * for attributes by accident. */
static size_t
attr_start(const char *s, size_t len)
{
	if (len < 3 || s[len - 1] != '}')
		return len;
	size_t open = len - 1;
	while (open > 0 && s[open - 1] != '{' && s[open - 1] != '}')
		open--;
	if (open == 0 || s[open - 1] != '{')
		return len;
	int words = 0;
	for (const char *q = s + open, *end = s + len - 1; q < end;) {
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
	return words ? open - 1 : len;
}

/* Reads the attribute block, if any; returns the length of the text
 * before it, trimmed. */
static size_t
parse_attrs(struct corpus *c, const struct line *ln, const char *s, size_t len,
    struct attrs *a)
{
	memset(a, 0, sizeof(*a));
	size_t open = attr_start(s, len);
	if (open == len)
		return len;
	for (const char *q = s + open + 1, *end = s + len - 1; q < end;) {
		while (q < end && *q == ' ')
			q++;
		if (q == end)
			break;
		const char *w = q + 1;
		while (q < end && *q != ' ')
			q++;
		size_t wl = (size_t)(q - w);
		/* A tag goes into every output as it is: clean it like the
		 * rest of the line (control characters, U+FFFE, U+FFFF). */
		char *word = w[-1] == '#' ? arena_strndup(c->arena, w, wl) :
		    clean_text(c, w, wl, ln->no, line_col(ln, w), 0);
		if (w[-1] == '#') {
			if (a->id)
				corpus_err(c, ln, MSG_TWO_IDS, word);
			else if (!valid_id(w, wl))
				corpus_err(c, ln, MSG_BAD_ID, word);
			else
				a->id = word;
		} else if (!valid_tag(word, strlen(word)))
			corpus_err(c, ln, MSG_BAD_TAG, word);
		else if (a->ntags == QBIND_MAX_TAGS)
			corpus_err(c, ln, MSG_TOO_MANY_TAGS, word);
		else
			a->tags[a->ntags++] = word;
	}
	while (open > 0 && s[open - 1] == ' ')
		open--;
	return open;
}

static void
set_tags(struct corpus *c, struct ol_node *n, const struct attrs *a)
{
	if (a->ntags == 0)
		return;
	n->tags = arena_alloc(c->arena, a->ntags * sizeof(*n->tags));
	memcpy(n->tags, a->tags, a->ntags * sizeof(*n->tags));
	n->ntags = a->ntags;
}

/* --- structure --- */

/* Matches words (lower case) at p, ignoring case and runs of spaces; each
 * must be followed by a space.  Returns what follows, or NULL. */
static const char *
match_words(const char *p, const char *const *words, size_t n)
{
	for (size_t w = 0; w < n; w++) {
		for (const char *q = words[w]; *q;) {
			if (*p == '\0' || utf8_fold(utf8_next(&p)) != utf8_next(&q))
				return NULL;
		}
		if (*p != ' ')
			return NULL;
		while (*p == ' ')
			p++;
	}
	return p;
}

/* "К вопросу 3 (каналы)" / "On question 3 (channels)": fills the group's
 * follow-up fields.  Anything else leaves them empty.  Returns whether the
 * title starts like a follow-up with a number, even an unusable one. */
static int
parse_follow_up(struct corpus *c, struct ol_node *g, const char *t)
{
	static const char *const ru[] = { "к", "вопросу" };
	static const char *const en[] = { "on", "question" };
	const char *p = match_words(t, ru, 2);
	if (p == NULL)
		p = match_words(t, en, 2);
	/* "К вопросу о сложности" is an ordinary Russian title. */
	if (p == NULL || ((*p < '0' || *p > '9') && *p != '-'))
		return 0;
	int negative = *p == '-';
	p += negative;
	const char *digits = p;
	unsigned long n = 0;
	while (*p >= '0' && *p <= '9') {
		if (n <= QBIND_MAX_FOLLOWS)
			n = n * 10 + (unsigned long)(*p - '0');
		p++;
	}
	if (n == 0 || n > QBIND_MAX_FOLLOWS || negative) {
		diag_msg(c->d, MSG_BAD_FOLLOW_NUMBER, g->pos.file, g->pos.line,
		    g->pos.col,
		    negative ? "-" : "", (int)(p - digits), digits, QBIND_MAX_FOLLOWS);
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
		diag_msg(c->d, MSG_BAD_FOLLOW_UP, g->pos.file, g->pos.line,
		    g->pos.col, t);
		return 1;
	}
	g->as.group.follows = (unsigned)n;
	g->as.group.label = llen ? arena_strndup(c->arena, label, llen) : NULL;
	return 1;
}

/* Whether *n things already reach cap: then the next one is not made, and
 * the first line past the cap says so (once; *n keeps counting). */
static int
at_cap(struct corpus *c, size_t *n, size_t cap, const struct line *ln,
    const char *what)
{
	if (*n < cap)
		return 0;
	if ((*n)++ == cap)
		diag_msg(c->d, MSG_TOO_MANY, c->file, ln->no, ln->col, cap,
		    what, cap);
	return 1;
}

/* Counts a titled section or a group; 0 past QBIND_MAX_HEADINGS. */
static int
count_heading(struct corpus *c, const struct line *ln)
{
	if (at_cap(c, &c->nheadings, QBIND_MAX_HEADINGS, ln, "sections and groups"))
		return 0;
	c->nheadings++;
	return 1;
}

static struct ol_node *
open_section(struct corpus *c, const struct line *ln, const char *text)
{
	struct ol_node *s = node_new(c, OL_SECTION, ln);
	s->text = text;
	node_append(c->o->root, s);
	c->section = s;
	c->section_follow_ups = 1;
	c->group = NULL;
	c->question = NULL;
	return s;
}

/* text NULL: an untitled group, not counted as a heading. */
static struct ol_node *
add_group(struct corpus *c, const struct line *ln, char *text, int implicit,
    int after_heading)
{
	if (text && *text == '\0') {
		corpus_err(c, ln, MSG_GROUP_NO_TEXT);
		return NULL;
	}
	if (text && !count_heading(c, ln))
		return NULL;
	struct ol_node *g = node_new(c, OL_GROUP, ln);
	g->text = text;
	int follow_up_like = text && parse_follow_up(c, g, text);
	/* The seed closes its list of follow-ups with "Общие уточняющие:", a
	 * group with no heading above it that is about the whole interview,
	 * not the last section: a plain implicit group after a section made
	 * only of follow-up groups starts the document-level part. */
	if (implicit && !after_heading && !follow_up_like && c->section &&
	    c->section->text && c->section->first && c->section_follow_ups)
		open_section(c, ln, NULL);
	if (c->section == NULL)
		open_section(c, ln, NULL);
	if (!follow_up_like)
		c->section_follow_ups = 0;
	node_append(c->section, g);
	c->group = g;
	c->question = NULL;
	return g;
}

/* A question of text s[0..len) in the current group. */
static struct ol_node *
new_question(struct corpus *c, const struct line *ln, const char *s, size_t len,
    const struct attrs *a)
{
	if (at_cap(c, &c->nquestions, QBIND_MAX_QUESTIONS, ln, "questions"))
		return NULL;
	char *text = clean_text(c, s, len, ln->no, line_col(ln, s), 0);
	if (*text == '\0') {
		corpus_err(c, ln, MSG_QUESTION_NO_TEXT);
		return NULL;
	}
	c->nquestions++;
	struct ol_node *q = node_new(c, OL_QUESTION, ln);
	q->text = text;
	if (a && a->id) {
		q->id = a->id;
		q->as.question.explicit_id = 1;
	}
	if (a)
		set_tags(c, q, a);
	node_append(c->group, q);
	c->question = q;
	return q;
}

static void
add_question(struct corpus *c, const struct line *ln, const char *s, size_t len)
{
	struct attrs a;
	size_t tl = parse_attrs(c, ln, s, len, &a);
	if (tl == 0) {
		corpus_err(c, ln, MSG_ATTRS_NO_TEXT);
		return;
	}
	if (c->group == NULL) {
		corpus_err(c, ln, MSG_OUTSIDE_GROUP);
		return;
	}
	new_question(c, ln, s, tl, &a);
}

/* --- building, for the other readers --- */

/* s[0..len) cleaned and trimmed, or NULL when nothing is left. */
static char *
clean_title(struct corpus *c, const struct line *ln, const char *s, size_t len)
{
	while (len && is_space(*s))
		s++, len--;
	char *t = rtrim(clean_text(c, s, len, ln->no, ln->col, 0));
	return *t ? t : NULL;
}

void
corpus_set_title(struct corpus *c, const struct line *ln, const char *s, size_t len)
{
	struct ol_meta *m = &c->o->meta;
	char *t = clean_title(c, ln, s, len);
	if (t == NULL || m->title)
		return;
	m->title = t;
	m->title_pos.file = c->file;
	m->title_pos.line = ln->no;
	m->title_pos.col = ln->col;
}

void
corpus_title_from_name(struct corpus *c)
{
	struct ol_meta *m = &c->o->meta;
	if (m->title || c->o->nfiles != 1 || strcmp(c->file, CORPUS_STDIN_NAME) == 0)
		return;
	const char *base = strrchr(c->file, '/');
	base = base ? base + 1 : c->file;
	const char *dot = strrchr(base, '.');
	size_t len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	struct line ln = { .no = 0, .col = 0 };
	char *t = clean_title(c, &ln, base, len);
	if (t == NULL)
		return;
	m->title = t;
	m->title_pos.file = c->file;
	if (!c->d->quiet_warnings)
		diag_msg(c->d, MSG_TITLE_FROM_NAME, c->file, 0, 0, t);
}

struct ol_node *
corpus_section(struct corpus *c, const struct line *ln, const char *s, size_t len)
{
	char *t = clean_title(c, ln, s, len);
	if (t == NULL || !count_heading(c, ln))
		return NULL;
	return open_section(c, ln, t);
}

struct ol_node *
corpus_group(struct corpus *c, const struct line *ln, const char *s, size_t len)
{
	char *t = s ? clean_title(c, ln, s, len) : NULL;
	if (s && t == NULL)
		return NULL;
	return add_group(c, ln, t, 0, 1);
}

struct ol_node *
corpus_question(struct corpus *c, const struct line *ln, const char *s, size_t len)
{
	if (c->group == NULL && add_group(c, ln, NULL, 0, 1) == NULL)
		return NULL;
	return new_question(c, ln, s, len, NULL);
}

void
corpus_tags(struct corpus *c, struct ol_node *n, const struct line *ln,
    const char *s, size_t len)
{
	struct attrs a;
	memset(&a, 0, sizeof(a));
	for (const char *p = s, *end = s + len; p < end;) {
		while (p < end && is_space(*p))
			p++;
		const char *w = p;
		while (p < end && !is_space(*p))
			p++;
		if (p == w)
			break;
		char *tag = clean_text(c, w, (size_t)(p - w), ln->no, ln->col, 0);
		if (!valid_tag(tag, strlen(tag)))
			diag_msg(c->d, MSG_TAG_LEFT_OUT, c->file, ln->no,
			    ln->col, tag);
		else if (a.ntags < QBIND_MAX_TAGS)
			a.tags[a.ntags++] = tag;
	}
	set_tags(c, n, &a);
}

/* The next line if it is directly below lines[i] (no blank line between;
 * comments do not count), or NULL. */
static const struct line *
directly_below(const struct line *lines, size_t n, size_t i)
{
	for (i++; i < n; i++) {
		if (lines[i].blank_before)
			return NULL;
		if (lines[i].kind != L_COMMENT)
			return &lines[i];
	}
	return NULL;
}

static void
heading(struct corpus *c, const struct line *ln, int level)
{
	if (ln->len == (uint32_t)level) {
		if (level == 1)
			open_section(c, ln, NULL);
		else
			add_group(c, ln, NULL, 0, 1);
		return;
	}
	struct attrs a;
	const char *s = ln->s + level + 1;
	size_t len = ln->len - (size_t)level - 1;
	while (len && is_space(*s))
		s++, len--;
	size_t tl = parse_attrs(c, ln, s, len, &a);
	if (a.id)
		corpus_err(c, ln, MSG_HEADING_ID);
	if (level == 2 && tl > 0 && s[tl - 1] == ':')
		tl--;
	char *text = rtrim(clean_text(c, s, tl, ln->no, line_col(ln, s), 0));
	if (*text == '\0') {
		corpus_err(c, ln, MSG_HEADING_NO_TEXT);
		return;
	}
	if (level == 1) {
		if (count_heading(c, ln))
			set_tags(c, open_section(c, ln, text), &a);
	} else {
		add_group(c, ln, text, 0, 1);
		if (c->group && c->group->text == text)
			set_tags(c, c->group, &a);
	}
}

/* "Group:" followed by a no-break space (a paste from a word processor)
 * is not a group line, though it looks like one. */
static void
warn_nbsp_colon(struct corpus *c, const struct line *ln)
{
	size_t n = ln->len;
	while (n >= 2 && (unsigned char)ln->s[n - 2] == 0xC2 &&
	    (unsigned char)ln->s[n - 1] == 0xA0)
		n -= 2;
	if (n < ln->len && n > 0 && ln->s[n - 1] == ':')
		diag_msg(c->d, MSG_NBSP_AFTER_COLON, c->file, ln->no,
		    line_col(ln, ln->s + n));
}

/* A plain line directly above a plain group line: the seed's section. */
static void
implicit_section(struct corpus *c, const struct line *ln, const struct line *group)
{
	if (attr_start(ln->s, ln->len) != ln->len)
		corpus_err(c, ln, MSG_ATTRS_ABOVE_GROUP);
	char *title = rtrim(clean_text(c, ln->s, ln->len, ln->no, ln->col, 0));
	/* The rule is easy to trip over by leaving out a blank line after the
	 * last question of a group. */
	if (ln->s[ln->len - 1] == '?')
		diag_msg(c->d, MSG_QUESTION_AS_SECTION, c->file, ln->no, ln->col,
		    title);
	if (*title == '\0')
		corpus_err(c, ln, MSG_SECTION_NO_TEXT);
	else if (count_heading(c, ln))
		open_section(c, ln, title);
	add_group(c, group, rtrim(clean_text(c, group->s, group->len - 1u,
	    group->no, group->col, 0)), 1, 1);
}

static void
title_line(struct corpus *c, const struct line *ln)
{
	const char *s = ln->s;
	size_t len = ln->len;
	if (ln->kind == L_LITERAL) {
		s++, len--;
		while (len && is_space(*s))
			s++, len--;
	}
	char *title = rtrim(clean_text(c, s, len, ln->no, line_col(ln, s), 0));
	if (*title == '\0') {
		corpus_err(c, ln, MSG_TITLE_NO_TEXT);
		return;
	}
	struct ol_meta *m = &c->o->meta;
	m->title = title;
	m->title_pos.file = c->file;
	m->title_pos.line = ln->no;
	m->title_pos.col = ln->col;
	if (title[strlen(title) - 1] == '?')
		diag_msg(c->d, MSG_QUESTION_AS_TITLE, c->file, ln->no, ln->col,
		    title);
}

static void
parse_lines(struct corpus *c, const struct line *lines, size_t n, int first_file)
{
	size_t i = 0;
	if (n > 0 && lines[0].kind == L_DASHES && lines[0].no == 1)
		i = front_matter(c, lines, n, first_file);
	int want_title = first_file && c->o->meta.title == NULL;

	/* A file is its own unit: nothing is "directly above" across files,
	 * and an answer never attaches to the previous file's last question. */
	c->question = NULL;

	for (; i < n; i++) {
		const struct line *ln = &lines[i];
		/* A trial needs no more than the first error. */
		if (c->trial && c->d->nerrors) {
			c->fail_line = i ? lines[i - 1].no : ln->no;
			return;
		}
		if (ln->kind == L_COMMENT || ln->kind == L_TOOLONG)
			continue;
		if (want_title) {
			want_title = 0;
			if (ln->kind == L_TEXT || ln->kind == L_GROUP || ln->kind == L_LITERAL) {
				title_line(c, ln);
				continue;
			}
			corpus_err(c, ln, MSG_NO_TITLE_LINE);
		}
		switch ((enum line_kind)ln->kind) {
		case L_TEXT:
		case L_DASHES: {
			const struct line *next = directly_below(lines, n, i);
			if (next && next->kind == L_GROUP) {
				implicit_section(c, ln, next);
				i = (size_t)(next - lines);
			} else {
				warn_nbsp_colon(c, ln);
				add_question(c, ln, ln->s, ln->len);
			}
			break;
		}
		case L_LITERAL: {
			const char *q = ln->s + 1;
			size_t len = ln->len - 1u;
			while (len && is_space(*q))
				q++, len--;
			if (len == 0)
				corpus_err(c, ln, MSG_ESCAPE_NO_TEXT);
			else
				add_question(c, ln, q, len);
			break;
		}
		case L_GROUP:
			add_group(c, ln, rtrim(clean_text(c, ln->s, ln->len - 1u, ln->no,
			    ln->col, 0)), 1, 0);
			break;
		case L_HSECTION:
			heading(c, ln, 1);
			break;
		case L_HGROUP:
			heading(c, ln, 2);
			break;
		case L_HBAD:
			corpus_err(c, ln, MSG_DEEP_HEADING);
			break;
		case L_FENCE: {
			size_t j = i + 1;
			while (j < n && lines[j].kind != L_FENCE)
				j++;
			if (j == n) {
				corpus_err(c, ln, MSG_UNTERMINATED_ANSWER);
				return;
			}
			answer_read(c, ln, &lines[j]);
			i = j;
			break;
		}
		case L_BADFENCE:
			corpus_err(c, ln, MSG_BAD_FENCE);
			break;
		case L_COMMENT:
		case L_TOOLONG:
			break;
		}
	}
}

/* The file name as messages and dumps show it: valid UTF-8, whatever
 * bytes the file system gave (invalid ones become U+FFFD). */
static const char *
intern_file(struct corpus *c, const char *name)
{
	struct outline *o = c->o;
	size_t len = strlen(name);
	struct buf b = BUF_INIT;
	for (size_t off = 0; off < len;) {
		size_t bad = off + utf8_invalid_at((const unsigned char *)name + off, len - off);
		buf_put(&b, name + off, bad - off);
		if (bad < len)
			BUF_PUTSL(&b, "\xEF\xBF\xBD");
		off = bad + 1;
	}
	const char *f = arena_strndup(c->arena, b.ptr, b.len);
	buf_free(&b);
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
	for (size_t i = bol; i < off; i++)
		if (data[i] == '\n') {
			l++;
			bol = i + 1;
		}
	*line = l;
	*col = (uint32_t)utf8_count(data + bol, off - bol) + 1;
}

/* Whether a file of len bytes takes the corpus past QBIND_MAX_INPUT,
 * which is for all its files together; if so, says so. */
static int
too_big(struct corpus *c, unsigned long long len)
{
	if (len <= (unsigned long long)(QBIND_MAX_INPUT - c->input))
		return 0;
	if (c->input == 0)
		diag_msg(c->d, MSG_FILE_TOO_BIG, c->file, 0, 0, len,
		    QBIND_MAX_INPUT);
	else
		diag_msg(c->d, MSG_FILES_TOO_BIG, c->file, 0, 0, len,
		    len + c->input, QBIND_MAX_INPUT);
	return 1;
}

static void
read_qbind(struct corpus *c, const char *data, size_t len, int first_file)
{
	size_t n, content = 0;
	struct line *lines = split_lines(c, data, len, &n);
	for (size_t i = 0; i < n && content == 0; i++)
		content = lines[i].kind != L_COMMENT;
	if (content == 0)
		diag_msg(c->d, MSG_FILE_NO_TEXT, c->file, 0, 0);
	else
		parse_lines(c, lines, n, first_file);
	free(lines);
}

/* Whether data parses as the qbind format, in a reader of its own that
 * prints nothing; a later file is tried as one that needs no title line.
 * It is not given the group the files before it left open: a file that
 * starts with questions would then parse whatever its shape, and a qbind
 * file that does is read as a list all the same, into that group.  The
 * line of the first error goes in c->fail_line. */
static int
qbind_trial(struct corpus *c, const char *data, size_t len)
{
	struct diag d;
	diag_init(&d, NULL);
	struct corpus *t = corpus_new(&d);
	int first_file = c->o->nfiles == 1;
	t->trial = 1;
	t->file = c->file;
	if (!first_file)
		t->o->meta.title = "";
	read_qbind(t, data, len, first_file);
	c->fail_line = t->fail_line;
	outline_free(corpus_finish(t));
	return d.nerrors == 0;
}

void
corpus_add_mem(struct corpus *c, const char *name, const char *data, size_t len)
{
	c->file = intern_file(c, name);
	int first_file = c->o->nfiles == 1;
	size_t base = 0;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		base = 3;
	if (too_big(c, len))
		return;
	c->input += len;
	const char *nul = memchr(data, '\0', len);
	if (nul) {
		uint32_t l, col;
		size_t off = (size_t)(nul - data);
		locate(data, base, off, &l, &col);
		diag_msg(c->d, MSG_NUL_BYTE, c->file, l, col, off);
		return;
	}
	size_t bad = utf8_invalid_at((const unsigned char *)data, len);
	if (bad != len) {
		uint32_t l, col;
		locate(data, base, bad, &l, &col);
		diag_msg(c->d, MSG_BAD_UTF8, c->file, l, col,
		    (unsigned char)data[bad], bad);
		return;
	}
	const char *text = data + base;
	size_t tlen = len - base, k = 0;
	while (k < tlen && (text[k] == ' ' || text[k] == '\t' || text[k] == '\n' ||
	    text[k] == '\r'))
		k++;
	if (k == tlen) {
		if (len == 0)
			diag_msg(c->d, MSG_FILE_EMPTY, c->file, 0, 0);
		else
			diag_msg(c->d, MSG_FILE_NO_TEXT, c->file, 0, 0);
		return;
	}
	enum reader r = c->from;
	const char *why = NULL;
	if (r == READ_AUTO)
		r = read_detect(c, text, tlen, &why, qbind_trial);
	if (c->say_reader && why && !c->d->quiet_warnings)
		diag_msg(c->d, MSG_READ_AS, c->file, 0, 0, reader_name(r), why);
	unsigned errors = c->d->nerrors;
	switch (r) {
	case READ_MARKDOWN:
		read_markdown(c, text, tlen, first_file);
		break;
	case READ_QA:
		read_qa(c, text, tlen, first_file);
		break;
	case READ_LIST:
		read_list(c, text, tlen, first_file);
		break;
	case READ_CSV:
	case READ_TSV:
		read_csv(c, text, tlen, first_file, r);
		break;
	default:
		read_qbind(c, text, tlen, first_file);
		break;
	}
	/* The guess may be what went wrong: say where the file stopped being
	 * the qbind format, which may be what its author meant. */
	if (why && r != READ_QBIND && c->d->nerrors > errors && c->fail_line &&
	    !c->d->quiet_warnings)
		diag_msg(c->d, MSG_QBIND_TRIED, c->file, c->fail_line, 0);
}

/* Reads the file open on fd, named path in messages. */
static int
add_fd(struct corpus *c, int fd, const char *path)
{
	struct stat st;
	if (fstat(fd, &st) != 0) {
		diag_sys(c->d, MSG_CANNOT_READ_CORPUS, path,
		    strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		diag_sys(c->d, MSG_CORPUS_IS_DIR, path);
		return -1;
	}
	if (S_ISREG(st.st_mode) &&
	    (unsigned long long)st.st_size > QBIND_MAX_INPUT - c->input) {
		/* Not even read: its size says enough. */
		c->file = intern_file(c, path);
		too_big(c, (unsigned long long)st.st_size);
		return 0;
	}
	/* Regular files are read whole; pipes and devices in chunks, capped. */
	struct buf b = BUF_INIT;
	if (S_ISREG(st.st_mode))
		buf_grow(&b, (size_t)st.st_size);
	for (;;) {
		buf_grow(&b, 65536);
		ssize_t r = read(fd, b.ptr + b.len, b.cap - b.len - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			diag_sys(c->d, MSG_CANNOT_READ_CORPUS,
			    path, strerror(errno));
			buf_free(&b);
			return -1;
		}
		if (r == 0)
			break;
		b.len += (size_t)r;
		b.ptr[b.len] = '\0';
		if (b.len > QBIND_MAX_INPUT - c->input)
			break;
	}
	corpus_add_mem(c, path, b.ptr, b.len);
	buf_free(&b);
	return 0;
}

int
corpus_add_file(struct corpus *c, const char *path)
{
	/* "-" is the standard input, "<stdin>" in messages; not ours to
	 * close. */
	if (strcmp(path, "-") == 0)
		return add_fd(c, STDIN_FILENO, CORPUS_STDIN_NAME);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		diag_sys(c->d, MSG_CANNOT_OPEN_CORPUS, path,
		    strerror(errno));
		return -1;
	}
	int rc = add_fd(c, fd, path);
	close(fd);
	return rc;
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
