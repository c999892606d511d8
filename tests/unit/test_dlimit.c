/* Proves the dlimits/ config round-trips through dlimit_save/dlimit_load, that a bad or missing
 * file is an error naming it, and that vdu's walk counts allocated blocks and hard links once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend/dlimit.h"
#include "backend/fsutil.h"
#include "backend/paths.h"

static char root[64];

static int setup(void **state)
{
	strcpy(root, "/tmp/vsm-unit-dlimit.XXXXXX");
	assert_non_null(mkdtemp(root));
	assert_int_equal(vsm_paths_set_root(root, NULL), 0);
	char d[PATH_MAX];
	snprintf(d, sizeof(d), "%s/etc/vservers/g", root);
	assert_int_equal(fs_mkdir_p(d, 0755, NULL), 0);
	return 0;
}

static int teardown(void **state)
{
	fs_remove_tree(root, NULL);
	return 0;
}

static void put(const char *rel, const char *text)
{
	char p[PATH_MAX];
	snprintf(p, sizeof(p), "%s/etc/vservers/g/%s", root, rel);
	*strrchr(p, '/') = '\0';
	assert_int_equal(fs_mkdir_p(p, 0755, NULL), 0);
	p[strlen(p)] = '/';
	assert_int_equal(fs_write_atomic_path(p, text, strlen(text), 0644, NULL), 0);
}

static void test_roundtrip(void **state)
{
	struct vsm_error err = { 0 };
	struct dlimit dl = { .space_total_kb = 123456, .inodes_total = 7890, .reserved_pct = 3 };
	strcpy(dl.directory, "/vservers/g");
	struct dlimit back;
	assert_int_equal(dlimit_load("g", &back, &err), -ENOENT);
	assert_int_equal(dlimit_save("g", &dl, &err), 0);
	assert_int_equal(dlimit_load("g", &back, &err), 0);
	assert_string_equal(back.directory, "/vservers/g");
	assert_true(back.space_total_kb == 123456 && back.inodes_total == 7890);
	assert_int_equal(back.reserved_pct, 3);
	/* util-vserver's files: one number per file, under dlimits/0/ for a new entry. */
	char p[PATH_MAX], *text = NULL;
	size_t len;
	snprintf(p, sizeof(p), "%s/etc/vservers/g/dlimits/0/space_total", root);
	assert_int_equal(fs_read_file_at(AT_FDCWD, p, 64, &text, &len, NULL), 0);
	assert_string_equal(text, "123456\n");
	free(text);
	/* A disabled entry is no limit. */
	put("dlimits/0/disabled", "");
	assert_int_equal(dlimit_load("g", &back, &err), -ENOENT);
}

static void test_bad(void **state)
{
	struct vsm_error err = { 0 };
	struct dlimit dl;
	put("dlimits/root/directory", "/vservers/g\n");
	put("dlimits/root/space_total", "100\n");
	put("dlimits/root/inodes_total", "10\n");
	assert_int_equal(dlimit_load("g", &dl, &err), -ENOENT);
	assert_non_null(strstr(err.msg, "dlimits/root/reserved: missing"));
	put("dlimits/root/reserved", "60\n");
	assert_int_equal(dlimit_load("g", &dl, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "more than 50%"));
	put("dlimits/root/reserved", "5\n");
	put("dlimits/root/space_total", "-1\n");
	assert_int_equal(dlimit_load("g", &dl, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "space_total: not a non-negative number"));
	put("dlimits/root/space_total", "12k\n");
	assert_int_equal(dlimit_load("g", &dl, &err), -EINVAL);
}

static void test_du(void **state)
{
	char d[PATH_MAX], f[PATH_MAX + 8], l[PATH_MAX + 8];
	snprintf(d, sizeof(d), "%s/tree", root);
	assert_int_equal(fs_mkdir_p(d, 0755, NULL), 0);
	snprintf(f, sizeof(f), "%s/a", d);
	int fd = open(f, O_WRONLY | O_CREAT, 0644);
	assert_true(fd >= 0);
	char buf[65536];
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(write(fd, buf, sizeof(buf)), (int)sizeof(buf));
	fsync(fd);
	close(fd);
	snprintf(l, sizeof(l), "%s/b", d);
	assert_int_equal(link(f, l), 0);
	/* A sparse file counts only what is allocated. */
	snprintf(f, sizeof(f), "%s/sparse", d);
	fd = open(f, O_WRONLY | O_CREAT, 0644);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 64 << 20), 0);
	close(fd);
	uint64_t kb = 0, n = 0;
	struct vsm_error err = { 0 };
	assert_int_equal(dlimit_du(d, &kb, &n, &err), 0);
	assert_int_equal(n, 3); /* the directory, a (= b), sparse */
	assert_true(kb >= 64 && kb < 64 + 64);
	assert_int_equal(dlimit_du("/nonexistent-vsm", &kb, &n, &err), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_roundtrip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad, setup, teardown),
		cmocka_unit_test_setup_teardown(test_du, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
