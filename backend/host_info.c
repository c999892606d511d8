/* Host totals from sysinfo(2) and /proc, devices through rtnetlink (see host_info.h). */
#include "backend/host_info.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include "backend/fsutil.h"
#include "backend/paths.h"
#include "kernel/netlink.h"

int host_totals_read(struct host_totals *t, struct vsm_error *err)
{
	struct sysinfo si;
	memset(t, 0, sizeof(*t));
	if (sysinfo(&si) < 0)
		return vsm_error_sys(err, errno, "sysinfo");
	t->mem_bytes = (uint64_t)si.totalram * si.mem_unit;
	t->swap_bytes = (uint64_t)si.totalswap * si.mem_unit;
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	t->cpus = n > 0 ? (int)n : 1;
	char *text;
	if (fs_read_file_at(AT_FDCWD, "/proc/sys/kernel/pid_max", 64, &text, NULL, NULL) == 0) {
		t->pid_max = strtoull(text, NULL, 10);
		free(text);
	}
	return 0;
}

struct dev_walk {
	char (*names)[HOST_DEV_NAME];
	int max, n;
	const char *prefix;
};

static int dev_add(const struct nl_link *l, void *ctx)
{
	struct dev_walk *w = ctx;
	if (l->flags & IFF_LOOPBACK)
		return 0;
	/* Host ends of guest links made by vsm are not uplinks. */
	if (w->prefix[0] && !strncmp(l->name, w->prefix, strlen(w->prefix)))
		return 0;
	if (w->n < w->max)
		snprintf(w->names[w->n++], HOST_DEV_NAME, "%s", l->name);
	return 0;
}

int host_devices_list(char (*names)[HOST_DEV_NAME], int max, struct vsm_error *err)
{
	struct nl_sock *s;
	int r = nl_open(&s, err);
	if (r < 0)
		return r;
	struct dev_walk w = { names, max, 0, vsm_paths()->ifprefix };
	r = nl_link_each(s, dev_add, &w, err);
	nl_close(s);
	return r < 0 ? r : w.n;
}
