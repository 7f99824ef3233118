/* pipeline.h: corpus files -> validated outline -> output files.  What the
 * qbind command runs, without argv: main.c turns options into a struct
 * build_opts and the result into an exit status. */
#ifndef QBIND_PIPELINE_H
#define QBIND_PIPELINE_H

#include <stddef.h>
#include <stdio.h>

#include "backend.h"
#include "qbind.h"

struct diag;
struct outline;

struct build_opts {
	const char *const *inputs;
	size_t ninputs;
	const char *outdir;      /* folder for build */
	const char *name;        /* base name of output files; NULL: from the first input */
	const char *style;       /* name or path */
	const char *const *overrides; /* "key=value" from -D, over style.conf */
	size_t noverrides;
	const char *exe;         /* our own path, to find styles; may be NULL */
	const char *from;        /* --from: the reader's name; NULL: detect */
	int say_reader;          /* note which reader each file was read with */
	unsigned formats;        /* bit i: formats[i] of pipeline_format() */
	int stats;               /* print timings and peak memory to stats_out */
	FILE *stats_out;
};

/* The formats this build of qbind can write (backend.h); NULL past the
 * last. */
const struct backend *pipeline_format(size_t i);
/* Parses "pdf,epub": sets *mask; on an unknown name reports it, -1. */
int pipeline_parse_formats(const char *list, unsigned *mask, struct diag *d);

/* Every style key some format of this qbind reads, into keys[cap],
 * NULL-terminated: what style_open and style_override take. */
void pipeline_style_keys(const char **keys, size_t cap);

/* Reads and validates; *out is NULL unless the corpus had no errors. */
enum qbind_exit pipeline_load(const struct build_opts *o, struct diag *d,
    struct outline **out);
/* Reads, validates, then writes every format of o->formats at once, one
 * thread each (see pipeline.c), and commits the files when all of them
 * succeeded. */
enum qbind_exit pipeline_build(const struct build_opts *o, struct diag *d);
enum qbind_exit pipeline_dump(const struct build_opts *o, enum dump_format fmt,
    const char *outfile, struct diag *d);

#endif
