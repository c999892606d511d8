/* Test-only driver of kernel/cgroup.h for the integration tests (built by tests/SConscript, never
 * installed). Usage: vsm-cgtest [--v2 DIR] COMMAND ARGS…, see usage() below. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backend/cgroup_limits.h"
#include "kernel/cgroup.h"

static void usage(void)
{
	fputs("usage: vsm-cgtest [--v2 DIR] COMMAND ARGS\n"
	      "  detect | create REL | attach REL PID | set REL KNOB VALUE | get REL KNOB\n"
	      "  pids REL | kill REL SIGNUM | freeze REL 0|1 | destroy REL | exists REL | usage REL\n"
	      "  pidpath PID CONTROLLER('' = v2)\n"
	      "  limits REL SETTING…  apply struct guest_limits: mem=N high=N swap=N quota=US\n"
	      "                       period=US weight=N pids=N ioweight=N\n"
	      "                       iomax=MAJ:MIN:rbps:wbps:riops:wiops (- = unset) KNOB=VALUE (raw)\n"
	      "  run REL PROG ARGS…   fork, join REL in every hierarchy, exec; prints nothing, exits\n"
	      "                       with PROG's status (128+sig when killed)\n"
	      "  hog MB               touch MB MiB of memory, exit 0 if all of it was touched\n"
	      "  forkloop N           fork up to N sleeping children; print how many forks succeeded\n",
	      stderr);
	exit(2);
}

static int fail(const char *what, const struct vsm_error *err)
{
	fprintf(stderr, "vsm-cgtest: %s: %s\n", what, err->msg);
	return 1;
}

static int hog(long mb)
{
	for (long i = 0; i < mb; i++) {
		char *p = malloc(1 << 20);
		if (!p)
			return 1;
		memset(p, (int)i | 1, 1 << 20);
	}
	return 0;
}

static int forkloop(long n)
{
	long ok = 0;
	for (long i = 0; i < n; i++) {
		pid_t p = fork();
		if (p < 0)
			break;
		if (p == 0) {
			/* Let go of stdout, or $(vsm-cgtest forkloop) would wait for the children. */
			int fd = open("/dev/null", O_WRONLY);
			dup2(fd, 1);
			pause();
			_exit(0);
		}
		ok++;
	}
	printf("%ld\n", ok);
	fflush(stdout);
	return 0;
}

static int run(const struct cg_layout *lay, const char *rel, char **argv)
{
	int pfd[2];
	if (pipe(pfd) < 0)
		return 1;
	pid_t pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		/* Wait until the parent has moved us, so nothing runs outside the cgroup. */
		char c;
		close(pfd[1]);
		if (read(pfd[0], &c, 1) != 1)
			_exit(126);
		execvp(argv[0], argv);
		_exit(127);
	}
	close(pfd[0]);
	struct vsm_error err = { 0 };
	int r = cg_attach(lay, rel, pid, &err);
	if (r < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return fail("attach", &err);
	}
	if (write(pfd[1], "x", 1) != 1)
		return 1;
	close(pfd[1]);
	int st;
	if (waitpid(pid, &st, 0) < 0)
		return 1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int parse_field(const char *s, uint64_t *v)
{
	if (!strcmp(s, "-")) {
		*v = CGL_UNSET;
		return 0;
	}
	return guest_limits_parse(s, v);
}

static int limits(const struct cg_layout *lay, const char *rel, int n, char **v)
{
	static const struct { const char *name; size_t off; } figs[] = {
		{ "mem", offsetof(struct guest_limits, mem_max) },
		{ "high", offsetof(struct guest_limits, mem_high) },
		{ "swap", offsetof(struct guest_limits, swap_max) },
		{ "quota", offsetof(struct guest_limits, cpu_quota_us) },
		{ "period", offsetof(struct guest_limits, cpu_period_us) },
		{ "weight", offsetof(struct guest_limits, cpu_weight) },
		{ "pids", offsetof(struct guest_limits, pids_max) },
		{ "ioweight", offsetof(struct guest_limits, io_weight) },
	};
	struct guest_limits l;
	struct vsm_error err = { 0 };
	guest_limits_init(&l);
	for (int i = 0; i < n; i++) {
		char *eq = strchr(v[i], '=');
		if (!eq)
			usage();
		*eq = '\0';
		const char *val = eq + 1;
		bool done = false;
		for (size_t k = 0; k < sizeof(figs) / sizeof(figs[0]); k++) {
			if (strcmp(v[i], figs[k].name))
				continue;
			if (guest_limits_parse(val, (uint64_t *)((char *)&l + figs[k].off)) < 0) {
				fprintf(stderr, "vsm-cgtest: %s=%s: bad value\n", v[i], val);
				return 2;
			}
			done = true;
		}
		if (!done && !strcmp(v[i], "iomax")) {
			struct guest_io_max *d = &l.io_max[l.n_io_max++];
			char f[4][32];
			if (sscanf(val, "%u:%u:%31[^:]:%31[^:]:%31[^:]:%31s", &d->major, &d->minor, f[0],
				   f[1], f[2], f[3]) != 6 || parse_field(f[0], &d->rbps) < 0 ||
			    parse_field(f[1], &d->wbps) < 0 || parse_field(f[2], &d->riops) < 0 ||
			    parse_field(f[3], &d->wiops) < 0)
				usage();
			done = true;
		}
		if (!done && guest_limits_add_raw(&l, v[i], val, &err) < 0)
			return fail("limits", &err);
	}
	return guest_limits_apply(lay, rel, &l, &err) < 0 ? fail("limits", &err) : 0;
}

static void print_u64(const char *name, uint64_t v)
{
	if (v == UINT64_MAX)
		printf("%s=none\n", name);
	else
		printf("%s=%" PRIu64 "\n", name, v);
}

int main(int argc, char **argv)
{
	struct cg_layout lay;
	struct vsm_error err = { 0 };
	int a = 1;
	if (argc < 2)
		usage();
	const char *cmd = argv[a];
	if (!strcmp(cmd, "hog") && argc == 3)
		return hog(atol(argv[2]));
	if (!strcmp(cmd, "forkloop") && argc == 3)
		return forkloop(atol(argv[2]));
	if (!strcmp(cmd, "pidpath") && argc == 4) {
		char buf[4096];
		int r = cg_pid_path(atoi(argv[2]), argv[3], buf, sizeof(buf));
		if (r < 0) {
			fprintf(stderr, "vsm-cgtest: pidpath: %s\n", strerror(-r));
			return 1;
		}
		puts(buf);
		return 0;
	}
	int r;
	if (!strcmp(cmd, "--v2") && argc > 3) {
		r = cg_layout_v2_at(&lay, argv[2], &err);
		a = 3;
	} else {
		r = cg_detect(&lay, NULL, NULL, &err);
	}
	if (r < 0)
		return fail("detect", &err);
	cmd = argv[a];
	int n = argc - a - 1;
	char **v = argv + a + 1;
	if (!strcmp(cmd, "detect")) {
		static const char *const modes[] = { "unified", "hybrid", "legacy" };
		printf("mode %s\n", modes[lay.mode]);
		for (int i = 0; i < lay.n; i++)
			printf("%s %s %s\n", lay.h[i].v2 ? "v2" : "v1", lay.h[i].mount,
			       lay.h[i].controllers[0] ? lay.h[i].controllers : "-");
		return 0;
	}
	if (n < 1)
		usage();
	if (!strcmp(cmd, "create") && n == 1)
		r = cg_create(&lay, v[0], &err);
	else if (!strcmp(cmd, "attach") && n == 2)
		r = cg_attach(&lay, v[0], atoi(v[1]), &err);
	else if (!strcmp(cmd, "set") && n == 3)
		r = cg_set(&lay, v[0], v[1], v[2], &err);
	else if (!strcmp(cmd, "get") && n == 2) {
		char buf[8192];
		r = cg_get(&lay, v[0], v[1], buf, sizeof(buf), &err);
		if (r == 0)
			puts(buf);
	} else if (!strcmp(cmd, "pids") && n == 1) {
		pid_t *pids;
		size_t np;
		r = cg_pids(&lay, v[0], &pids, &np, &err);
		for (size_t i = 0; r == 0 && i < np; i++)
			printf("%d\n", (int)pids[i]);
		if (r == 0)
			free(pids);
	} else if (!strcmp(cmd, "kill") && n == 2)
		r = cg_kill(&lay, v[0], atoi(v[1]), &err);
	else if (!strcmp(cmd, "freeze") && n == 2)
		r = cg_freeze(&lay, v[0], atoi(v[1]) != 0, &err);
	else if (!strcmp(cmd, "destroy") && n == 1)
		r = cg_destroy(&lay, v[0], &err);
	else if (!strcmp(cmd, "exists") && n == 1)
		return cg_exists(&lay, v[0]) ? 0 : 1;
	else if (!strcmp(cmd, "usage") && n == 1) {
		struct cg_usage u;
		r = cg_usage_read(&lay, v[0], &u, &err);
		if (r == 0) {
			print_u64("nprocs", u.nprocs);
			print_u64("mem_bytes", u.mem_bytes);
			print_u64("mem_limit", u.mem_limit);
			print_u64("cpu_user_us", u.cpu_user_us);
			print_u64("cpu_sys_us", u.cpu_sys_us);
			print_u64("pids_limit", u.pids_limit);
		}
	} else if (!strcmp(cmd, "limits") && n >= 1)
		return limits(&lay, v[0], n - 1, v + 1);
	else if (!strcmp(cmd, "run") && n >= 2)
		return run(&lay, v[0], v + 1);
	else
		usage();
	return r < 0 ? fail(cmd, &err) : 0;
}
