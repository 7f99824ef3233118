/* messages.c: the table of qbind's diagnostics, built from messages.def. */
#include "messages.h"

const struct msg_info msg_table[MSG__COUNT] = {
#define MSG(name, sev, wclass, text, shown, man) \
	[MSG_##name] = { SEV_##sev, WCLASS_##wclass, #name, msgfmt_MSG_##name, shown, man },
#include "messages.def"
};

const struct wclass_info wclass_table[WCLASS__COUNT] = {
#define WCLASS(name, str, about) [WCLASS_##name] = { str, about },
#include "messages.def"
};
