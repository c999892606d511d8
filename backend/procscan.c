/* One pass over /proc with openat on a /proc dirfd and caller-owned buffers (the cost floor of a
 * listing is open+read+close per pid: baselines.md §2.2). */
#include "backend/procscan.h"

#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int procscan_open(struct procscan *ps, const char *procdir, struct vsm_error *err)
{
	const char *dir = procdir ? procdir : "/proc";
	ps->dir = NULL;
	ps->procfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (ps->procfd < 0)
		return vsm_error_sys(err, errno, "open %s", dir);
	int fd = dup(ps->procfd);
	if (fd < 0 || !(ps->dir = fdopendir(fd))) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		close(ps->procfd);
		ps->procfd = -1;
		return vsm_error_sys(err, e, "fdopendir %s", dir);
	}
	return 0;
}

void procscan_close(struct procscan *ps)
{
	if (ps->dir)
		closedir(ps->dir);
	if (ps->procfd >= 0)
		close(ps->procfd);
	ps->dir = NULL;
	ps->procfd = -1;
}

void procscan_rewind(struct procscan *ps)
{
	rewinddir(ps->dir);
}

int procscan_next_pid(struct procscan *ps, pid_t *pid)
{
	struct dirent *d;
	while ((d = readdir(ps->dir))) {
		const char *s = d->d_name;
		if (*s < '1' || *s > '9')
			continue;
		long v = 0;
		for (; *s >= '0' && *s <= '9'; s++)
			v = v * 10 + (*s - '0');
		if (*s || v > INT32_MAX)
			continue;
		*pid = (pid_t)v;
		return 1;
	}
	return 0;
}

ssize_t procscan_read(const struct procscan *ps, pid_t pid, const char *file, char *buf, size_t len)
{
	char path[48];
	snprintf(path, sizeof(path), "%d/%s", (int)pid, file);
	int fd = openat(ps->procfd, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	size_t n = 0;
	while (n + 1 < len) {
		ssize_t r = read(fd, buf + n, len - 1 - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			close(fd);
			return -e;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	return (ssize_t)n;
}

/* Parse one unsigned decimal field and step past the blank that follows it. */
static int next_u64(const char **p, uint64_t *v)
{
	const char *s = *p;
	if (*s == '-') { /* signed fields (nice, priority) parsed by the caller */
		return -EINVAL;
	}
	if (*s < '0' || *s > '9')
		return -EINVAL;
	uint64_t x = 0;
	for (; *s >= '0' && *s <= '9'; s++)
		x = x * 10 + (uint64_t)(*s - '0');
	if (*s == ' ')
		s++;
	else if (*s && *s != '\n')
		return -EINVAL;
	*v = x;
	*p = s;
	return 0;
}

static int next_i64(const char **p, int64_t *v)
{
	bool neg = **p == '-';
	if (neg)
		(*p)++;
	uint64_t u;
	if (next_u64(p, &u) < 0)
		return -EINVAL;
	*v = neg ? -(int64_t)u : (int64_t)u;
	return 0;
}

static int skip_fields(const char **p, int n)
{
	for (int i = 0; i < n; i++) {
		const char *s = strchr(*p, ' ');
		if (!s)
			return -EINVAL;
		*p = s + 1;
	}
	return 0;
}

int procscan_parse_stat(const char *buf, struct proc_stat *st)
{
	/* "pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
	 *  cutime cstime priority nice num_threads itrealvalue starttime vsize rss ..." */
	char *end;
	long pid = strtol(buf, &end, 10);
	if (end == buf || pid <= 0 || end[0] != ' ' || end[1] != '(')
		return -EINVAL;
	const char *open = end + 2;
	const char *close = strrchr(open, ')');
	if (!close || close[1] != ' ')
		return -EINVAL;
	size_t clen = (size_t)(close - open);
	if (clen > sizeof(st->comm) - 1)
		clen = sizeof(st->comm) - 1;
	memcpy(st->comm, open, clen);
	st->comm[clen] = '\0';
	st->pid = (pid_t)pid;
	const char *p = close + 2;
	if (!*p || p[1] != ' ')
		return -EINVAL;
	st->state = *p;
	p += 2;
	uint64_t v[4];
	int64_t sv;
	if (next_u64(&p, &v[0]) < 0) /* ppid */
		return -EINVAL;
	st->ppid = (pid_t)v[0];
	if (skip_fields(&p, 9) < 0) /* pgrp .. cmajflt */
		return -EINVAL;
	for (int i = 0; i < 4; i++) {
		if (i < 2 ? next_u64(&p, &v[i]) < 0 : next_i64(&p, &sv) < 0)
			return -EINVAL;
		if (i >= 2)
			v[i] = sv < 0 ? 0 : (uint64_t)sv;
	}
	st->utime = v[0];
	st->stime = v[1];
	st->cutime = v[2];
	st->cstime = v[3];
	if (next_i64(&p, &sv) < 0) /* priority */
		return -EINVAL;
	if (next_i64(&p, &sv) < 0)
		return -EINVAL;
	st->nice = (int)sv;
	if (next_i64(&p, &sv) < 0)
		return -EINVAL;
	st->nthreads = sv < 0 ? 0 : (unsigned)sv;
	if (next_i64(&p, &sv) < 0) /* itrealvalue */
		return -EINVAL;
	if (next_u64(&p, &st->starttime) < 0 || next_u64(&p, &st->vsize) < 0)
		return -EINVAL;
	if (next_i64(&p, &sv) < 0)
		return -EINVAL;
	st->rss = sv < 0 ? 0 : (uint64_t)sv;
	return 0;
}

int procscan_parse_status(const char *buf, struct proc_status *st)
{
	bool have_uid = false;
	st->nspid = 0;
	st->nslevels = 0;
	for (const char *line = buf; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		if (!strncmp(line, "Uid:", 4)) {
			char *end;
			unsigned long u = strtoul(line + 4, &end, 10);
			if (end == line + 4)
				return -EINVAL;
			st->uid = (uid_t)u;
			have_uid = true;
		} else if (!strncmp(line, "NSpid:", 6)) {
			const char *s = line + 6;
			char *end;
			for (;;) {
				long v = strtol(s, &end, 10);
				if (end == s)
					break;
				st->nspid = (pid_t)v;
				st->nslevels++;
				s = end;
				if (*s == '\n' || !*s)
					break;
			}
		}
	}
	return have_uid ? 0 : -EINVAL;
}

size_t procscan_cmdline_join(char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)buf[i];
		if (c < 0x20 || c == 0x7f)
			buf[i] = ' ';
	}
	while (n > 0 && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
	return n;
}
