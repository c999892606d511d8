/* The probes behind SYSINFO and FEATURE. Each is the cheapest call that tells present from absent:
 * ENOSYS for a syscall, EOPNOTSUPP from RTM_NEWLINK for a link kind the kernel does not know. */
#include "kernel/probe.h"
#include "kernel/kconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static struct probe *add(struct probe *out, size_t *n, size_t max, const char *name, const char *what)
{
	if (*n >= max)
		return NULL;
	struct probe *p = &out[(*n)++];
	p->name = name;
	p->what = what;
	p->state = PROBE_NO;
	p->detail[0] = '\0';
	return p;
}

static void append(char *buf, size_t len, const char *word)
{
	size_t l = strlen(buf);
	snprintf(buf + l, len - l, "%s%s", l ? " " : "", word);
}

static void probe_namespaces(struct probe *ns, struct probe *user, struct probe *timens)
{
	static const char *const kinds[] = { "mnt", "uts", "ipc", "pid", "net", "cgroup", "user", "time" };
	char path[64];
	int have = 0;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(*kinds); i++) {
		snprintf(path, sizeof(path), "/proc/self/ns/%s", kinds[i]);
		if (access(path, F_OK) == 0) {
			append(ns->detail, sizeof(ns->detail), kinds[i]);
			if (i < 6)
				have++;
			if (i == 6)
				user->state = PROBE_YES;
			if (i == 7)
				timens->state = PROBE_YES;
		}
	}
	ns->state = have == 6 ? PROBE_YES : PROBE_NO;
	/* A user namespace may exist yet be closed to unprivileged users (a sysctl says so). */
	FILE *f = fopen("/proc/sys/user/max_user_namespaces", "re");
	long max = -1;
	if (f) {
		if (fscanf(f, "%ld", &max) != 1)
			max = -1;
		fclose(f);
	}
	if (user->state == PROBE_YES && max == 0) {
		user->state = PROBE_NO;
		snprintf(user->detail, sizeof(user->detail), "user.max_user_namespaces = 0");
	}
	if (timens->state != PROBE_YES)
		snprintf(timens->detail, sizeof(timens->detail), "no /proc/self/ns/time (Linux < 5.6?)");
}

static void probe_cgroups(struct probe *cg, struct probe *v1, struct probe *v2)
{
	struct statfs sf;
	const char *mode = "none";
	if (statfs("/sys/fs/cgroup", &sf) == 0) {
		if (sf.f_type == CGROUP2_SUPER_MAGIC)
			mode = "unified";
		else if (statfs("/sys/fs/cgroup/unified", &sf) == 0 && sf.f_type == CGROUP2_SUPER_MAGIC)
			mode = "hybrid";
		else
			mode = "legacy";
	}
	/* v1 controllers mounted (hierarchy id != 0 in /proc/cgroups). */
	FILE *f = fopen("/proc/cgroups", "re");
	char line[256], name[64];
	int hier, num, enabled;
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%63s %d %d %d", name, &hier, &num, &enabled) == 4 && hier > 0 && enabled)
			append(v1->detail, sizeof(v1->detail), name);
	if (f)
		fclose(f);
	v1->state = v1->detail[0] ? PROBE_YES : PROBE_NO;
	const char *c2 = !strcmp(mode, "unified") ? "/sys/fs/cgroup/cgroup.controllers"
						  : "/sys/fs/cgroup/unified/cgroup.controllers";
	f = fopen(c2, "re");
	if (f) {
		v2->state = PROBE_YES;
		if (fgets(line, sizeof(line), f)) {
			line[strcspn(line, "\n")] = '\0';
			snprintf(v2->detail, sizeof(v2->detail), "%s", line[0] ? line : "(no controllers)");
		}
		fclose(f);
	}
	cg->state = strcmp(mode, "none") ? PROBE_YES : PROBE_NO;
	snprintf(cg->detail, sizeof(cg->detail), "%s", mode);
}

/* A controller in either version: v1 mounted, or listed in the v2 root. */
static void probe_controller(struct probe *p, const struct probe *v1, const struct probe *v2,
			     const char *c)
{
	char word[40];
	snprintf(word, sizeof(word), " %s ", c);
	char a[256], b[256];
	snprintf(a, sizeof(a), " %s ", v1->detail);
	snprintf(b, sizeof(b), " %s ", v2->detail);
	if (strstr(a, word))
		append(p->detail, sizeof(p->detail), "v1");
	if (strstr(b, word))
		append(p->detail, sizeof(p->detail), "v2");
	p->state = p->detail[0] ? PROBE_YES : PROBE_NO;
}

static void probe_syscalls(struct probe *o2, struct probe *mnt, struct probe *pidfd, struct probe *sc)
{
	struct open_how how = { .flags = O_RDONLY | O_DIRECTORY, .resolve = RESOLVE_IN_ROOT };
	long fd = syscall(SYS_openat2, AT_FDCWD, "/", &how, sizeof(how));
	o2->state = fd >= 0 || errno != ENOSYS ? PROBE_YES : PROBE_NO;
	if (fd >= 0)
		close((int)fd);
	/* fsopen of a filesystem that does not exist: ENODEV means the syscall is there. */
	fd = syscall(SYS_fsopen, "vsm-no-such-fs", 0);
	mnt->state = fd >= 0 || errno != ENOSYS ? PROBE_YES : PROBE_NO;
	if (fd >= 0)
		close((int)fd);
	if (mnt->state == PROBE_YES && errno == EPERM)
		snprintf(mnt->detail, sizeof(mnt->detail), "present (needs CAP_SYS_ADMIN)");
	fd = syscall(SYS_pidfd_open, getpid(), 0);
	pidfd->state = fd >= 0 ? PROBE_YES : PROBE_NO;
	if (fd >= 0)
		close((int)fd);
	sc->state = prctl(PR_GET_SECCOMP, 0, 0, 0, 0) >= 0 ? PROBE_YES : PROBE_NO;
	FILE *f = fopen("/proc/sys/kernel/seccomp/actions_avail", "re");
	if (f) {
		if (fgets(sc->detail, sizeof(sc->detail), f))
			sc->detail[strcspn(sc->detail, "\n")] = '\0';
		fclose(f);
	}
}

static void probe_filesystems(struct probe *ovl)
{
	FILE *f = fopen("/proc/filesystems", "re");
	char line[128];
	while (f && fgets(line, sizeof(line), f))
		if (strstr(line, "\toverlay\n"))
			ovl->state = PROBE_YES;
	if (f)
		fclose(f);
	if (ovl->state != PROBE_YES)
		snprintf(ovl->detail, sizeof(ovl->detail), "not in /proc/filesystems (no module loading here)");
}

/* In the calling process (a child in its own netns): does RTM_NEWLINK know KIND?
 * 0 known, 1 unknown (EOPNOTSUPP), 2 could not tell. */
static int link_kind_known(const char *kind, int idx)
{
	char ifname[16];
	/* One name per kind: an existing name answers EEXIST before the kind is even looked up. */
	snprintf(ifname, sizeof(ifname), "vsmprobe%d", idx);
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct mnl_socket *nl = mnl_socket_open(NETLINK_ROUTE);
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		return 2;
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK;
	nlh->nlmsg_seq = (unsigned)time(NULL);
	struct ifinfomsg *ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, ifname);
	struct nlattr *li = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, kind);
	mnl_attr_nest_end(nlh, li);
	int rc = 2;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) >= 0) {
		ssize_t n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n > 0) {
			int r = mnl_cb_run(buf, (size_t)n, nlh->nlmsg_seq, mnl_socket_get_portid(nl), NULL, NULL);
			rc = r >= 0 ? 0 : errno == EOPNOTSUPP ? 1 : 0;
		}
	}
	mnl_socket_close(nl);
	return rc;
}

/* Each kind in a throw-away network namespace, so nothing on the host changes. */
static void probe_link_kinds(struct probe **p, const char *const *kinds, size_t n)
{
	int fds[2];
	if (pipe(fds) < 0)
		return;
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		char res[8] = { 0 };
		if (unshare(CLONE_NEWNET) < 0)
			_exit(1);
		for (size_t i = 0; i < n && i < sizeof(res); i++)
			res[i] = (char)('0' + link_kind_known(kinds[i], (int)i));
		if (write(fds[1], res, n) != (ssize_t)n)
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	char res[8] = { 0 };
	ssize_t got = pid > 0 ? read(fds[0], res, n) : -1;
	close(fds[0]);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	for (size_t i = 0; i < n; i++) {
		if (got != (ssize_t)n || res[i] == '2') {
			p[i]->state = PROBE_UNKNOWN;
			snprintf(p[i]->detail, sizeof(p[i]->detail), "could not ask (needs root and net namespaces)");
		} else {
			p[i]->state = res[i] == '0' ? PROBE_YES : PROBE_NO;
			if (res[i] == '1')
				snprintf(p[i]->detail, sizeof(p[i]->detail), "link kind \"%s\" unknown to the kernel",
					 kinds[i]);
		}
	}
}

static void probe_quota(struct probe *q)
{
	/* No cheap call tells whether the v2 quota format exists (quotactl needs a filesystem with
	 * quotas on), so: its module seen, else the kernel's own config, else unknown. */
	if (access("/sys/module/quota_v2", F_OK) == 0) {
		q->state = PROBE_YES;
		return;
	}
	if (access("/proc/sys/fs/quota", F_OK) != 0) {
		snprintf(q->detail, sizeof(q->detail), "no quota support (no /proc/sys/fs/quota)");
		return;
	}
	struct kconfig kc;
	if (kconfig_load(&kc, getenv("VSM_KCONFIG"), NULL) < 0) {
		q->state = PROBE_UNKNOWN;
		snprintf(q->detail, sizeof(q->detail), "quota support; format v2 unknown (no kernel config)");
		return;
	}
	q->state = kconfig_value(&kc, "CONFIG_QFMT_V2") ? PROBE_YES : PROBE_NO;
	if (q->state == PROBE_NO)
		snprintf(q->detail, sizeof(q->detail), "CONFIG_QFMT_V2 is not set (%s)", kc.source);
	kconfig_free(&kc);
}

size_t probe_all(struct probe *out, size_t max)
{
	size_t n = 0;
	struct probe *ns = add(out, &n, max, "namespaces", "mount, UTS, IPC, PID, net, cgroup namespaces");
	struct probe *user = add(out, &n, max, "userns", "user namespaces");
	struct probe *timens = add(out, &n, max, "timens", "time namespaces");
	struct probe *cg = add(out, &n, max, "cgroup", "cgroup layout");
	struct probe *v1 = add(out, &n, max, "cgroup-v1", "cgroup v1 controllers mounted");
	struct probe *v2 = add(out, &n, max, "cgroup-v2", "cgroup v2 hierarchy");
	struct probe *mem = add(out, &n, max, "memory", "memory controller");
	struct probe *pids = add(out, &n, max, "pids", "pids controller");
	struct probe *cpu = add(out, &n, max, "cpu", "cpu controller");
	struct probe *frz = add(out, &n, max, "freezer", "freezer");
	struct probe *o2 = add(out, &n, max, "openat2", "openat2 with RESOLVE_IN_ROOT");
	struct probe *mnt = add(out, &n, max, "mount-api", "new mount API (fsopen, move_mount)");
	struct probe *pidfd = add(out, &n, max, "pidfd", "pidfd_open");
	struct probe *sc = add(out, &n, max, "seccomp", "seccomp filters");
	struct probe *ovl = add(out, &n, max, "overlayfs", "overlay filesystem");
	struct probe *veth = add(out, &n, max, "veth", "veth links");
	struct probe *br = add(out, &n, max, "bridge", "bridge links");
	struct probe *mv = add(out, &n, max, "macvlan", "macvlan links");
	struct probe *iv = add(out, &n, max, "ipvlan", "ipvlan links");
	struct probe *q = add(out, &n, max, "quota", "quota format v2 (project quotas)");
	if (!q)
		return n;
	probe_namespaces(ns, user, timens);
	probe_cgroups(cg, v1, v2);
	probe_controller(mem, v1, v2, "memory");
	probe_controller(pids, v1, v2, "pids");
	probe_controller(cpu, v1, v2, "cpu");
	probe_controller(frz, v1, v2, "freezer");
	if (frz->state != PROBE_YES && v2->state == PROBE_YES) { /* v2 has a freezer without a controller */
		frz->state = PROBE_YES;
		append(frz->detail, sizeof(frz->detail), "v2 cgroup.freeze");
	}
	probe_syscalls(o2, mnt, pidfd, sc);
	probe_filesystems(ovl);
	static const char *const kinds[] = { "veth", "bridge", "macvlan", "ipvlan" };
	struct probe *links[] = { veth, br, mv, iv };
	probe_link_kinds(links, kinds, 4);
	probe_quota(q);
	return n;
}

long probe_find(const struct probe *p, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(p[i].name, name))
			return (long)i;
	return -1;
}
