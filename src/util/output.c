/* output.c: atomic output files. */
#include "output.h"
#include "buf.h"
#include "diag.h"
#include "utf8.h"
#include "xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The temporary files not yet renamed, for removal when the process ends
 * early.  Process-wide by nature (atexit and signal handlers take no
 * argument); it holds no render state.  A handful of formats at a time.
 * Changed only with the signals below blocked, so that the handler never
 * sees a file that exists but is not listed yet. */
enum { MAX_PENDING = 32 };
static char *volatile pending[MAX_PENDING];

/* SIGPIPE too: a build that writes one format into a pipe whose reader
 * went away still removes the temporary files of the others. */
static const int cleanup_sigs[] = { SIGHUP, SIGINT, SIGPIPE, SIGTERM };
enum { NSIGS = sizeof(cleanup_sigs) / sizeof(*cleanup_sigs) };

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
	/* The other signals of cleanup_sigs are blocked here (sa_mask), so a
	 * second one cannot cut the cleanup short; the process then dies of
	 * the first, as if qbind had not caught it. */
	remove_pending();
	signal(sig, SIG_DFL);
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, sig);
	sigprocmask(SIG_UNBLOCK, &s, NULL);
	raise(sig);
}

void
output_cleanup_on_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (int i = 0; i < NSIGS; i++)
		sigaddset(&sa.sa_mask, cleanup_sigs[i]);
	for (int i = 0; i < NSIGS; i++) {
		/* A signal ignored when we start stays ignored: nohup(1) and
		 * the background jobs of a shell without job control rely on
		 * it. */
		struct sigaction old;
		if (sigaction(cleanup_sigs[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		sigaction(cleanup_sigs[i], &sa, NULL);
	}
}

/* Blocks the signals whose handler reads pending[], so that creating or
 * renaming a temporary file and listing or unlisting it are one step. */
static void
block_signals(sigset_t *old)
{
	sigset_t s;
	sigemptyset(&s);
	for (int i = 0; i < NSIGS; i++)
		sigaddset(&s, cleanup_sigs[i]);
	sigprocmask(SIG_BLOCK, &s, old);
}

static void
restore_signals(const sigset_t *old)
{
	sigprocmask(SIG_SETMASK, old, NULL);
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
		diag_sys(d, MSG_OUTDIR, dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		diag_sys(d, MSG_OUTDIR_NOT_DIR, dir);
		return -1;
	}
	if (access(dir, W_OK | X_OK) != 0) {
		diag_sys(d, MSG_OUTDIR_NOT_WRITABLE,
		    dir, strerror(errno));
		return -1;
	}
	return 0;
}

/* The nearest of dir's parents that exists ("." or "/" at the end), into
 * *out; -1 with errno set when looking fails for another reason than a
 * missing part. */
static int
existing_parent(const char *dir, char **out)
{
	char *p = xstrdup(dir);
	for (;;) {
		size_t n = strlen(p);
		while (n > 1 && p[n - 1] == '/')
			p[--n] = '\0';
		char *slash = strrchr(p, '/');
		if (slash == NULL) {
			free(p);
			p = xstrdup(".");
		} else
			slash[slash == p] = '\0'; /* "/x" leaves "/" */
		struct stat st;
		if (stat(p, &st) == 0 || strcmp(p, ".") == 0 || strcmp(p, "/") == 0) {
			*out = p;
			return 0;
		}
		if (errno != ENOENT && errno != ENOTDIR) {
			free(p);
			return -1;
		}
	}
}

int
output_check_new_dir(const char *dir, struct diag *d)
{
	struct stat st;
	if (*dir == '\0' || stat(dir, &st) == 0 || (errno != ENOENT && errno != ENOTDIR))
		return output_check_dir(dir, d);
	char *parent;
	if (existing_parent(dir, &parent) != 0) {
		diag_sys(d, MSG_OUTDIR, dir, strerror(errno));
		return -1;
	}
	int rc = -1;
	if (stat(parent, &st) != 0 || !S_ISDIR(st.st_mode))
		diag_sys(d, MSG_OUTDIR_PARENT_NOT_DIR, dir, parent);
	else if (access(parent, W_OK | X_OK) != 0)
		diag_sys(d, MSG_OUTDIR_PARENT_NOT_WRITABLE, dir, parent,
		    strerror(errno));
	else
		rc = 0;
	free(parent);
	return rc;
}

/* mkdir of one part of the path; 1 when it made it, 0 when a folder was
 * there, -1 after reporting. */
static int
make_part(const char *part, struct diag *d)
{
	if (mkdir(part, 0777) == 0)
		return 1;
	int err = errno;
	struct stat st;
	if (err == EEXIST && stat(part, &st) == 0 && S_ISDIR(st.st_mode))
		return 0;
	diag_sys(d, MSG_CANNOT_CREATE_OUTDIR, part,
	    err == EEXIST ? "not a folder" : strerror(err));
	return -1;
}

int
output_make_dir(const char *dir, char **made, struct diag *d)
{
	*made = NULL;
	if (*dir == '\0')
		return output_check_dir(dir, d);
	char *p = xstrdup(dir);
	int rc = 0;
	/* Every prefix that ends before a '/', then the whole path. */
	for (char *q = p + 1; rc == 0; q++) {
		if (*q != '/' && *q != '\0')
			continue;
		char c = *q;
		*q = '\0';
		if (q[-1] != '/') {
			int r = make_part(p, d);
			if (r < 0)
				rc = -1;
			else if (r == 1 && *made == NULL)
				*made = xstrdup(p);
		}
		*q = c;
		if (c == '\0')
			break;
	}
	free(p);
	if (rc == 0 && output_check_dir(dir, d) != 0)
		rc = -1;
	if (rc != 0) {
		output_unmake_dir(dir, *made);
		free(*made);
		*made = NULL;
	}
	return rc;
}

void
output_unmake_dir(const char *dir, const char *made)
{
	if (made == NULL)
		return;
	/* From dir up to made; rmdir leaves a folder that is not empty. */
	char *p = xstrdup(dir);
	size_t stop = strlen(made);
	for (;;) {
		size_t n = strlen(p);
		while (n > 1 && p[n - 1] == '/')
			p[--n] = '\0';
		if (n < stop || rmdir(p) != 0 || n == stop)
			break;
		char *slash = strrchr(p, '/');
		if (slash == NULL)
			break;
		*slash = '\0';
	}
	free(p);
}

static void
outfile_clear(struct outfile *f)
{
	free(f->tmp);
	free(f->path);
	f->tmp = f->path = NULL;
	f->fp = NULL;
	f->direct = 0;
}

char *
output_join(const char *dir, const char *name)
{
	struct buf b = BUF_INIT;
	if (strcmp(dir, ".") != 0)
		buf_printf(&b, "%s/", strcmp(dir, "/") ? dir : "");
	buf_puts(&b, name);
	return buf_detach(&b);
}

/* Follows the symbolic links at path to the name they end at (path
 * itself when it is no link): that file is the one to replace, beside
 * it, so that the links stay.  *magic is set when the chain goes through
 * /proc, as /dev/stdout and /dev/fd/N do: those name an open file, not
 * a place to put one.  NULL with errno set on a loop or a bad link. */
static char *
follow_links(const char *path, int *magic)
{
	char *cur = xstrdup(path);
	char target[PATH_MAX];
	*magic = 0;
	for (int hops = 0; hops < 40; hops++) {
		struct stat st;
		if (strncmp(cur, "/proc/", 6) == 0)
			*magic = 1;
		if (lstat(cur, &st) != 0 || !S_ISLNK(st.st_mode))
			return cur;
		ssize_t n = readlink(cur, target, sizeof(target) - 1);
		if (n < 0) {
			free(cur);
			return NULL;
		}
		target[n] = '\0';
		struct buf b = BUF_INIT;
		char *slash = strrchr(cur, '/');
		if (target[0] != '/' && slash)
			buf_put(&b, cur, (size_t)(slash - cur + 1));
		buf_puts(&b, target);
		free(cur);
		cur = buf_detach(&b);
	}
	free(cur);
	errno = ELOOP;
	return NULL;
}

/* Opens an existing file that is not a regular one (a device, a FIFO,
 * /dev/stdout) for writing in place: there is nothing to rename over it,
 * and renaming over a device node would replace the node. */
static int
open_direct(struct outfile *f, struct diag *d)
{
	int fd = open(f->path, O_WRONLY | O_TRUNC | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 || (f->fp = fdopen(fd, "wb")) == NULL) {
		diag_sys(d, MSG_CANNOT_WRITE, f->path, strerror(errno));
		if (fd >= 0)
			close(fd);
		outfile_clear(f);
		return -1;
	}
	f->direct = 1;
	return 0;
}

/* Creates dir/.name.XXXXXX for the file to replace dir/name. */
static int
open_temp(struct outfile *f, const char *dir, const char *name, struct diag *d)
{
	if (output_check_dir(dir, d) != 0) {
		outfile_clear(f);
		return -1;
	}
	struct buf b = BUF_INIT;
	buf_printf(&b, ".%s.XXXXXX", name);
	f->tmp = output_join(dir, b.ptr);
	buf_free(&b);
	sigset_t old;
	block_signals(&old);
	int fd = mkstemp(f->tmp);
	int err = errno;
	int full = fd >= 0 && track(f->tmp) != 0;
	if (full) {
		unlink(f->tmp);
		close(fd);
		fd = -1;
	}
	restore_signals(&old);
	if (fd < 0 || full) {
		if (full)
			diag_sys(d, MSG_TOO_MANY_OUTPUTS);
		else
			diag_sys(d, MSG_CANNOT_CREATE_FILE,
			    dir, strerror(err));
		outfile_clear(f);
		return -1;
	}
	/* mkstemp makes 0600; output should get the usual umask'd 0666. */
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0 || (f->fp = fdopen(fd, "wb")) == NULL) {
		diag_sys(d, MSG_CANNOT_WRITE, f->tmp, strerror(errno));
		close(fd);
		outfile_abort(f);
		return -1;
	}
	return 0;
}

int
outfile_open(struct outfile *f, const char *dir, const char *name, struct diag *d)
{
	memset(f, 0, sizeof(*f));
	f->path = output_join(dir, name);
	struct stat st;
	if (stat(f->path, &st) != 0) {
		/* Nothing there, or a link to nothing (replaced, not
		 * followed: it may point anywhere), or a folder that is
		 * not one (open_temp says so). */
		if (errno == ENOENT || errno == ENOTDIR)
			return open_temp(f, dir, name, d);
		diag_sys(d, MSG_CANNOT_WRITE, f->path, strerror(errno));
		outfile_clear(f);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		diag_sys(d, MSG_CANNOT_WRITE, f->path, strerror(EISDIR));
		outfile_clear(f);
		return -1;
	}
	if (!S_ISREG(st.st_mode))
		return open_direct(f, d);
	int magic;
	char *real = follow_links(f->path, &magic);
	if (real == NULL) {
		diag_sys(d, MSG_CANNOT_WRITE, f->path, strerror(errno));
		outfile_clear(f);
		return -1;
	}
	if (magic) {
		free(real);
		return open_direct(f, d);
	}
	/* A regular file, perhaps behind links: replaced beside itself. */
	free(f->path);
	f->path = real;
	char *slash = strrchr(real, '/');
	if (slash == NULL)
		return open_temp(f, ".", real, d);
	char *rdir = slash == real ? xstrdup("/") : xstrndup(real, (size_t)(slash - real));
	int rc = open_temp(f, rdir, slash + 1, d);
	free(rdir);
	return rc;
}

int
outfile_finish(struct outfile *f, struct diag *d)
{
	int rc = 0;
	errno = 0;
	/* A device or a pipe has nothing to sync (fsync fails with EINVAL). */
	if (fflush(f->fp) != 0 || ferror(f->fp) ||
	    (!f->direct && fsync(fileno(f->fp)) != 0)) {
		diag_sys(d, MSG_CANNOT_WRITE, f->path,
		    strerror(errno ? errno : EIO));
		rc = -1;
	}
	if (fclose(f->fp) != 0 && rc == 0) {
		diag_sys(d, MSG_CANNOT_WRITE, f->path, strerror(errno));
		rc = -1;
	}
	f->fp = NULL;
	return rc;
}

int
outfile_commit(struct outfile *f, struct diag *d)
{
	if (f->direct) {
		outfile_clear(f);
		return 0;
	}
	sigset_t old;
	block_signals(&old);
	int rc = rename(f->tmp, f->path);
	int err = errno;
	if (rc == 0)
		untrack(f->tmp);
	restore_signals(&old);
	if (rc != 0) {
		diag_sys(d, MSG_CANNOT_RENAME, f->tmp,
		    f->path, strerror(err));
		outfile_abort(f);
		return -1;
	}
	outfile_clear(f);
	return 0;
}

void
outfile_abort(struct outfile *f)
{
	if (f->fp)
		fclose(f->fp);
	if (f->tmp) {
		sigset_t old;
		block_signals(&old);
		unlink(f->tmp);
		untrack(f->tmp);
		restore_signals(&old);
	}
	outfile_clear(f);
}

/* What a file name must not hold: path separators, the characters that
 * Windows forbids, controls (C0, DEL, C1), spaces, and the invisible
 * characters that can make a name display as another (bidi controls,
 * zero-width characters, line separators, the byte order mark). */
static int
unsafe_char(uint32_t c)
{
	if (c < 0x80)
		return c < 0x20 || c == 0x7F || strchr("/\\:*?\"<>| ", (int)c) != NULL;
	return c <= 0xA0 || c == 0x061C || (c >= 0x200B && c <= 0x200F) ||
	    (c >= 0x2028 && c <= 0x202F) || (c >= 0x2060 && c <= 0x206F) ||
	    c == 0xFEFF;
}

/* Windows gives these names, with any ending, to devices. */
static int
reserved_name(const char *s, size_t n)
{
	static const char *const names[] = { "CON", "PRN", "AUX", "NUL" };
	char up[5];
	if (n < 3 || n > 4)
		return 0;
	for (size_t i = 0; i < n; i++)
		up[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i]);
	up[n] = '\0';
	if (n == 3) {
		for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
			if (strcmp(up, names[i]) == 0)
				return 1;
		return 0;
	}
	return (strncmp(up, "COM", 3) == 0 || strncmp(up, "LPT", 3) == 0) &&
	    up[3] >= '1' && up[3] <= '9';
}

/* Drops trailing '-' and '.': Windows drops trailing dots itself, and a
 * name should not end in a separator. */
static void
trim_end(struct buf *b)
{
	while (b->len && (b->ptr[b->len - 1] == '-' || b->ptr[b->len - 1] == '.'))
		b->ptr[--b->len] = '\0';
}

char *
output_safe_name(const char *s)
{
	struct buf b = BUF_INIT;
	const char *p = s, *end = s + strlen(s);
	while (p < end) {
		unsigned char lead = (unsigned char)*p;
		size_t len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
		int unsafe = 1;
		if (len > (size_t)(end - p) ||
		    utf8_invalid_at((const unsigned char *)p, len) != len)
			len = 1; /* a byte of invalid UTF-8 */
		else {
			const char *q = p;
			unsafe = unsafe_char(utf8_next(&q));
		}
		if (unsafe) {
			if (b.len && b.ptr[b.len - 1] != '-')
				buf_putc(&b, '-');
		} else if (b.len == 0 && (lead == '.' || lead == '-'))
			; /* no hidden file, no name that reads as an option */
		else if (b.len + len > OUTPUT_NAME_MAX)
			break; /* cut on a whole character */
		else
			buf_put(&b, p, len);
		p += len;
	}
	trim_end(&b);
	size_t stem = strcspn(b.ptr, ".");
	if (reserved_name(b.ptr, stem)) {
		/* "NUL.x" is a device too: "NUL_.x", still within the cap. */
		while (b.len >= OUTPUT_NAME_MAX) {
			while (((unsigned char)b.ptr[b.len - 1] & 0xC0) == 0x80)
				b.len--;
			b.ptr[--b.len] = '\0';
			trim_end(&b);
		}
		struct buf r = BUF_INIT;
		buf_printf(&r, "%.*s_%s", (int)stem, b.ptr, b.ptr + stem);
		buf_free(&b);
		b = r;
	}
	if (b.len == 0)
		buf_puts(&b, "qbind");
	return buf_detach(&b);
}
