/* out_apkg.h: the Anki deck backend's one entry point (a formats[] row). */
#ifndef QBIND_OUT_APKG_H
#define QBIND_OUT_APKG_H

struct diag;
struct outfile;
struct outline;
struct style;

/* Writes o as an Anki .apkg (schema 11) to f->fp, reading the previous
 * deck at f->path, if any, so that unchanged notes keep their mod.  Style
 * keys: anki.reverse, anki.answers, anki.deck and the card templates and
 * CSS.  0, or -1: reported through d, or a write error on f->fp left in
 * errno for the caller to name. */
int out_apkg(const struct outline *o, const struct style *s,
    struct outfile *f, struct diag *d);
/* Checks the values of anki.reverse and anki.answers (the pipeline does,
 * before it reads the corpus): 0, or -1 after reporting. */
int out_apkg_check_style(const struct style *s, struct diag *d);

#endif
