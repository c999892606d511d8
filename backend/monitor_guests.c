/* Reads the few config facts the live views show; everything else about a guest's config belongs
 * to the config module. */
#include "backend/monitor_guests.h"
#include "backend/guest_name.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* First line of DIRFD/NAME into BUF; 0 or -errno. */
static int read_line_at(int dirfd, const char *name, char *buf, size_t len)
{
	int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	ssize_t n = read(fd, buf, len - 1);
	int e = errno;
	close(fd);
	if (n < 0)
		return -e;
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

static uint32_t ctx_at(int cfgfd)
{
	char buf[32], *end;
	if (read_line_at(cfgfd, "context", buf, sizeof(buf)) < 0)
		return 0;
	unsigned long v = strtoul(buf, &end, 10);
	if (end == buf || *end || v > 65535)
		return 0;
	return (uint32_t)v;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "ip/prefix,…" from CFG/interfaces/<N>/ in directory order sorted by N. */
static void ips_at(int cfgfd, char *out, size_t len)
{
	out[0] = '\0';
	int ifd = openat(cfgfd, "interfaces", O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
	if (ifd < 0)
		return;
	DIR *d = fdopendir(ifd);
	if (!d) {
		close(ifd);
		return;
	}
	char *names[64];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < 64)
		if (e->d_name[0] != '.')
			names[n++] = strdup(e->d_name);
	qsort(names, n, sizeof(*names), cmp_name);
	size_t used = 0;
	for (size_t i = 0; i < n; i++) {
		char path[300], ip[64], prefix[16];
		if (!names[i])
			continue;
		snprintf(path, sizeof(path), "%s/ip", names[i]);
		if (read_line_at(dirfd(d), path, ip, sizeof(ip)) == 0 && ip[0]) {
			snprintf(path, sizeof(path), "%s/prefix", names[i]);
			if (read_line_at(dirfd(d), path, prefix, sizeof(prefix)) < 0)
				prefix[0] = '\0';
			int w = snprintf(out + used, len - used, "%s%s%s%s", used ? "," : "", ip,
					 prefix[0] ? "/" : "", prefix);
			if (w > 0 && (size_t)w < len - used)
				used += (size_t)w;
		}
		free(names[i]);
	}
	closedir(d);
}

static int cmp_conf(const void *a, const void *b)
{
	return strcmp(((const struct monitor_guest_conf *)a)->name,
		      ((const struct monitor_guest_conf *)b)->name);
}

int monitor_guests_list(const struct vsm_paths *p, struct monitor_guest_conf **out, size_t *n,
			struct vsm_error *err)
{
	*out = NULL;
	*n = 0;
	DIR *d = opendir(p->confdir);
	if (!d)
		return errno == ENOENT ? 0 : vsm_error_sys(err, errno, "opendir %s", p->confdir);
	struct monitor_guest_conf *v = NULL;
	size_t cnt = 0, cap = 0;
	struct dirent *e;
	int rc = 0;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || !guest_name_is_valid(e->d_name))
			continue;
		int cfd = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
		if (cfd < 0)
			continue; /* a plain file (NAME.conf) or gone meanwhile */
		if (cnt == cap) {
			cap = cap ? 2 * cap : 16;
			struct monitor_guest_conf *nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				close(cfd);
				rc = vsm_error_sys(err, ENOMEM, "listing %s", p->confdir);
				break;
			}
			v = nv;
		}
		struct monitor_guest_conf *g = &v[cnt++];
		snprintf(g->name, sizeof(g->name), "%s", e->d_name);
		g->ctx = ctx_at(cfd);
		ips_at(cfd, g->ips, sizeof(g->ips));
		close(cfd);
	}
	closedir(d);
	if (rc < 0) {
		free(v);
		return rc;
	}
	if (cnt)
		qsort(v, cnt, sizeof(*v), cmp_conf);
	*out = v;
	*n = cnt;
	return 0;
}

uint32_t monitor_guest_ctx(const struct vsm_paths *p, const char *name)
{
	char path[PATH_MAX + 64];
	if (vsm_path_guest_conf(p, name, path, sizeof(path)) < 0)
		return 0;
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	uint32_t ctx = ctx_at(fd);
	close(fd);
	return ctx;
}

int monitor_guest_resolve(const struct vsm_paths *p, const char *arg, char *name, size_t len,
			  struct vsm_error *err)
{
	char *end;
	unsigned long v = strtoul(arg, &end, 10);
	if (*arg >= '0' && *arg <= '9' && !*end) {
		struct monitor_guest_conf *g;
		size_t n;
		int rc = monitor_guests_list(p, &g, &n, err);
		if (rc < 0)
			return rc;
		for (size_t i = 0; i < n; i++)
			if (g[i].ctx == v && v != 0) {
				snprintf(name, len, "%s", g[i].name);
				free(g);
				return 0;
			}
		free(g);
		return vsm_error_set(err, ENOENT, "no guest has context %lu (no %s/*/context holds it)",
				     v, p->confdir);
	}
	int rc = guest_name_check(arg, err);
	if (rc < 0)
		return rc;
	snprintf(name, len, "%s", arg);
	return 0;
}
