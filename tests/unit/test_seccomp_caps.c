/* Proves the guest's seccomp filter and capability drop on the real kernel, in forked children:
 * listed syscalls fail with EPERM, CLONE_NEWUSER and clone3 are refused, reboot is not filtered,
 * no_new_privs stays off, and the bounding/inheritable/ambient sets end as configured. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <linux/capability.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backend/guest_security.h"
#include "kernel/caps.h"
#include "kernel/seccomp.h"

#ifndef MNT_FORCE
#define MNT_FORCE 1
#endif

/* Run FN in a child; its exit code is the number of failed expectations. */
static int in_child(int (*fn)(void))
{
	pid_t pid = fork();
	if (pid == 0)
		_exit(fn());
	int st;
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 100 + WTERMSIG(st);
}

static int expect_errno(long r, int want, const char *what)
{
	if (r == -1 && errno == want)
		return 0;
	fprintf(stderr, "%s: got %ld errno %d, expected errno %d\n", what, r, errno, want);
	return 1;
}

static int filtered_child(void)
{
	const char *names[] = { "kexec_load", "keyctl", "add_key", "bpf", "perf_event_open",
				"open_by_handle_at", "no_such_syscall_here" };
	void *f = NULL;
	if (seccomp_filter_build(names, sizeof(names) / sizeof(names[0]), &f, NULL) < 0 ||
	    seccomp_filter_load(f, NULL) < 0)
		return 50;
	int bad = 0;
	bad += expect_errno(syscall(SYS_kexec_load, 0, 0, NULL, 0), EPERM, "kexec_load");
	bad += expect_errno(syscall(SYS_keyctl, 0, 0, 0, 0, 0), EPERM, "keyctl");
	bad += expect_errno(syscall(SYS_bpf, 0, NULL, 0), EPERM, "bpf");
	bad += expect_errno(syscall(SYS_open_by_handle_at, -1, NULL, 0), EPERM, "open_by_handle_at");
	bad += expect_errno(unshare(CLONE_NEWUSER), EPERM, "unshare(CLONE_NEWUSER)");
	bad += expect_errno(syscall(SYS_clone3, NULL, 0), ENOSYS, "clone3");
	bad += expect_errno(syscall(SYS_umount2, "/nonexistent", MNT_FORCE), EPERM, "umount2(MNT_FORCE)");
	/* Not filtered: the kernel's own answer (EINVAL for bad magic), not EPERM. */
	bad += expect_errno(syscall(SYS_reboot, 0, 0, 0, NULL), EINVAL, "reboot(bad magic)");
	bad += expect_errno(syscall(SYS_umount2, "/nonexistent", 0), ENOENT, "umount2 without force");
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 0)
		bad++;
	seccomp_filter_free(f);
	return bad;
}

static void test_filter(void **state)
{
	if (geteuid() != 0)
		skip();
	assert_int_equal(in_child(filtered_child), 0);
}

static int caps_child(void)
{
	uint64_t keep = (1ULL << CAP_CHOWN) | (1ULL << CAP_KILL) | (1ULL << CAP_SYS_BOOT);
	if (guest_security_apply(NULL, keep, NULL) < 0)
		return 50;
	int bad = caps_bounding_read() != keep;
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	while (f && fgets(line, sizeof(line), f)) {
		unsigned long long v;
		if (sscanf(line, "CapInh: %llx", &v) == 1 || sscanf(line, "CapAmb: %llx", &v) == 1)
			bad += v != 0;
		if (sscanf(line, "CapEff: %llx", &v) == 1 || sscanf(line, "CapPrm: %llx", &v) == 1)
			bad += v != keep;
	}
	if (f)
		fclose(f);
	return bad;
}

static void test_caps(void **state)
{
	if (geteuid() != 0)
		skip();
	assert_int_equal(in_child(caps_child), 0);
}

static int deny_list_child(void)
{
	void *f = NULL;
	/* The shipped list (share/seccomp.deny) must build on this machine. */
	if (guest_seccomp_build(&f, NULL) < 0 || seccomp_filter_load(f, NULL) < 0)
		return 50;
	int bad = expect_errno(syscall(SYS_init_module, NULL, 0, ""), EPERM, "init_module");
	bad += expect_errno(syscall(SYS_userfaultfd, 0), EPERM, "userfaultfd");
	seccomp_filter_free(f);
	return bad;
}

static void test_shipped_list(void **state)
{
	if (geteuid() != 0)
		skip();
	char path[4096];
	snprintf(path, sizeof(path), "%s/share/seccomp.deny", getenv("VSM_TOP") ? getenv("VSM_TOP") : ".");
	if (access(path, R_OK) == 0)
		setenv("VSM_SECCOMP_DENY", path, 1);
	assert_int_equal(in_child(deny_list_child), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filter),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_shipped_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
