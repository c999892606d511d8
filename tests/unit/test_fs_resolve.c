/* Proves fs_openat2 keeps guest paths inside the root, with openat2 and then with openat2 made to
 * fail with ENOSYS by a seccomp filter (as on kernels before 5.6), where the fd-relative walk of
 * backend/fs_resolve.c does the work: absolute and relative symlinks, "..", RESOLVE_NO_SYMLINKS,
 * RESOLVE_BENEATH, O_CREAT through a symlinked directory, final symlinks and procfs magic links. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend/fsutil.h"

static char top[64];
static int rootfd = -1, outfd = -1;

static void sh(const char *fmt, const char *arg)
{
	char cmd[512];
	snprintf(cmd, sizeof(cmd), fmt, arg, arg, arg, arg);
	assert_int_equal(system(cmd), 0);
}

static int setup(void **state)
{
	snprintf(top, sizeof(top), "/tmp/vsm-resolve.XXXXXX");
	if (!mkdtemp(top))
		return -1;
	/* top/root is the "guest", top/outside and top/etc stand for the host. */
	sh("cd %s && mkdir -p root/etc root/d/e outside etc && echo in >root/etc/f && "
	   "echo OUT >outside/f && echo HOST >etc/f && ln -s /etc root/abs && "
	   "ln -s ../../../../../../outside root/rel && ln -s /etc/f root/lastlink && "
	   "ln -s d root/dl", top);
	char p[128];
	snprintf(p, sizeof(p), "%s/root", top);
	rootfd = open(p, O_PATH | O_DIRECTORY);
	snprintf(p, sizeof(p), "%s/outside", top);
	outfd = open(p, O_PATH | O_DIRECTORY);
	return rootfd < 0 || outfd < 0 ? -1 : 0;
}

static int teardown(void **state)
{
	close(rootfd);
	close(outfd);
	sh("rm -rf %s", top);
	return 0;
}

static void read_is(int fd, const char *want)
{
	assert_true(fd >= 0);
	char buf[32] = "";
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_string_equal(buf, want);
}

static void check_rules(void)
{
	const unsigned long long in_root = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
	/* An absolute symlink restarts at the guest root, not the host's. */
	read_is(fs_openat2(rootfd, "abs/f", O_RDONLY, 0, in_root), "in\n");
	read_is(fs_openat2(rootfd, "/abs/f", O_RDONLY, 0, in_root), "in\n");
	/* ".." and a relative symlink full of ".." stop at the root. */
	read_is(fs_openat2(rootfd, "../../../../etc/f", O_RDONLY, 0, in_root), "in\n");
	assert_int_equal(fs_openat2(rootfd, "rel/f", O_RDONLY, 0, in_root), -ENOENT);
	read_is(fs_openat2(rootfd, "d/e/../../../etc/f", O_RDONLY, 0, in_root), "in\n");
	/* A final symlink is followed inside the root, refused with O_NOFOLLOW. */
	read_is(fs_openat2(rootfd, "lastlink", O_RDONLY, 0, in_root), "in\n");
	assert_int_equal(fs_openat2(rootfd, "lastlink", O_RDONLY | O_NOFOLLOW, 0, in_root), -ELOOP);
	/* RESOLVE_NO_SYMLINKS refuses any symlink on the way. */
	assert_int_equal(fs_openat2(rootfd, "abs/f", O_RDONLY, 0, in_root | RESOLVE_NO_SYMLINKS),
			 -ELOOP);
	assert_int_equal(fs_openat2(rootfd, "dl/e", O_PATH, 0, in_root | RESOLVE_NO_SYMLINKS), -ELOOP);
	/* RESOLVE_BENEATH: ".." above the start and absolute paths fail with EXDEV. */
	assert_int_equal(fs_openat2(rootfd, "../outside/f", O_RDONLY, 0, RESOLVE_BENEATH), -EXDEV);
	assert_int_equal(fs_openat2(rootfd, "abs/f", O_RDONLY, 0, RESOLVE_BENEATH), -EXDEV);
	/* O_CREAT through a symlinked directory creates inside the root. */
	int fd = fs_openat2(rootfd, "abs/new", O_WRONLY | O_CREAT | O_EXCL, 0600, in_root);
	assert_true(fd >= 0);
	close(fd);
	char p[128];
	snprintf(p, sizeof(p), "%s/root/etc/new", top);
	assert_int_equal(unlink(p), 0);
	snprintf(p, sizeof(p), "%s/etc/new", top);
	assert_int_equal(access(p, F_OK), -1);
	/* The root itself, and a directory on the way. */
	fd = fs_openat2(rootfd, "/", O_PATH | O_DIRECTORY, 0, in_root);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(fs_openat2(rootfd, "etc/f/", O_RDONLY, 0, in_root), -ENOTDIR);
	/* procfs magic links are refused with RESOLVE_NO_MAGICLINKS. */
	int proc = open("/proc", O_PATH | O_DIRECTORY);
	assert_true(proc >= 0);
	assert_int_equal(fs_openat2(proc, "self/cwd", O_PATH, 0,
				    RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS), -ELOOP);
	fd = fs_openat2(proc, "self/status", O_RDONLY, 0, RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS);
	assert_true(fd >= 0);
	close(fd);
	close(proc);
}

static void test_with_openat2(void **state)
{
	check_rules();
	assert_false(fs_openat2_is_fallback());
}

static void test_without_openat2(void **state)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	assert_non_null(ctx);
	assert_int_equal(seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS),
					  seccomp_syscall_resolve_name("openat2"), 0), 0);
	assert_int_equal(seccomp_load(ctx), 0);
	seccomp_release(ctx);
	check_rules();
	assert_true(fs_openat2_is_fallback());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_with_openat2),
		cmocka_unit_test(test_without_openat2),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
