/* messages.h: the codes of qbind's diagnostics and their table (the
 * entries are in messages.def).
 *
 * Each message is an enum msg code, MSG_name, with its severity, its
 * warning class (for warnings) and its printf text.  The text is also
 * a static array, msgfmt_MSG_name, in every file that includes this
 * header: diag.h's macros pass it where gcc and clang check it against
 * the arguments, as they check a string literal.
 */
#ifndef QBIND_MESSAGES_H
#define QBIND_MESSAGES_H

/* What the man page groups a message under; the first three are also
 * its level when printed (see diag_level in diag.h). */
enum msg_sev {
	SEV_NOTE, SEV_WARNING, SEV_ERROR,
	SEV_USAGE,   /* the command line: exit status 2 */
	SEV_SYSTEM   /* files and the environment: exit status 3 */
};

enum wclass {
#define WCLASS(name, str, about) WCLASS_##name,
#include "messages.def"
	WCLASS__COUNT
};

enum msg {
#define MSG(name, sev, wclass, text, shown, man) MSG_##name,
#include "messages.def"
	MSG__COUNT
};

#define MSG(name, sev, wclass, text, shown, man) \
	static const char msgfmt_MSG_##name[] = text;
#include "messages.def"

struct msg_info {
	enum msg_sev sev;
	enum wclass wclass;   /* WCLASS_NONE but for warnings */
	const char *name;     /* "OUTSIDE_GROUP" */
	const char *text;     /* the printf text */
	const char *shown;    /* as the man page lists it; "": from text */
	const char *man;      /* mdoc for qbind.1; "" for none */
};

struct wclass_info {
	const char *name;     /* "tags", as -W takes it; "" for WCLASS_NONE */
	const char *about;
};

extern const struct msg_info msg_table[MSG__COUNT];
extern const struct wclass_info wclass_table[WCLASS__COUNT];

#endif
