/* Removing what guest networking made on the host, from the run-directory record. The links in
 * the guest's namespace go with it; a routed veth's host end and its host routes go when the host
 * end is deleted; proxy entries on `dev` must be deleted explicitly. */
#include "backend/net.h"
#include "backend/net_record.h"
#include "backend/fsutil.h"
#include "kernel/netlink.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int undo_line(struct nl_sock *s, const char *line, struct vsm_error *err)
{
	char what[16], a[64], b[64];
	int fam;
	struct nl_link l;
	if (sscanf(line, "link %15s", a) == 1) {
		if (nl_link_get(s, a, &l, NULL) < 0)
			return 0; /* gone with the guest's namespace already */
		int r = nl_link_del(s, l.index, err);
		return r == -ENODEV ? 0 : r;
	}
	if (sscanf(line, "proxy %15s %d %63s", what, &fam, b) == 3) {
		unsigned char bin[16];
		int family = fam == 6 ? AF_INET6 : AF_INET;
		if (inet_pton(family, b, bin) != 1 || nl_link_get(s, what, &l, NULL) < 0)
			return 0; /* the device went: its proxy entries went with it */
		int r = nl_neigh_proxy_del(s, l.index, family, bin, err);
		return r == -ENOENT ? 0 : r;
	}
	return 0;
}

int net_guest_teardown(const char *name, struct vsm_error *err)
{
	char path[PATH_MAX];
	int r = net_record_path(name, path, sizeof(path), NULL);
	if (r < 0)
		return 0;
	char *text = NULL;
	size_t len;
	r = fs_read_file_at(AT_FDCWD, path, 64 * 1024, &text, &len, NULL);
	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return vsm_error_sys(err, -r, "%s: read %s", name, path);
	struct nl_sock *s;
	if ((r = nl_open(&s, err)) < 0) {
		free(text);
		return r;
	}
	int first = 0;
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		r = undo_line(s, line, first ? NULL : err);
		if (r < 0 && !first)
			first = r;
	}
	nl_close(s);
	free(text);
	/* Kept when something could not be undone, so a later cleanup tries again. */
	if (!first)
		unlink(path);
	return first ? vsm_error_prefix(err, "%s: network teardown", name), first : 0;
}
