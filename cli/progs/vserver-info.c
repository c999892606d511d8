/* vserver-info: SYSINFO (kernel features and what they mean for vsm, plus a kernel config check)
 * with no arguments; `vserver-info NAME|XID|PID TAG [ARG]` prints one fact, exit 0, or fails with
 * exit 1 and no output, as util-vserver's did. */
#include "backend/chain_feature.h"
#include "backend/guest_name.h"
#include "backend/guest_of_pid.h"
#include "backend/monitor_guests.h"
#include "backend/paths.h"
#include "backend/runrecord.h"
#include "backend/snapshot.h"
#include "backend/sysinfo.h"
#include "cli/common/cli.h"
#include "kernel/kconfig.h"
#include "kernel/probe.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *const tags[] = {
	"CONTEXT [bool]   context id (of the running guest; with no arg or true, the config's)",
	"ID               config directory of the guest",
	"RUNNING          prints 1 and succeeds when the guest runs",
	"VDIR [physical]  the guest's root directory",
	"NAME             the guest's name",
	"CFGDIR           config directory of the guest",
	"APPDIR APP       CFGDIR/apps/APP",
	"INITPID          host pid of the guest's init",
	"XID PID          context id of the guest PID belongs to (0: host)",
	"UTS [FIELD]      context sysname nodename release version machine domainname",
	"FEATURE NAME     succeeds when the kernel has feature NAME (see SYSINFO), or when the\n"
	"                 chain tools honour KIND:NAME (cflag: ccap: nflag: bcap: vlimit:)",
	"XIDTYPE [TYPE…]  invalid, main, watch, static or dynamic; with TYPEs, succeeds if among them",
	"CANONIFY         the name made safe for a file name",
	"SYSINFO          kernel features, vsm verdicts, kernel config check",
	NULL,
};

static const char *state_word(enum probe_state s)
{
	return s == PROBE_YES ? "yes" : s == PROBE_NO ? "no" : "unknown";
}

static int print_sysinfo(void)
{
	struct utsname u;
	uname(&u);
	printf("Kernel: %s %s %s %s\n", u.sysname, u.release, u.version, u.machine);
	struct probe p[PROBE_MAX];
	size_t n = probe_all(p, PROBE_MAX);
	printf("\nFeatures:\n");
	for (size_t i = 0; i < n; i++)
		printf("  %-11s %-7s %-40s %s\n", p[i].name, state_word(p[i].state), p[i].what, p[i].detail);
	struct sysinfo_verdict v[32];
	size_t nv = sysinfo_verdicts(p, n, v, 32);
	printf("\nvsm on this kernel:\n");
	for (size_t i = 0; i < nv; i++)
		printf("  %-40s %s%s%s%s\n", v[i].feature,
		       v[i].state == PROBE_YES ? "ok" : v[i].state == PROBE_NO ? "unavailable" : "unknown",
		       v[i].state != PROBE_YES && v[i].required ? " (REQUIRED)" : "",
		       v[i].missing ? ": no " : "", v[i].missing ? v[i].missing : "");
	struct kconfig kc;
	struct vsm_error err = {0};
	if (kconfig_load(&kc, getenv("VSM_KCONFIG"), &err) < 0) {
		printf("\nKernel config: %s\n", err.msg);
		return 0;
	}
	printf("\nKernel config (%s):\n", kc.source);
	for (int req = 1; req >= 0; req--) {
		printf("  %s:\n", req ? "required" : "optional");
		for (const struct sysinfo_kopt *o = sysinfo_kconfig_options; o->option; o++) {
			if (o->required != (bool)req)
				continue;
			char val = kconfig_value(&kc, o->option);
			printf("    %-24s %-20s %s\n", o->option,
			       val == 'y' ? "enabled" : val == 'm' ? "enabled as module" : "missing", o->why);
		}
	}
	kconfig_free(&kc);
	return 0;
}

/* What the first argument names. */
struct target {
	char name[SNAP_NAME_MAX];  /* guest name, "" for the host */
	bool have_guest;
	pid_t pid;                 /* when given as a PID */
	long xid;                  /* when given as a number, else -1 */
};

static bool is_number(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* NAME, a context id with a configured guest, or a PID (its guest). */
static void target_resolve(const char *arg, struct target *t)
{
	memset(t, 0, sizeof(*t));
	t->xid = -1;
	if (!strcmp(arg, "-"))
		return;
	struct vsm_error err = {0};
	if (is_number(arg)) {
		t->xid = strtol(arg, NULL, 10);
		if (monitor_guest_resolve(vsm_paths(), arg, t->name, sizeof(t->name), &err) == 0) {
			t->have_guest = true;
			return;
		}
		t->pid = (pid_t)t->xid;
		int g = guest_of_pid(t->pid, t->name, sizeof(t->name));
		t->have_guest = g == 1;
		return;
	}
	if (guest_name_is_valid(arg)) {
		snprintf(t->name, sizeof(t->name), "%s", arg);
		t->have_guest = true;
	}
}

static int cfgdir_of(const char *name, char *buf, size_t len)
{
	return vsm_path_guest_conf(vsm_paths(), name, buf, len);
}

static bool guest_configured(const char *name)
{
	char cfg[PATH_MAX];
	return cfgdir_of(name, cfg, sizeof(cfg)) == 0 && access(cfg, F_OK) == 0;
}

/* Whether the guest runs, its ctx and init pid: from the run record when its init lives (cheap),
 * else from one scan (a guest whose processes outlived the record, or made by hand). */
static bool guest_running(const char *name, uint32_t *ctx, pid_t *init)
{
	struct run_record rec;
	if (runrecord_read(name, &rec, NULL) == 0 && rec.init_pid && runrecord_init_alive(&rec)) {
		if (ctx)
			*ctx = monitor_guest_ctx(vsm_paths(), name);
		if (init)
			*init = rec.init_pid;
		return true;
	}
	struct monitor *m;
	bool running = false;
	if (monitor_open(&m, 0, NULL) < 0)
		return false;
	if (monitor_refresh(m, NULL) == 0) {
		const struct snapshot *s = monitor_snapshot(m);
		long gi = snapshot_guest_by_name(s, name);
		if (gi > 0 && s->guests[gi].running) {
			running = true;
			if (ctx)
				*ctx = s->guests[gi].ctx;
			if (init)
				*init = s->guests[gi].init_pid;
		}
	}
	monitor_close(m);
	return running;
}

static const char *xid_type(long xid)
{
	if (xid < 0 || xid > 65534)
		return "invalid";
	if (xid == 0)
		return "main";
	if (xid == 1)
		return "watch";
	return xid < 49152 ? "static" : "dynamic";
}

/* The guest's UTS names, read in a child that joins the UTS namespace of its init. */
static int guest_uts(pid_t init, struct utsname *u)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/ns/uts", (int)init);
	int nsfd = open(path, O_RDONLY | O_CLOEXEC);
	if (nsfd < 0)
		return -errno;
	int fds[2];
	if (pipe(fds) < 0) {
		close(nsfd);
		return -errno;
	}
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[0]);
		struct utsname v;
		if (setns(nsfd, CLONE_NEWUTS) < 0 || uname(&v) < 0)
			_exit(1);
		_exit(write(fds[1], &v, sizeof(v)) == sizeof(v) ? 0 : 1);
	}
	close(nsfd);
	close(fds[1]);
	ssize_t n = pid > 0 ? read(fds[0], u, sizeof(*u)) : -1;
	close(fds[0]);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	return n == sizeof(*u) ? 0 : -EIO;
}

static int tag_uts(const struct target *t, const char *field)
{
	pid_t init = 0;
	struct utsname u;
	char cfg[PATH_MAX] = "???";
	if (!t->have_guest || !guest_running(t->name, NULL, &init) || !init || guest_uts(init, &u) < 0)
		return 1;
	cfgdir_of(t->name, cfg, sizeof(cfg));
	const char *vals[] = { cfg, u.sysname, u.nodename, u.release, u.version, u.machine, u.domainname };
	static const char *const names[] = { "context", "sysname", "nodename", "release", "version",
					     "machine", "domainname" };
	if (field) {
		for (int i = 0; i < 7; i++)
			if (!strcmp(field, names[i])) {
				puts(vals[i]);
				return 0;
			}
		return 1;
	}
	printf("%s %s %s %s %s %s %s\n", vals[0], vals[1], vals[2], vals[3], vals[4], vals[5], vals[6]);
	return 0;
}

static int tag_run(const struct target *t, const char *tag, int argc, char **argv)
{
	const char *arg = argc > 0 ? argv[0] : NULL;
	char buf[PATH_MAX + 64];
	uint32_t ctx = 0;
	pid_t init = 0;
	if (!strcmp(tag, "SYSINFO"))
		return print_sysinfo();
	if (!strcmp(tag, "FEATURE")) {
		/* KIND:NAME asks whether the chain tools honour a flag, capability or limit. */
		int f = arg ? chain_feature(arg, NULL) : -ENOENT;
		if (f != -ENOENT)
			return f == 1 ? 0 : 1;
		struct probe p[PROBE_MAX];
		size_t n = probe_all(p, PROBE_MAX);
		long i = arg ? probe_find(p, n, arg) : -1;
		return i >= 0 && p[i].state == PROBE_YES ? 0 : 1;
	}
	if (!strcmp(tag, "XIDTYPE")) {
		long xid = t->xid;
		if (t->have_guest && t->xid < 0)
			xid = monitor_guest_ctx(vsm_paths(), t->name);
		const char *type = xid_type(xid);
		if (argc == 0) {
			puts(type);
			return 0;
		}
		for (int i = 0; i < argc; i++)
			if (!strcmp(argv[i], type))
				return 0;
		return 1;
	}
	if (!strcmp(tag, "XID")) {
		pid_t pid = arg ? (pid_t)strtol(arg, NULL, 10) : t->pid;
		char name[SNAP_NAME_MAX];
		if (pid <= 0)
			return 1;
		int g = guest_of_pid(pid, name, sizeof(name));
		if (g < 0)
			return 1;
		printf("%u\n", g == 1 ? monitor_guest_ctx(vsm_paths(), name) : 0);
		return 0;
	}
	if (!t->have_guest)
		return 1;
	if (!strcmp(tag, "CANONIFY")) {
		puts(t->name); /* valid names are already file-safe (guest_name.h) */
		return 0;
	}
	if (!strcmp(tag, "RUNNING")) {
		if (!guest_running(t->name, NULL, NULL))
			return 1;
		puts("1");
		return 0;
	}
	if (!strcmp(tag, "CONTEXT")) {
		if (guest_running(t->name, &ctx, NULL) && ctx) {
			printf("%u\n", ctx);
			return 0;
		}
		if (arg && strcmp(arg, "true"))
			return 1;
		ctx = monitor_guest_ctx(vsm_paths(), t->name);
		if (!ctx)
			return 1;
		printf("%u\n", ctx);
		return 0;
	}
	if (!strcmp(tag, "INITPID")) {
		if (!guest_running(t->name, NULL, &init) || !init)
			return 1;
		printf("%d\n", (int)init);
		return 0;
	}
	if (!strcmp(tag, "UTS"))
		return tag_uts(t, arg);
	if (!guest_configured(t->name) || cfgdir_of(t->name, buf, sizeof(buf)) < 0)
		return 1;
	if (!strcmp(tag, "ID") || !strcmp(tag, "CFGDIR")) {
		puts(buf);
		return 0;
	}
	if (!strcmp(tag, "APPDIR")) {
		if (!arg || strchr(arg, '/'))
			return 1;
		printf("%s/apps/%s\n", buf, arg);
		return 0;
	}
	if (!strcmp(tag, "NAME")) {
		char name[256];
		size_t l = strlen(buf);
		snprintf(buf + l, sizeof(buf) - l, "/name");
		FILE *f = fopen(buf, "re");
		if (f && fgets(name, sizeof(name), f)) {
			name[strcspn(name, "\n")] = '\0';
			puts(name);
		} else {
			puts(t->name);
		}
		if (f)
			fclose(f);
		return 0;
	}
	if (!strcmp(tag, "VDIR")) {
		char vdir[PATH_MAX], link[PATH_MAX + 8];
		snprintf(link, sizeof(link), "%s/vdir", buf);
		ssize_t n = readlink(link, vdir, sizeof(vdir) - 1);
		if (n > 0)
			vdir[n] = '\0';
		else
			snprintf(vdir, sizeof(vdir), "%s/%s", vsm_paths()->vdirbase, t->name);
		if (arg && !strcmp(arg, "physical")) {
			char real[PATH_MAX];
			if (!realpath(vdir, real))
				return 1;
			puts(real);
		} else {
			puts(vdir);
		}
		return 0;
	}
	return 1;
}

int main(int argc, char **argv)
{
	cli_init("vserver-info", &argc, &argv);
	bool quiet = false;
	int i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "-q")) {
			quiet = true;
		} else if (!strcmp(argv[i], "-l")) {
			for (int k = 0; tags[k]; k++)
				puts(tags[k]);
			return 0;
		} else if (!strcmp(argv[i], "--help")) {
			printf("Usage: vserver-info [--root DIR] [-q] [-l] [NAME|XID|PID|- TAG [ARG...]]\n"
			       "With no arguments: SYSINFO. -l lists the tags, -q prints nothing.\n");
			return 0;
		} else if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else {
			cli_warn("unknown option '%s'", argv[i]);
			return 1;
		}
	}
	if (quiet && !freopen("/dev/null", "w", stdout))
		return 1;
	if (i >= argc)
		return print_sysinfo();
	if (i + 1 >= argc) {
		cli_warn("a TAG is needed after '%s' (-l lists them)", argv[i]);
		return 1;
	}
	struct target t;
	target_resolve(argv[i], &t);
	const char *tag = argv[i + 1];
	bool known = false;
	for (int k = 0; tags[k]; k++)
		if (!strncmp(tags[k], tag, strlen(tag)) && tags[k][strlen(tag)] == ' ')
			known = true;
	if (!known) {
		cli_warn("unknown tag '%s' (-l lists them)", tag);
		return 1;
	}
	int rc = tag_run(&t, tag, argc - i - 2, argv + i + 2);
	if (fflush(stdout) == EOF)
		rc = 1;
	return rc;
}
