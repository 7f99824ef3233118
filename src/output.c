/* output.c: atomic output files. */
#include "output.h"
#include "buf.h"
#include "diag.h"
#include "xalloc.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The temporary files not yet renamed, for removal when the process ends
 * early.  Process-wide by nature (atexit and signal handlers take no
 * argument); it holds no render state.  A handful of formats at a time. */
enum { MAX_PENDING = 32 };
static char *volatile pending[MAX_PENDING];

static void
remove_pending(void)
{
	for (int i = 0; i < MAX_PENDING; i++)
		if (pending[i])
			unlink(pending[i]); /* async-signal-safe */
}

static void
on_signal(int sig)
{
	remove_pending();
	signal(sig, SIG_DFL);
	raise(sig);
}

void
output_cleanup_on_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	for (size_t i = 0; i < sizeof(sigs) / sizeof(*sigs); i++) {
		struct sigaction sa;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		sigaction(sigs[i], &sa, NULL);
	}
}

static int
track(char *tmp)
{
	static int registered;
	if (!registered) {
		atexit(remove_pending);
		registered = 1;
	}
	for (int i = 0; i < MAX_PENDING; i++)
		if (pending[i] == NULL) {
			pending[i] = tmp;
			return 0;
		}
	return -1;
}

static void
untrack(const char *tmp)
{
	for (int i = 0; i < MAX_PENDING; i++)
		if (pending[i] == tmp)
			pending[i] = NULL;
}

int
output_check_dir(const char *dir, struct diag *d)
{
	struct stat st;
	if (stat(dir, &st) != 0) {
		diag_sys(d, DIAG_ERROR, "output folder '%s': %s", dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		diag_sys(d, DIAG_ERROR, "output folder '%s' is not a folder", dir);
		return -1;
	}
	if (access(dir, W_OK | X_OK) != 0) {
		diag_sys(d, DIAG_ERROR, "output folder '%s' is not writable: %s",
		    dir, strerror(errno));
		return -1;
	}
	return 0;
}

static void
outfile_clear(struct outfile *f)
{
	free(f->tmp);
	free(f->path);
	f->tmp = f->path = NULL;
	f->fp = NULL;
}

int
outfile_open(struct outfile *f, const char *dir, const char *name, struct diag *d)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s/%s", dir, name);
	f->path = buf_detach(&b);
	buf_printf(&b, "%s/.%s.XXXXXX", dir, name);
	f->tmp = buf_detach(&b);
	f->fp = NULL;
	int fd = mkstemp(f->tmp);
	if (fd < 0) {
		diag_sys(d, DIAG_ERROR, "cannot create a file in '%s': %s", dir,
		    strerror(errno));
		outfile_clear(f);
		return -1;
	}
	if (track(f->tmp) != 0) {
		diag_sys(d, DIAG_ERROR, "too many output files at once");
		close(fd);
		unlink(f->tmp);
		outfile_clear(f);
		return -1;
	}
	/* mkstemp makes 0600; output should get the usual umask'd 0666. */
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0 || (f->fp = fdopen(fd, "wb")) == NULL) {
		diag_sys(d, DIAG_ERROR, "cannot write '%s': %s", f->tmp, strerror(errno));
		close(fd);
		outfile_abort(f);
		return -1;
	}
	return 0;
}

int
outfile_finish(struct outfile *f, struct diag *d)
{
	int rc = 0;
	errno = 0;
	if (fflush(f->fp) != 0 || ferror(f->fp) || fsync(fileno(f->fp)) != 0) {
		diag_sys(d, DIAG_ERROR, "cannot write '%s': %s", f->path,
		    strerror(errno ? errno : EIO));
		rc = -1;
	}
	if (fclose(f->fp) != 0 && rc == 0) {
		diag_sys(d, DIAG_ERROR, "cannot write '%s': %s", f->path, strerror(errno));
		rc = -1;
	}
	f->fp = NULL;
	return rc;
}

int
outfile_commit(struct outfile *f, struct diag *d)
{
	if (rename(f->tmp, f->path) != 0) {
		diag_sys(d, DIAG_ERROR, "cannot rename '%s' to '%s': %s", f->tmp,
		    f->path, strerror(errno));
		outfile_abort(f);
		return -1;
	}
	untrack(f->tmp);
	outfile_clear(f);
	return 0;
}

void
outfile_abort(struct outfile *f)
{
	if (f->fp)
		fclose(f->fp);
	if (f->tmp) {
		unlink(f->tmp);
		untrack(f->tmp);
	}
	outfile_clear(f);
}

char *
output_safe_name(const char *s)
{
	struct buf b = BUF_INIT;
	for (const unsigned char *p = (const unsigned char *)s; *p && b.len < 100; p++) {
		unsigned char ch = *p;
		if (ch < 0x20 || ch == 0x7F || ch == '/' || ch == '\\' || ch == ':' ||
		    ch == '*' || ch == '?' || ch == '"' || ch == '<' || ch == '>' ||
		    ch == '|' || ch == ' ') {
			if (b.len && b.ptr[b.len - 1] != '-')
				buf_putc(&b, '-');
		} else if (ch == '.' && b.len == 0)
			continue;
		else
			buf_putc(&b, ch);
	}
	/* The cut at 100 bytes must not leave half a UTF-8 character. */
	if (b.len) {
		size_t i = b.len - 1;
		while (i > 0 && b.len - i < 4 && ((unsigned char)b.ptr[i] & 0xC0) == 0x80)
			i--;
		unsigned char lead = (unsigned char)b.ptr[i];
		size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
		if (b.len - i < need) {
			b.len = i;
			b.ptr[b.len] = '\0';
		}
	}
	while (b.len && (b.ptr[b.len - 1] == '-' || b.ptr[b.len - 1] == '.'))
		b.ptr[--b.len] = '\0';
	if (b.len == 0)
		buf_puts(&b, "qbind");
	return buf_detach(&b);
}
