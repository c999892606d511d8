/* A process's guest, from its cgroup path: guests are identified by cgroup, never by anything a
 * process inside the guest could rename (its comm, its hostname). */
#include "backend/guest_of_pid.h"
#include "backend/config.h"
#include "backend/guest_name.h"
#include "backend/runrecord.h"
#include "backend/paths.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

int guest_of_cgroup_path(const char *path, const char *base, char *name, size_t len)
{
	size_t bl = strlen(base);
	if (path[0] != '/' || strncmp(path + 1, base, bl) || path[1 + bl] != '/')
		return 0;
	const char *n = path + 2 + bl;
	size_t nl = strcspn(n, "/\n");
	if (nl == 0 || nl >= len)
		return 0;
	memcpy(name, n, nl);
	name[nl] = '\0';
	/* A directory that is not a valid guest name was not made by vsm. */
	return guest_name_is_valid(name) ? 1 : 0;
}

int guest_of_cgroup_file(const char *text, const char *base, char *name, size_t len)
{
	for (const char *line = text; line && *line;) {
		const char *c1 = strchr(line, ':');
		const char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		const char *nl = strchr(line, '\n');
		if (c2 && (!nl || c2 < nl) && guest_of_cgroup_path(c2 + 1, base, name, len))
			return 1;
		line = nl ? nl + 1 : NULL;
	}
	return 0;
}

ino_t guest_pidns_of(int procfd, pid_t pid)
{
	char path[64];
	struct stat st;
	if (procfd >= 0)
		snprintf(path, sizeof(path), "%d/ns/pid", (int)pid);
	else
		snprintf(path, sizeof(path), "/proc/%d/ns/pid", (int)pid);
	return fstatat(procfd >= 0 ? procfd : AT_FDCWD, path, &st, 0) == 0 ? st.st_ino : 0;
}

ino_t guest_pidns_of_guest(const char *name)
{
	struct run_record rec;
	if (runrecord_read(name, &rec, NULL) < 0 || !rec.init_pid || !runrecord_init_alive(&rec))
		return 0;
	ino_t ns = guest_pidns_of(-1, rec.init_pid);
	return ns && ns != guest_pidns_of(-1, getpid()) ? ns : 0;
}

/* Running guests' pid namespaces, for the one-off lookups of vps, vkill and vserver-info; read
 * again when older than a second, so a long-lived caller sees guests come and go. */
struct ns_entry {
	char name[GUEST_NAME_MAX + 1];
	ino_t ns;
};
static struct ns_entry *ns_table;
static size_t ns_count;
static time_t ns_loaded;

static void ns_table_load(void)
{
	time_t now = time(NULL);
	if (ns_loaded && now - ns_loaded < 1)
		return;
	free(ns_table);
	ns_table = NULL;
	ns_count = 0;
	ns_loaded = now;
	char **names;
	size_t n;
	if (guest_list(&names, &n, NULL) < 0)
		return;
	ns_table = calloc(n + 1, sizeof(*ns_table));
	for (size_t i = 0; ns_table && i < n; i++) {
		ino_t ns = guest_pidns_of_guest(names[i]);
		if (!ns)
			continue;
		snprintf(ns_table[ns_count].name, sizeof(ns_table[ns_count].name), "%s", names[i]);
		ns_table[ns_count++].ns = ns;
	}
	guest_list_free(names, n);
}

static int guest_of_pidns(pid_t pid, char *name, size_t len)
{
	ns_table_load();
	if (!ns_count)
		return 0;
	ino_t ns = guest_pidns_of(-1, pid);
	for (size_t i = 0; ns && i < ns_count; i++)
		if (ns_table[i].ns == ns) {
			snprintf(name, len, "%s", ns_table[i].name);
			return 1;
		}
	return 0;
}

int guest_of_pid(pid_t pid, char *name, size_t len)
{
	char path[64], buf[4096];
	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	int e = errno;
	close(fd);
	if (n < 0)
		return -e;
	buf[n] = '\0';
	if (guest_of_cgroup_file(buf, vsm_paths()->cgroup_base, name, len) == 1)
		return 1;
	return guest_of_pidns(pid, name, len);
}
