/* lang.c: which language a corpus is in, and the words backends print. */
#include "qbind.h"
#include "outline.h"
#include "utf8.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static const struct ol_labels labels_en = {
	.lang = "en",
	.contents = "Contents",
	.question = "Question",
	.answer = "Answer",
	.answers = "Answers",
	.follow_up = "On question",
	.follow_up_sub = "on question",
	.general = "General questions",
	.section = "Section",
	.notes = "Notes",
	.page_of = "Page %d of %d",
	.back = "Back",
	.questions = { "question", "questions", "questions" },
	.sections = { "section", "sections", "sections" },
	.months = { "January", "February", "March", "April", "May", "June",
		"July", "August", "September", "October", "November", "December" },
	.sheet = "Interview sheet",
	.candidate = "Candidate",
	.role = "Role",
	.date = "Date",
	.interviewer = "Interviewer",
	.asked = "asked",
	.score = "score",
	.score_scale = "0 no answer, 1 partial, 2 solid, 3 deep",
	.summary = "Score summary",
	.total = "Total",
	.verdict = "Recommendation",
	.answer_key = "Answer key",
	.year_suffix = "",
	.landmarks = "Landmarks",
	.a11y_structure = { "This book is text, with a table of contents.",
		"This book is text, with headings and a table of contents." },
	.a11y_answers = { "Its questions have no answers.",
		"Each answer follows its question.",
		"For self-testing, the answers are notes after each section\xE2\x80\x99s "
		"questions, each linked from its question and back." },
	.a11y_rest = "The only image is the cover, whose text alternative gives "
		"the words on it. Nothing flashes, moves or makes a sound.",
};

static const struct ol_labels labels_ru = {
	.lang = "ru",
	.contents = "Содержание",
	.question = "Вопрос",
	.answer = "Ответ",
	.answers = "Ответы",
	.follow_up = "К вопросу",
	.follow_up_sub = "к вопросу",
	.general = "Общие вопросы",
	.section = "Раздел",
	.notes = "Заметки",
	.page_of = "Страница %d из %d",
	.back = "Назад",
	.questions = { "вопрос", "вопроса", "вопросов" },
	.sections = { "раздел", "раздела", "разделов" },
	.months = { "января", "февраля", "марта", "апреля", "мая", "июня",
		"июля", "августа", "сентября", "октября", "ноября", "декабря" },
	.sheet = "Лист интервьюера",
	.candidate = "Кандидат",
	.role = "Позиция",
	.date = "Дата",
	.interviewer = "Интервьюер",
	.asked = "задано",
	.score = "оценка",
	.score_scale = "0 нет ответа, 1 частично, 2 уверенно, 3 глубоко",
	.summary = "Сводка оценок",
	.total = "Всего",
	.verdict = "Итог",
	.answer_key = "Ключ ответов",
	.year_suffix = " г.",
	.landmarks = "Ориентиры",
	.a11y_structure = { "Книга состоит из текста с оглавлением.",
		"Книга состоит из текста с заголовками и оглавлением." },
	.a11y_answers = { "Ответов на вопросы в книге нет.",
		"Ответ на вопрос идёт сразу после него.",
		"Для самопроверки ответы вынесены в сноски после вопросов "
		"каждого раздела, со ссылками от вопроса к ответу и обратно." },
	.a11y_rest = "Единственное изображение — обложка, её текстовая "
		"альтернатива передаёт надписи на ней. Ничего не мигает, не "
		"движется и не звучит.",
};

const struct ol_labels *
lang_labels(const char *lang)
{
	if (lang && strncasecmp(lang, "ru", 2) == 0 && (lang[2] == '\0' || lang[2] == '-'))
		return &labels_ru;
	return &labels_en;
}

/* Russian: 1, 21, 101 вопрос; 2–4, 22–24 вопроса; 0, 5–20, 25 вопросов.
 * English: 1 question, any other number questions. */
const char *
lang_plural(const struct ol_labels *l, const char *const forms[3],
    unsigned long n)
{
	if (strcmp(l->lang, "ru") != 0)
		return forms[n == 1 ? 0 : 1];
	if (n % 10 == 1 && n % 100 != 11)
		return forms[0];
	if (n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14))
		return forms[1];
	return forms[2];
}

void
lang_long_date(const struct ol_labels *l, int year, int month, int day,
    char *out, size_t size)
{
	if (month < 1 || month > 12)
		month = 1;
	snprintf(out, size, "%d %s %d%s", day, l->months[month - 1], year,
	    l->year_suffix);
}

/* One function for every format's title page, so that the PDF and the
 * EPUB never write the same day two ways. */
void
lang_title_date(const struct outline *o, time_t built, char *out, size_t size)
{
	const struct ol_labels *l = o->labels ? o->labels : lang_labels(o->meta.lang);
	int y, m, d;
	char end;
	if (o->meta.date) {
		if (sscanf(o->meta.date, "%4d-%2d-%2d%c", &y, &m, &d, &end) == 3 &&
		    m >= 1 && m <= 12 && d >= 1 && d <= 31)
			lang_long_date(l, y, m, d, out, size);
		else
			snprintf(out, size, "%s", o->meta.date);
		return;
	}
	struct tm tm;
	gmtime_r(&built, &tm);
	lang_long_date(l, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, out, size);
}

size_t
lang_title_counts(const struct outline *o, const char *sep, char *out,
    size_t size)
{
	const struct ol_labels *l = o->labels ? o->labels : lang_labels(o->meta.lang);
	unsigned long nq = (unsigned long)o->nquestions;
	unsigned long ns = (unsigned long)o->nsections;
	if (nq == 0 || size == 0)
		return 0;
	int n = snprintf(out, size, "%lu %s", nq, lang_plural(l, l->questions, nq));
	if (ns > 0 && n > 0 && (size_t)n < size)
		n += snprintf(out + n, size - (size_t)n, " %s %lu %s", sep, ns,
		    lang_plural(l, l->sections, ns));
	return n > 0 ? strlen(out) : 0;
}

static void
count_letters(const char *s, size_t *cyr, size_t *lat)
{
	if (s == NULL)
		return;
	while (*s) {
		uint32_t cp = utf8_next(&s);
		if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
			(*lat)++;
		else if (cp >= 0x400 && cp <= 0x4FF)
			(*cyr)++;
	}
}

/* Russian technical text is full of English terms ("GOMAXPROCS",
 * "goroutine"), so Cyrillic need not be the majority: a third of the
 * letters being Cyrillic is a Russian text with borrowed words, while an
 * English text quoting Russian stays far below that.  The first
 * LANG_SAMPLE letters decide; reading a whole 10 MB corpus would not
 * change the answer, only cost time. */
enum { LANG_SAMPLE = 200000 };

const char *
lang_detect(const struct outline *o)
{
	size_t cyr = 0, lat = 0;
	count_letters(o->meta.title, &cyr, &lat);
	for (const struct ol_node *s = o->root->first; s && cyr + lat < LANG_SAMPLE;
	    s = s->next) {
		count_letters(s->text, &cyr, &lat);
		OL_FOREACH(g, s) {
			count_letters(g->text, &cyr, &lat);
			OL_FOREACH(q, g)
				count_letters(q->text, &cyr, &lat);
		}
	}
	return cyr * 3 >= cyr + lat && cyr > 0 ? "ru" : "en";
}
