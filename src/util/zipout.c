/* zipout.c: zip archives made in memory by libzip, copied to a FILE. */
#include "zipout.h"
#include "build_time.h"
#include "diag.h"
#include "xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <zip.h>

struct zipout {
	zip_source_t *src;  /* the buffer the archive is written into */
	zip_t *za;          /* open on src until finished */
	const char *what;   /* the archive's name in messages */
	struct diag *d;
	uint16_t dostime, dosdate; /* every entry's time */
	int failed;         /* sticky: an error was reported */
};

static int
fail(struct zipout *z, const char *step, zip_error_t *ze)
{
	/* The one allocation policy (xalloc.h) covers libzip's too. */
	if (zip_error_code_zip(ze) == ZIP_ER_MEMORY)
		xalloc_die(0);
	diag_sys(z->d, MSG_ZIP, z->what,
	    step, zip_error_strerror(ze));
	z->failed = 1;
	return -1;
}

struct zipout *
zipout_open(const char *what, time_t t, struct diag *d)
{
	struct zipout *z = xcalloc(1, sizeof(*z));
	z->what = what;
	z->d = d;
	build_time_dos(t, &z->dostime, &z->dosdate);
	zip_error_t ze;
	zip_error_init(&ze);
	z->src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (z->src)
		z->za = zip_open_from_source(z->src, ZIP_TRUNCATE, &ze);
	if (z->za == NULL) {
		fail(z, "starting it", &ze);
		zip_error_fini(&ze);
		if (z->src)
			zip_source_free(z->src);
		free(z);
		return NULL;
	}
	zip_error_fini(&ze);
	/* zip_close drops the archive's reference: keep one to read it back. */
	zip_source_keep(z->src);
	return z;
}

int
zipout_add(struct zipout *z, const char *name, const void *data,
    size_t len, int owned, int level)
{
	if (z->failed) {
		if (owned)
			free((void *)data);
		return -1;
	}
	zip_source_t *src = zip_source_buffer(z->za, data, len, owned);
	if (src == NULL) {
		/* Only for want of memory, where fail ends the process
		 * (libzip may have freed data already), or for NULL data:
		 * nothing to free either way. */
		return fail(z, name, zip_get_error(z->za));
	}
	zip_int64_t i = zip_file_add(z->za, name, src, ZIP_FL_ENC_UTF_8);
	if (i < 0) {
		zip_source_free(src);
		return fail(z, name, zip_get_error(z->za));
	}
	/* A buffer source is stamped with the time it was made: set ours. */
	if (zip_set_file_compression(z->za, (zip_uint64_t)i,
	    level == ZIPOUT_STORE ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
	    (zip_uint32_t)level) != 0 ||
	    zip_file_set_dostime(z->za, (zip_uint64_t)i, z->dostime,
	    z->dosdate, 0) != 0)
		return fail(z, name, zip_get_error(z->za));
	return 0;
}

/* Copies the finished archive from its buffer source to fp. */
static int
copy_out(struct zipout *z, FILE *fp)
{
	if (zip_source_open(z->src) < 0)
		return fail(z, "reading it back", zip_source_error(z->src));
	char chunk[1 << 16];
	zip_int64_t n;
	int rc = 0;
	while (rc == 0 && (n = zip_source_read(z->src, chunk, sizeof(chunk))) != 0) {
		if (n < 0)
			rc = fail(z, "reading it back", zip_source_error(z->src));
		else if (fwrite(chunk, 1, (size_t)n, fp) != (size_t)n)
			rc = -1;
	}
	/* The caller reports a write error from errno. */
	int saved = errno;
	zip_source_close(z->src);
	errno = saved;
	return rc;
}

int
zipout_finish(struct zipout *z, FILE *fp)
{
	if (z->failed) {
		zipout_discard(z);
		return -1;
	}
	if (zip_close(z->za) != 0) {
		fail(z, "writing it", zip_get_error(z->za));
		zipout_discard(z);
		return -1;
	}
	int rc = copy_out(z, fp);
	int saved = errno;
	zip_source_free(z->src);
	free(z);
	errno = saved;
	return rc;
}

void
zipout_discard(struct zipout *z)
{
	if (z == NULL)
		return;
	if (z->za)
		zip_discard(z->za);
	zip_source_free(z->src);
	free(z);
}
