/* read_detect.c: which reader a file is for, when --from does not say.
 *
 * One pass over the lines counts the marks of each shape (headings, list
 * items, Q:/A: markers, group lines, fences, tab-separated columns);
 * the qbind format is tried for real whenever the marks leave it open,
 * so a file that parses as qbind today is still read as qbind.  The order
 * and the reasons are in corpus/FORMAT.md, "Which reader".
 */
#include "corpus_int.h"
#include "qbind.h"
#include "utf8.h"

#include <string.h>
#include <strings.h>

static const char *const names[NREADERS] = {
	"auto", "qbind", "markdown", "qa", "list", "csv", "tsv",
};

const char *
reader_name(enum reader r)
{
	return names[r];
}

enum reader
reader_by_name(const char *name)
{
	size_t i = 1;
	while (i < NREADERS && strcasecmp(names[i], name) != 0)
		i++;
	/* pandoc's and people's other names for two of them */
	if (i == NREADERS && (strcasecmp(name, "md") == 0 ||
	    strcasecmp(name, "commonmark") == 0))
		return READ_MARKDOWN;
	if (i == NREADERS && strcasecmp(name, "native") == 0)
		return READ_QBIND;
	return (enum reader)i;
}

int
corpus_set_reader(struct corpus *c, const char *name)
{
	if (name == NULL || strcasecmp(name, "auto") == 0) {
		c->from = READ_AUTO;
		return 0;
	}
	enum reader r = reader_by_name(name);
	if (r == NREADERS)
		return -1;
	c->from = r;
	return 0;
}

int
corpus_reader_known(const char *name)
{
	return strcasecmp(name, "auto") == 0 || reader_by_name(name) != NREADERS;
}

const char *
corpus_reader_names(void)
{
	return "qbind, markdown, qa, list, csv, tsv";
}

void
corpus_say_reader(struct corpus *c, int say)
{
	c->say_reader = say;
}

struct marks {
	size_t lines;       /* not blank, outside fences */
	size_t md_heading;  /* "# " … "###### " */
	size_t deep_heading;/* "### " and deeper: never qbind's */
	size_t md_item;     /* "- ", "* ", "+ ", "1. ", "1) " */
	size_t other_item;  /* "•", "–", "—", "1 - " … */
	size_t md_fence;    /* ``` or ~~~ */
	size_t qbind_fence; /* ::: */
	size_t group_line;  /* ends in ':' */
	size_t q_marker, a_marker;
	size_t tab_columns; /* a tab between two pieces of text */
	int front_matter;   /* "---" on line 1 */
	int anki_header;    /* "#separator:" and the like on top */
	int anki_tab;       /* … saying the separator is a tab */
	int first_heading;  /* the first line of text is a '#' heading */
	uint32_t first_line;
};

/* The length of a bullet at s (with the space after it), 0 if none. */
size_t
list_marker(const char *s, size_t len, int *markdown)
{
	static const char *const bullets[] = {
		"\xE2\x80\xA2", "\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x97\xA6",
		"\xE2\x96\xAA", "\xC2\xB7", "\xE2\x80\xA3", "\xE2\x97\x8F",
	};
	*markdown = 0;
	if (len >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') &&
	    (s[1] == ' ' || s[1] == '\t')) {
		*markdown = 1;
		return 2;
	}
	for (size_t i = 0; i < sizeof(bullets) / sizeof(*bullets); i++) {
		size_t bl = strlen(bullets[i]);
		if (len > bl && memcmp(s, bullets[i], bl) == 0)
			return bl + (s[bl] == ' ' || s[bl] == '\t');
	}
	size_t d = 0;
	while (d < len && d < 9 && s[d] >= '0' && s[d] <= '9')
		d++;
	if (d == 0 || d == len)
		return 0;
	if ((s[d] == '.' || s[d] == ')') && d + 1 < len &&
	    (s[d + 1] == ' ' || s[d + 1] == '\t')) {
		*markdown = 1;
		return d + 2;
	}
	/* "1 - What…", "1 – What…" */
	size_t k = d;
	while (k < len && s[k] == ' ')
		k++;
	if (k > d && k + 1 < len && s[k] == '-' && s[k + 1] == ' ')
		return k + 2;
	if (k > d && k + 3 < len && memcmp(s + k, "\xE2\x80\x93 ", 4) == 0)
		return k + 4;
	return 0;
}

/* The length of a question or answer marker at s ("Q:", "**Вопрос 3:**",
 * "A."), 0 if none; *answer says which. */
size_t
qa_marker(const char *s, size_t len, int *answer)
{
	static const struct { const char *word; int answer; } words[] = {
		{ "question", 0 }, { "answer", 1 }, { "q", 0 }, { "a", 1 },
		{ "вопрос", 0 }, { "ответ", 1 }, { "в", 0 }, { "о", 1 },
	};
	size_t p = 0, bold = 0;
	while (p < len && p < 2 && s[p] == '*')
		p++;
	bold = p;
	for (size_t w = 0; w < sizeof(words) / sizeof(*words); w++) {
		const char *q = s + p, *end = s + len;
		const char *wd = words[w].word;
		int same = 1;
		while (*wd && same)
			same = q < end && utf8_fold(utf8_next(&q)) == utf8_next(&wd);
		if (!same)
			continue;
		/* an optional number: "Q1:", "Вопрос 2." */
		while (q < end && *q == ' ')
			q++;
		while (q < end && *q >= '0' && *q <= '9')
			q++;
		if (q == end || (*q != ':' && *q != '.'))
			continue;
		/* "a.m." or "Q.E.D." are not markers: a space must follow */
		q++;
		size_t b = 0;
		while (q + b < end && b < bold && q[b] == '*')
			b++;
		q += b;
		if (q != end && *q != ' ' && *q != '\t')
			continue;
		while (q < end && (*q == ' ' || *q == '\t'))
			q++;
		*answer = words[w].answer;
		return (size_t)(q - s);
	}
	return 0;
}

static int
anki_header_line(const char *s, size_t len, int *tab)
{
	static const char *const keys[] = {
		"#separator:", "#html:", "#tags column:", "#deck column:",
		"#notetype column:", "#guid column:", "#columns:", "#notetype:",
		"#deck:", "#tags:", "#if matches:",
	};
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
		size_t kl = strlen(keys[i]);
		if (len >= kl && strncasecmp(s, keys[i], kl) == 0) {
			if (i == 0)
				*tab = len - kl >= 3 && strncasecmp(s + kl, "tab", 3) == 0;
			return 1;
		}
	}
	return 0;
}

/* Counts the marks of one line; returns whether it is a heading. */
static int
mark_line(struct marks *m, const char *s, size_t len)
{
	int md, answer;
	size_t h = 0;
	while (h < len && s[h] == '#')
		h++;
	if (h >= 1 && h <= 6 && h < len && (s[h] == ' ' || s[h] == '\t')) {
		m->md_heading++;
		m->deep_heading += h >= 3;
		return 1;
	}
	size_t lm = list_marker(s, len, &md);
	if (lm) {
		if (md)
			m->md_item++;
		else
			m->other_item++;
	}
	if (qa_marker(s + lm, len - lm, &answer)) {
		if (answer)
			m->a_marker++;
		else
			m->q_marker++;
		return 0;
	}
	if (!lm && s[len - 1] == ':')
		m->group_line++;
	const char *tab = memchr(s + lm, '\t', len - lm);
	if (tab && tab > s + lm)
		m->tab_columns++;
	return 0;
}

static void
scan(const char *data, size_t len, struct marks *m)
{
	memset(m, 0, sizeof(*m));
	int in_code = 0, in_answer = 0, top = 1;
	uint32_t no = 0;
	for (const char *p = data, *end = data + len; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		const char *s = p;
		p = nl ? nl + 1 : end;
		no++;
		size_t indent = 0;
		while (s < eol && (*s == ' ' || *s == '\t'))
			s++, indent++;
		size_t n = (size_t)(eol - s);
		while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
			n--;
		if (n == 0)
			continue;
		if (top && no <= 8 && anki_header_line(s, n, &m->anki_tab)) {
			m->anki_header = 1;
			continue;
		}
		top = 0;
		if (no == 1 && n == 3 && memcmp(s, "---", 3) == 0)
			m->front_matter = 1;
		if (n == 3 && memcmp(s, ":::", 3) == 0) {
			in_answer = !in_answer;
			m->qbind_fence++;
			continue;
		}
		if (in_answer)
			continue;
		if (n >= 3 && (memcmp(s, "```", 3) == 0 || memcmp(s, "~~~", 3) == 0)) {
			in_code = !in_code;
			m->md_fence++;
			continue;
		}
		if (in_code)
			continue;
		int heading = mark_line(m, s, n);
		if (m->lines++ == 0) {
			m->first_line = no;
			m->first_heading = heading;
		}
	}
}

static int
ends_with(const char *name, const char *ext)
{
	size_t n = strlen(name), e = strlen(ext);
	return n > e && strcasecmp(name + n - e, ext) == 0;
}

enum reader
read_detect(struct corpus *c, const char *data, size_t len, const char **why,
    int (*qbind_trial)(struct corpus *, const char *, size_t))
{
	struct marks m;
	scan(data, len, &m);
	const char *f = c->file;
	if (m.anki_header) {
		*why = "Anki's export header";
		return m.anki_tab ? READ_TSV : READ_CSV;
	}
	if (ends_with(f, ".csv")) {
		*why = "the file name ends in .csv";
		return READ_CSV;
	}
	if (ends_with(f, ".tsv") || ends_with(f, ".tab")) {
		*why = "the file name ends in .tsv";
		return READ_TSV;
	}
	size_t items = m.md_item + m.other_item;
	int foreign = items || m.q_marker || m.a_marker || m.md_fence ||
	    m.deep_heading || m.tab_columns * 2 > m.lines;
	if ((m.qbind_fence || m.front_matter || m.group_line) && !foreign) {
		*why = "group lines ending in ':'";
		return READ_QBIND;
	}
	/* A file that opens with a '#' heading is no qbind corpus (its first
	 * line is the title): no need to try. */
	if (!m.front_matter && m.first_heading) {
		c->fail_line = m.first_line;
	} else if (qbind_trial(c, data, len)) {
		*why = "it parses as the qbind format";
		return READ_QBIND;
	}
	if (m.lines >= 2 && m.tab_columns * 10 >= m.lines * 8) {
		*why = "tab-separated columns";
		return READ_TSV;
	}
	if (m.q_marker && (m.a_marker || m.q_marker >= 2)) {
		*why = "Q:/A: pairs";
		return READ_QA;
	}
	int md_name = ends_with(f, ".md") || ends_with(f, ".markdown");
	if ((m.md_heading || m.md_fence || md_name) && m.other_item <= m.md_item) {
		*why = m.md_heading && m.md_item ? "headings and list items" :
		    m.md_heading ? "'#' headings" : m.md_fence ? "``` code blocks" :
		    "the file name ends in .md";
		return READ_MARKDOWN;
	}
	*why = items ? "numbered or bulleted items" : "one question a line";
	return READ_LIST;
}
