/* Reads the few config facts the live views show; everything else about a guest's config belongs
 * to the config module. */
#include "backend/monitor_guests.h"
#include "backend/config.h"
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

int monitor_guests_list(const struct vsm_paths *p, struct monitor_guest_conf **out, size_t *n,
			struct vsm_error *err)
{
	char **names;
	size_t cnt;
	*out = NULL;
	*n = 0;
	int rc = guest_list(&names, &cnt, err);
	if (rc < 0 || cnt == 0)
		return rc;
	struct monitor_guest_conf *v = calloc(cnt, sizeof(*v));
	if (!v) {
		guest_list_free(names, cnt);
		return vsm_error_sys(err, ENOMEM, "listing guests");
	}
	for (size_t i = 0; i < cnt; i++) {
		struct monitor_guest_conf *g = &v[i];
		snprintf(g->name, sizeof(g->name), "%s", names[i]);
		g->ctx = monitor_guest_ctx(p, names[i]);
		char dir[PATH_MAX];
		int cfd = vsm_path_guest_conf(p, names[i], dir, sizeof(dir)) == 0
				  ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
		if (cfd >= 0) {
			ips_at(cfd, g->ips, sizeof(g->ips));
			close(cfd);
		}
	}
	guest_list_free(names, cnt);
	*out = v;
	*n = cnt;
	return 0;
}

uint32_t monitor_guest_ctx(const struct vsm_paths *p, const char *name)
{
	int ctx = 0;
	/* A bad context file shows as 0 here; `vserver NAME start` reports it. */
	if (guest_context_read(name, &ctx, NULL) < 0 || ctx < 0)
		return 0;
	return (uint32_t)ctx;
}

int monitor_guest_resolve(const struct vsm_paths *p, const char *arg, char *name, size_t len,
			  struct vsm_error *err)
{
	int rc = guest_lookup(arg, name, len, err);
	/* A guest whose processes run in its cgroup but whose config is gone is still a guest. */
	if (rc == -ENOENT && guest_name_is_valid(arg) && strspn(arg, "0123456789") != strlen(arg)) {
		vsm_error_clear(err);
		snprintf(name, len, "%s", arg);
		return 0;
	}
	return rc;
}
