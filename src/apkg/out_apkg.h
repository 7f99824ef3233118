/* out_apkg.h: the Anki deck backend's one entry point (a row of backend.c's table). */
#ifndef QBIND_OUT_APKG_H
#define QBIND_OUT_APKG_H

#include "backend.h"

/* The outline as an Anki .apkg (schema 11).  It reads the previous
 * output (the deck this build replaces), so that unchanged notes keep
 * their mod.  Settings: anki.reverse, anki.answers, anki.deck,
 * anki.subdecks, anki.long, anki.long-words and the
 * style's card templates and CSS.  The detail counts notes and cards. */
extern const struct backend backend_apkg;

#endif
