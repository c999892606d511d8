/* suexec's user lookup: the guest's passwd and group files, read by the host through the guest
 * root with openat2 (a guest symlink cannot point the host at its own /etc/shadow), size-bounded,
 * parsed defensively (security.md rule 5: no NSS after setns, numeric ids only). */
#include "backend/guest_user.h"
#include "backend/fsutil.h"

#include <ctype.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define USER_FILE_MAX (4u << 20)
#define USER_FIELDS 7

/* The whole file (regular, <= USER_FILE_MAX) as a NUL-terminated buffer. O_NONBLOCK: a FIFO put
 * there by the guest must not hang the host. */
static int user_file_read(int rootfd, const char *path, char **out, size_t *len,
			  struct vsm_error *err)
{
	*out = NULL;
	int fd = fs_open_in_root(rootfd, path, O_RDONLY | O_NONBLOCK | O_NOCTTY, 0, err);
	if (fd < 0)
		return fd;
	struct stat st;
	int r = 0;
	if (fstat(fd, &st) < 0)
		r = vsm_error_sys(err, errno, "guest %s: fstat", path);
	else if (!S_ISREG(st.st_mode))
		r = vsm_error_set(err, EINVAL, "guest %s: not a regular file", path);
	else if ((size_t)st.st_size > USER_FILE_MAX)
		r = vsm_error_set(err, EFBIG, "guest %s: %lld bytes, more than %u", path,
				  (long long)st.st_size, USER_FILE_MAX);
	char *buf = r == 0 ? malloc(USER_FILE_MAX + 1) : NULL;
	if (r == 0 && !buf)
		r = vsm_error_set(err, ENOMEM, "guest %s: out of memory", path);
	size_t used = 0;
	while (r == 0 && used < USER_FILE_MAX) {
		ssize_t n = read(fd, buf + used, USER_FILE_MAX - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			r = vsm_error_sys(err, errno, "guest %s: read", path);
		if (n <= 0)
			break;
		used += (size_t)n;
	}
	close(fd);
	if (r < 0) {
		free(buf);
		return r;
	}
	buf[used] = '\0';
	*out = buf;
	*len = used;
	return 0;
}

/* Split one line (NUL-terminated already) into at most N ':' fields; the count found. */
static size_t split_fields(char *line, char **f, size_t n)
{
	size_t k = 0;
	f[k++] = line;
	for (char *p = line; *p && k < n; p++)
		if (*p == ':') {
			*p = '\0';
			f[k++] = p + 1;
		}
	return k;
}

static bool parse_id(const char *s, unsigned long *v)
{
	if (!isdigit((unsigned char)*s))
		return false;
	char *end;
	errno = 0;
	*v = strtoul(s, &end, 10);
	/* (uid_t)-1 is "no change" for setresuid: never a valid id. */
	return !*end && errno == 0 && *v < UINT_MAX;
}

/* Next line of BUF (modified in place); NULL at the end. Lines with a NUL byte inside (binary
 * content) end early at it and the rest of such a line is skipped. */
static char *next_line(char **pos, char *end)
{
	while (*pos < end) {
		char *line = *pos;
		char *nl = memchr(line, '\n', (size_t)(end - line));
		char *stop = nl ? nl : end;
		*pos = nl ? nl + 1 : end;
		*stop = '\0';
		if (strlen(line) == (size_t)(stop - line) && line[0] && line[0] != '#')
			return line;
	}
	return NULL;
}

static int lookup_passwd(char *buf, size_t len, const char *user, struct guest_exec_opts *o)
{
	unsigned long want, id, gid;
	bool numeric = parse_id(user, &want);
	char *pos = buf, *line;
	while ((line = next_line(&pos, buf + len))) {
		char *f[USER_FIELDS];
		if (split_fields(line, f, USER_FIELDS) != USER_FIELDS || !parse_id(f[2], &id) ||
		    !parse_id(f[3], &gid))
			continue;
		if (numeric ? id != want : strcmp(f[0], user) != 0)
			continue;
		o->uid = (uid_t)id;
		o->gid = (gid_t)gid;
		snprintf(o->user, sizeof(o->user), "%s", f[0]);
		snprintf(o->home, sizeof(o->home), "%s", f[5][0] == '/' ? f[5] : "/");
		return 0;
	}
	if (!numeric)
		return -ENOENT;
	o->uid = (uid_t)want;
	o->gid = (gid_t)want;
	snprintf(o->home, sizeof(o->home), "/");
	return 0;
}

static bool member_of(char *list, const char *user)
{
	for (char *save = NULL, *m = strtok_r(list, ",", &save); m; m = strtok_r(NULL, ",", &save))
		if (!strcmp(m, user))
			return true;
	return false;
}

/* The primary gid first, then every group that lists the user. */
static void lookup_groups(char *buf, size_t len, struct guest_exec_opts *o)
{
	o->groups[0] = o->gid;
	o->ngroups = 1;
	if (!o->user[0])
		return;
	char *pos = buf, *line;
	unsigned long gid;
	while ((line = next_line(&pos, buf + len)) && o->ngroups < GUEST_EXEC_MAX_GROUPS) {
		char *f[4];
		if (split_fields(line, f, 4) != 4 || !parse_id(f[2], &gid) || gid == o->gid)
			continue;
		if (member_of(f[3], o->user))
			o->groups[o->ngroups++] = (gid_t)gid;
	}
}

int guest_user_resolve(const char *vdir, const char *user, struct guest_exec_opts *o,
		       struct vsm_error *err)
{
	int rootfd = open(vdir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return vsm_error_sys(err, errno, "%s: open the guest root", vdir);
	char *pw = NULL, *gr = NULL;
	size_t pwlen = 0, grlen = 0;
	unsigned long dummy;
	int r = user_file_read(rootfd, "/etc/passwd", &pw, &pwlen, err);
	if (r == -ENOENT && parse_id(user, &dummy))
		r = 0;	/* a number needs no passwd file */
	if (r < 0)
		goto out;
	o->user[0] = '\0';
	if (lookup_passwd(pw ? pw : (char *)"", pwlen, user, o) < 0) {
		r = vsm_error_set(err, ENOENT, "user '%s' not found in the guest's /etc/passwd",
				  user);
		goto out;
	}
	o->has_ids = true;
	struct vsm_error gerr = {0};
	/* No group file: the primary group only. */
	if (user_file_read(rootfd, "/etc/group", &gr, &grlen, &gerr) < 0)
		grlen = 0;
	lookup_groups(gr ? gr : (char *)"", grlen, o);
out:
	free(pw);
	free(gr);
	close(rootfd);
	return r;
}
