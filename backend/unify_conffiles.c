/* The Conffiles fields of dpkg's status file. Format (deb-control(5), dpkg's status file):
 * paragraphs of "Field: value" lines separated by blank lines; multi-line fields continue on lines
 * starting with a blank. Conffiles lines are " /path md5sum" with an optional " obsolete" or
 * " remove-on-upgrade" after the sum. */
#include "backend/unify_conffiles.h"
#include "backend/fsutil.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The status file of a full Debian system is a few MB; refuse absurd sizes. */
#define STATUS_MAX (256u << 20)

static bool is_field_start(const char *s, const char *e, const char *name)
{
	size_t n = strlen(name);
	return (size_t)(e - s) > n && strncasecmp(s, name, n) == 0 && s[n] == ':';
}

/* The last blank-separated word of [S, *E): sets *E to its start (blanks before it trimmed off
 * *E too); returns the word's length, 0 when there is none. */
static size_t last_word(const char *s, const char **e, const char **word)
{
	const char *p = *e;
	while (p > s && (p[-1] == ' ' || p[-1] == '\t'))
		p--;
	const char *we = p;
	while (p > s && p[-1] != ' ' && p[-1] != '\t')
		p--;
	*word = p;
	*e = p;
	return (size_t)(we - p);
}

/* " /path md5[ flag]" → the path, or false when the line is not of that shape. The path may hold
 * blanks, so it is whatever precedes the sum (and the optional flag) at the end. */
static bool conffile_line(const char *s, const char *e, char *out, size_t outlen)
{
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	if (s == e || *s != '/')
		return false;
	const char *w;
	size_t wl = last_word(s, &e, &w);
	if ((wl == 8 && strncmp(w, "obsolete", 8) == 0) ||
	    (wl == 17 && strncmp(w, "remove-on-upgrade", 17) == 0))
		wl = last_word(s, &e, &w);
	bool sum = wl == 32 || (wl == 11 && strncmp(w, "newconffile", 11) == 0);
	for (size_t k = 0; sum && wl == 32 && k < wl; k++)
		sum = (w[k] >= '0' && w[k] <= '9') || (w[k] >= 'a' && w[k] <= 'f');
	if (!sum || w == s)
		return false;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	size_t n = (size_t)(e - s);
	if (n == 0 || n >= outlen)
		return false;
	memcpy(out, s, n);
	out[n] = '\0';
	return true;
}

int unify_conffiles_parse(const char *text, size_t len, unify_conffile_fn fn, void *user)
{
	const char *p = text, *end = text + len;
	bool in_conffiles = false;
	int count = 0;
	char path[4096];
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *s = p;
		p = nl ? nl + 1 : end;
		if (le > s && le[-1] == '\r')
			le--;
		if (s == le) {			/* blank line: next paragraph */
			in_conffiles = false;
			continue;
		}
		if (*s == ' ' || *s == '\t') {	/* continuation of the current field */
			if (in_conffiles && conffile_line(s, le, path, sizeof(path))) {
				int r = fn(path, user);
				if (r < 0)
					return r;
				count++;
			}
			continue;
		}
		in_conffiles = is_field_start(s, le, "Conffiles");
	}
	return count;
}

int unify_conffiles_read(int rootfd, unify_conffile_fn fn, void *user, struct vsm_error *err)
{
	int fd = fs_openat2(rootfd, "/var/lib/dpkg/status", O_RDONLY | O_NOCTTY | O_NONBLOCK, 0,
			    RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
	if (fd < 0) {
		if (fd == -ENOENT || fd == -ENOTDIR)
			return 0;
		return vsm_error_sys(err, -fd, "/var/lib/dpkg/status: open inside guest root");
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > STATUS_MAX) {
		int e = errno ? errno : EINVAL;
		close(fd);
		return vsm_error_set(err, e, "/var/lib/dpkg/status: not a regular file of at most %u MB",
				     STATUS_MAX >> 20);
	}
	size_t cap = (size_t)st.st_size + 1, len = 0;
	char *buf = malloc(cap);
	if (!buf) {
		close(fd);
		return vsm_error_sys(err, ENOMEM, "/var/lib/dpkg/status");
	}
	for (;;) {
		if (len == cap) {	/* grew while we read (dpkg running in the guest) */
			if (cap * 2 > STATUS_MAX)
				break;
			char *nb = realloc(buf, cap * 2);
			if (!nb)
				break;
			buf = nb;
			cap *= 2;
		}
		ssize_t n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			free(buf);
			close(fd);
			return vsm_error_sys(err, e, "/var/lib/dpkg/status: read");
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	int r = unify_conffiles_parse(buf, len, fn, user);
	free(buf);
	if (r < 0)
		return vsm_error_sys(err, -r, "/var/lib/dpkg/status: conffile list");
	return r;
}
