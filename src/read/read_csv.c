/* read_csv.c: CSV and TSV rows (and Anki's "Notes in Plain Text"
 * export) -> outline.
 *
 * Records are read per RFC 4180 (quoted fields, "" for a quote, line
 * ends inside quotes).  A row is a question, its answer and, when the
 * header or Anki's "#… column:" lines say so, its tags, section and
 * group; rows of one section (or deck) are gathered under it in the
 * order the sections first appear.  FORMAT.md, "csv and tsv".
 */
#include "corpus_int.h"
#include "outline.h"
#include "buf.h"
#include "diag.h"
#include "qbind.h"
#include "utf8.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum col { C_QUESTION, C_ANSWER, C_TAGS, C_SECTION, C_GROUP, C_DECK, NCOLS };

struct csv {
	struct corpus *c;
	char sep;
	int html;
	int col[NCOLS];          /* 0-based column of each, -1 when absent */
	int skip[2];             /* Anki's notetype and guid columns, or -1 */
	const char *p, *end;
	uint32_t line;
	/* the record being read: its fields' text, NUL-separated */
	struct buf rec;
	size_t off[256];
	size_t nfields;
	uint32_t rec_line;
	int told_open;           /* the unclosed quote was reported */
	/* section and group nodes by name, to gather their rows */
	struct slot { char *key; struct ol_node *node; } *map;
	size_t mask, nmap;
};

/* --- records --- */

/* Ends a field: off[i] is where field i + 1 starts.  Fields past the
 * 256th are dropped (no column that far is read). */
static void
field_end(struct csv *s)
{
	buf_putc(&s->rec, '\0');
	if (s->nfields < sizeof(s->off) / sizeof(*s->off))
		s->off[s->nfields++] = s->rec.len;
}

/* Reads the next record; 0 at the end of the text. */
static int
next_record(struct csv *s)
{
	buf_clear(&s->rec);
	s->nfields = 0;
	s->off[0] = 0;
	if (s->p >= s->end)
		return 0;
	s->rec_line = s->line;
	int quoted = 0, at_start = 1;
	for (; s->p < s->end; s->p++) {
		char ch = *s->p;
		if (quoted) {
			if (ch == '"' && s->p + 1 < s->end && s->p[1] == '"')
				buf_putc(&s->rec, '"'), s->p++;
			else if (ch == '"')
				quoted = 0;
			else {
				s->line += ch == '\n';
				buf_putc(&s->rec, ch);
			}
			continue;
		}
		if (ch == '"' && at_start) {
			quoted = 1;
			at_start = 0;
		} else if (ch == s->sep) {
			field_end(s);
			at_start = 1;
		} else if (ch == '\n') {
			s->p++;
			s->line++;
			break;
		} else if (ch != '\r' || (s->p + 1 < s->end && s->p[1] != '\n')) {
			buf_putc(&s->rec, ch);
			at_start = 0;
		}
	}
	if (quoted && !s->told_open) {
		s->told_open = 1;  /* a header row is read twice */
		diag_msg(s->c->d, MSG_CSV_OPEN_QUOTE, s->c->file, s->rec_line, 1);
	}
	field_end(s);
	return 1;
}

/* Field i of the record ("" when the row is shorter). */
static const char *
field(const struct csv *s, int i)
{
	if (i < 0 || (size_t)i + 1 > s->nfields)
		return "";
	return s->rec.ptr + (i == 0 ? 0 : s->off[i - 1]);
}

static int
blank_record(const struct csv *s)
{
	for (size_t i = 0; i < s->nfields; i++)
		if (field(s, (int)i)[strspn(field(s, (int)i), " \t")] != '\0')
			return 0;
	return 1;
}

/* --- Anki's header lines and the header row --- */

static int
anki_line(struct csv *s)
{
	if (s->p >= s->end || *s->p != '#')
		return 0;
	const char *nl = memchr(s->p, '\n', (size_t)(s->end - s->p));
	const char *eol = nl ? nl : s->end;
	const char *colon = memchr(s->p, ':', (size_t)(eol - s->p));
	if (colon == NULL)
		return 0;
	size_t kl = (size_t)(colon - s->p - 1);
	const char *k = s->p + 1, *v = colon + 1;
	size_t vl = (size_t)(eol - v);
	while (vl && (v[vl - 1] == '\r' || v[vl - 1] == ' '))
		vl--;
	/* The text is not NUL-terminated: the number read by hand. */
	int num = 0;
	for (size_t i = 0; i < vl && v[i] >= '0' && v[i] <= '9' && num < 1000; i++)
		num = num * 10 + (v[i] - '0');
	num--;
	if (kl == 9 && strncasecmp(k, "separator", 9) == 0) {
		static const struct { const char *name; char sep; } seps[] = {
			{ "tab", '\t' }, { "comma", ',' }, { "semicolon", ';' },
			{ "pipe", '|' }, { "space", ' ' }, { "colon", ':' },
		};
		for (size_t i = 0; i < sizeof(seps) / sizeof(*seps); i++)
			if (vl == strlen(seps[i].name) && strncasecmp(v, seps[i].name, vl) == 0)
				s->sep = seps[i].sep;
		if (vl == 1)
			s->sep = *v;
	} else if (kl == 4 && strncasecmp(k, "html", 4) == 0)
		s->html = vl == 4 && strncasecmp(v, "true", 4) == 0;
	else if (kl == 11 && strncasecmp(k, "tags column", 11) == 0)
		s->col[C_TAGS] = num;
	else if (kl == 11 && strncasecmp(k, "deck column", 11) == 0)
		s->col[C_DECK] = num;
	else if (kl == 15 && strncasecmp(k, "notetype column", 15) == 0)
		s->skip[0] = num;
	else if (kl == 11 && strncasecmp(k, "guid column", 11) == 0)
		s->skip[1] = num;
	s->p = nl ? nl + 1 : s->end;
	s->line++;
	return 1;
}

/* The column a header cell names, or NCOLS. */
static enum col
header_name(const char *cell)
{
	static const struct { const char *name; enum col col; } names[] = {
		{ "question", C_QUESTION }, { "front", C_QUESTION }, { "q", C_QUESTION },
		{ "вопрос", C_QUESTION }, { "answer", C_ANSWER }, { "back", C_ANSWER },
		{ "a", C_ANSWER }, { "ответ", C_ANSWER }, { "tags", C_TAGS },
		{ "tag", C_TAGS }, { "теги", C_TAGS }, { "section", C_SECTION },
		{ "category", C_SECTION }, { "topic", C_SECTION }, { "раздел", C_SECTION },
		{ "тема", C_SECTION }, { "deck", C_DECK }, { "group", C_GROUP },
		{ "subsection", C_GROUP }, { "subtopic", C_GROUP }, { "группа", C_GROUP },
	};
	size_t n = strlen(cell);
	while (n && (cell[n - 1] == ' ' || cell[n - 1] == '\t'))
		n--;
	while (n && (*cell == ' ' || *cell == '\t'))
		cell++, n--;
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++) {
		/* Cyrillic names compared as written: they are lower-case
		 * in every export seen, and strncasecmp is ASCII only. */
		if (strlen(names[i].name) == n && strncasecmp(cell, names[i].name, n) == 0)
			return names[i].col;
	}
	return NCOLS;
}

/* A first record whose cells name a question column is the header. */
static int
header_row(struct csv *s)
{
	int col[NCOLS];
	for (int k = 0; k < NCOLS; k++)
		col[k] = -1;
	for (size_t i = 0; i < s->nfields; i++) {
		enum col k = header_name(field(s, (int)i));
		if (k != NCOLS && col[k] < 0)
			col[k] = (int)i;
	}
	if (col[C_QUESTION] < 0)
		return 0;
	memcpy(s->col, col, sizeof(col));
	return 1;
}

/* Without a header: the fields Anki's lines leave free are question,
 * answer and (unless said otherwise) tags, in that order. */
static void
default_columns(struct csv *s)
{
	int want[] = { C_QUESTION, C_ANSWER, C_TAGS };
	size_t w = 0;
	for (int i = 0; i < 64 && w < 3; i++) {
		int taken = i == s->skip[0] || i == s->skip[1];
		for (int k = 0; k < NCOLS; k++)
			taken |= s->col[k] == i;
		if (taken)
			continue;
		if (want[w] == C_TAGS && s->col[C_TAGS] >= 0)
			break;
		s->col[want[w++]] = i;
	}
}

/* --- Anki's HTML fields --- */

static void
put_entity(struct buf *b, const char **pp, const char *end)
{
	static const struct { const char *name; const char *text; } ents[] = {
		{ "amp;", "&" }, { "lt;", "<" }, { "gt;", ">" }, { "quot;", "\"" },
		{ "apos;", "'" }, { "nbsp;", "\xC2\xA0" },
	};
	const char *p = *pp + 1;
	for (size_t i = 0; i < sizeof(ents) / sizeof(*ents); i++) {
		size_t n = strlen(ents[i].name);
		if ((size_t)(end - p) >= n && memcmp(p, ents[i].name, n) == 0) {
			buf_puts(b, ents[i].text);
			*pp = p + n;
			return;
		}
	}
	if (p < end && *p == '#') {
		char *stop;
		int hex = p + 1 < end && (p[1] == 'x' || p[1] == 'X');
		unsigned long cp = strtoul(p + 1 + hex, &stop, hex ? 16 : 10);
		if (stop < end && *stop == ';' && cp > 0 && cp <= 0x10FFFF &&
		    (cp < 0xD800 || cp > 0xDFFF)) {
			char enc[4];
			buf_put(b, enc, utf8_encode((uint32_t)cp, enc));
			*pp = stop + 1;
			return;
		}
	}
	buf_putc(b, '&');
	*pp += 1;
}

/* Whether the tag at p (after '<') is name, as <name>, <name …> or </name>. */
static int
is_tag(const char *p, const char *end, const char *name)
{
	if (p < end && *p == '/')
		p++;
	size_t n = strlen(name);
	return (size_t)(end - p) > n && strncasecmp(p, name, n) == 0 &&
	    (p[n] == '>' || p[n] == ' ' || p[n] == '/');
}

/* An HTML field as CommonMark (markdown) or as plain text (!markdown). */
static void
from_html(struct buf *b, const char *s, int markdown)
{
	static const struct { const char *tag; const char *open, *close; } tags[] = {
		{ "br", "\\\n", "" }, { "div", "\n\n", "" }, { "p", "\n\n", "" },
		{ "b", "**", "**" }, { "strong", "**", "**" }, { "i", "*", "*" },
		{ "em", "*", "*" }, { "code", "`", "`" }, { "pre", "\n```\n", "\n```\n" },
		{ "li", "\n- ", "" }, { "ul", "\n\n", "\n\n" }, { "ol", "\n\n", "\n\n" },
	};
	const char *end = s + strlen(s);
	int pre = 0;
	for (const char *p = s; p < end;) {
		if (*p == '&') {
			put_entity(b, &p, end);
			continue;
		}
		if (*p != '<') {
			/* Text that CommonMark would read as markup is escaped. */
			if (markdown && !pre && strchr("\\*_`[]<>#", *p))
				buf_putc(b, '\\');
			buf_putc(b, *p == '\n' && !markdown ? ' ' : *p);
			p++;
			continue;
		}
		const char *close = memchr(p, '>', (size_t)(end - p));
		if (close == NULL) {
			buf_puts(b, markdown ? "\\<" : "<");
			p++;
			continue;
		}
		int closing = p[1] == '/';
		for (size_t i = 0; i < sizeof(tags) / sizeof(*tags); i++) {
			if (!is_tag(p + 1, close + 1, tags[i].tag))
				continue;
			if (i == 8)
				pre = !closing;
			if (i == 7 && pre)
				break;  /* <pre><code>: the fence is the code */
			if (i == 0 && markdown && b->len >= 2 &&
			    memcmp(b->ptr + b->len - 2, "\\\n", 2) == 0) {
				/* <br><br> is a paragraph break, as it looks */
				b->len -= 2;
				buf_puts(b, "\n\n");
				break;
			}
			buf_puts(b, !markdown ? (i < 3 || i >= 9 ? " " : "") :
			    closing ? tags[i].close : tags[i].open);
			break;
		}
		p = close + 1;
	}
}

/* --- sections and groups by name --- */

static struct ol_node **
map_slot(struct csv *s, const char *key)
{
	if (s->nmap * 2 >= s->mask) {
		size_t cap = s->mask ? (s->mask + 1) * 2 : 64;
		struct slot *old = s->map;
		size_t oldcap = s->mask ? s->mask + 1 : 0;
		s->map = xcalloc(cap, sizeof(*s->map));
		s->mask = cap - 1;
		s->nmap = 0;
		for (size_t i = 0; i < oldcap; i++)
			if (old[i].key)
				*map_slot(s, old[i].key) = old[i].node, free(old[i].key);
		free(old);
	}
	size_t h = 5381;
	for (const char *p = key; *p; p++)
		h = h * 33 + (unsigned char)*p;
	for (size_t i = h & s->mask;; i = (i + 1) & s->mask) {
		if (s->map[i].key == NULL) {
			s->map[i].key = xstrdup(key);
			s->nmap++;
			return &s->map[i].node;
		}
		if (strcmp(s->map[i].key, key) == 0)
			return &s->map[i].node;
	}
}

/* Makes the section (and group) of a row current, reusing the node of
 * an earlier row with the same names. */
static void
place(struct csv *s, const struct line *ln, const char *section, const char *group)
{
	struct corpus *c = s->c;
	struct buf key = BUF_INIT;
	buf_printf(&key, "s\x1f%s", section);
	struct ol_node **sn = map_slot(s, key.ptr);
	if (*sn == NULL)
		*sn = *section ? corpus_section(c, ln, section, strlen(section)) : NULL;
	if (*sn == NULL && *section == '\0' && c->section && c->section->text == NULL)
		*sn = c->section;
	if (*sn && *sn != c->section) {
		c->section = *sn;
		c->group = NULL;
	}
	buf_clear(&key);
	buf_printf(&key, "g\x1f%s\x1f%s", section, group);
	struct ol_node **gn = map_slot(s, key.ptr);
	if (*gn == NULL && (*sn || c->section == NULL || *section == '\0'))
		*gn = corpus_group(c, ln, *group ? group : NULL, strlen(group));
	if (*gn)
		c->group = *gn;
	buf_free(&key);
}

/* Deck "Top::Section::Group" as section and group names. */
static void
deck_parts(const char *deck, struct buf *sec, struct buf *grp)
{
	const char *a = strstr(deck, "::");
	if (a == NULL)
		return;
	a += 2;
	const char *b = strstr(a, "::");
	buf_put(sec, a, b ? (size_t)(b - a) : strlen(a));
	if (b)
		buf_puts(grp, b + 2);
}

/* Whether a field has a line past QBIND_MAX_LINE, as every reader
 * refuses (said once per row). */
static int
too_long(struct csv *s, const char *f)
{
	for (const char *p = f; *p;) {
		size_t n = strcspn(p, "\n");
		if (n > QBIND_MAX_LINE) {
			diag_msg(s->c->d, MSG_LINE_TOO_LONG, s->c->file,
			    s->rec_line, 1, n,
			    QBIND_MAX_LINE);
			return 1;
		}
		p += n + (p[n] == '\n');
	}
	return 0;
}

static void
row(struct csv *s)
{
	struct corpus *c = s->c;
	struct line ln = { .no = s->rec_line, .col = 1 };
	struct buf q = BUF_INIT, a = BUF_INIT, sec = BUF_INIT, grp = BUF_INIT;
	const char *qf = field(s, s->col[C_QUESTION]), *af = field(s, s->col[C_ANSWER]);
	if (too_long(s, qf) || too_long(s, af))
		return;
	if (s->html) {
		from_html(&q, qf, 0);
		from_html(&a, af, 1);
	} else {
		buf_puts(&q, qf);
		buf_puts(&a, af);
	}
	for (size_t i = 0; i < q.len; i++)
		if (q.ptr[i] == '\n' || q.ptr[i] == '\r' || q.ptr[i] == '\t')
			q.ptr[i] = ' ';
	if (s->col[C_DECK] >= 0)
		deck_parts(field(s, s->col[C_DECK]), &sec, &grp);
	if (s->col[C_SECTION] >= 0)
		buf_puts(&sec, field(s, s->col[C_SECTION]));
	if (s->col[C_GROUP] >= 0)
		buf_puts(&grp, field(s, s->col[C_GROUP]));
	place(s, &ln, sec.ptr, grp.ptr);
	size_t k = 0;
	while (k < q.len && q.ptr[k] == ' ')
		k++;
	size_t qlen = q.len - k;
	while (qlen && q.ptr[k + qlen - 1] == ' ')
		qlen--;
	ln.s = q.ptr + k;
	struct ol_node *n = qlen ? corpus_question(c, &ln, q.ptr + k, qlen) : NULL;
	if (qlen == 0)
		corpus_err(c, &ln, MSG_CSV_NO_QUESTION);
	if (n && s->col[C_TAGS] >= 0) {
		const char *t = field(s, s->col[C_TAGS]);
		corpus_tags(c, n, &ln, t, strlen(t));
	}
	if (n && a.len && a.ptr[strspn(a.ptr, " \t\r\n")] != '\0')
		answer_from_text(c, n, &ln, a.ptr, a.ptr + a.len, s->rec_line, 0);
	buf_free(&q);
	buf_free(&a);
	buf_free(&sec);
	buf_free(&grp);
}

/* The separator of a csv file: ',' unless its first line has more ';'. */
static char
guess_separator(const char *p, const char *end)
{
	size_t commas = 0, semis = 0;
	for (; p < end && *p != '\n'; p++) {
		commas += *p == ',';
		semis += *p == ';';
	}
	return semis > commas ? ';' : ',';
}

/* The deck's top name when every row shares it: the title. */
static void
deck_title(struct csv *s, const char *start)
{
	if (s->col[C_DECK] < 0 || s->c->o->meta.title)
		return;
	const char *save_p = s->p;
	uint32_t save_line = s->line;
	char *top = NULL;
	int same = 1;
	s->p = start;
	while (same && next_record(s)) {
		if (blank_record(s))
			continue;
		const char *d = field(s, s->col[C_DECK]);
		size_t n = strstr(d, "::") ? (size_t)(strstr(d, "::") - d) : strlen(d);
		if (top == NULL)
			top = xstrndup(d, n);
		else
			same = strlen(top) == n && strncmp(top, d, n) == 0;
	}
	s->p = save_p;
	s->line = save_line;
	if (same && top && *top) {
		struct line ln = { .no = s->line, .col = 1 };
		corpus_set_title(s->c, &ln, top, strlen(top));
	}
	free(top);
}

void
read_csv(struct corpus *c, const char *data, size_t len, int first_file,
    enum reader which)
{
	struct csv s = { .c = c, .p = data, .end = data + len, .line = 1,
	    .rec = BUF_INIT, .skip = { -1, -1 } };
	for (int k = 0; k < NCOLS; k++)
		s.col[k] = -1;
	s.sep = guess_separator(data, data + len);
	if (which == READ_TSV)
		s.sep = '\t';
	while (anki_line(&s))
		;
	c->lax_tabs = 1;
	c->question = NULL;
	const char *start = s.p;
	uint32_t start_line = s.line;
	if (next_record(&s) && !header_row(&s)) {
		s.p = start;
		s.line = start_line;
		default_columns(&s);
	}
	if (first_file) {
		deck_title(&s, s.p);
		if (c->o->meta.title == NULL)
			corpus_title_from_name(c);
	}
	while (next_record(&s))
		if (!blank_record(&s))
			row(&s);
	for (size_t i = 0; s.mask && i <= s.mask; i++)
		free(s.map[i].key);
	free(s.map);
	buf_free(&s.rec);
	c->lax_tabs = 0;
}
