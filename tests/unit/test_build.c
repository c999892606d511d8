/* Proves the build's parsers: --interface [NAME=][DEV:]IP[/PREFIX] and the tar reader's member
 * handling (pax and GNU long names, refused escapes), on archives assembled here byte by byte. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend/build.h"
#include "backend/fsutil.h"
#include "backend/tar_extract.h"

static void test_iface_forms(void **state)
{
	struct build_iface f;
	assert_int_equal(build_iface_parse("10.0.0.1", &f, NULL), 0);
	assert_string_equal(f.ip, "10.0.0.1");
	assert_int_equal(f.prefix, -1);
	assert_string_equal(f.dev, "");
	assert_int_equal(build_iface_parse("web=eth0:10.0.0.1/24", &f, NULL), 0);
	assert_string_equal(f.name, "web");
	assert_string_equal(f.dev, "eth0");
	assert_int_equal(f.prefix, 24);
	assert_int_equal(build_iface_parse("10.0.0.1/255.255.0.0", &f, NULL), 0);
	assert_int_equal(f.prefix, 16);
	/* An IPv6 address is not mistaken for DEV:IP. */
	assert_int_equal(build_iface_parse("fd00::1/64", &f, NULL), 0);
	assert_string_equal(f.ip, "fd00::1");
	assert_string_equal(f.dev, "");
	assert_int_equal(f.prefix, 64);
	assert_int_equal(build_iface_parse("br0:fd00::1", &f, NULL), 0);
	assert_string_equal(f.dev, "br0");
	assert_string_equal(f.ip, "fd00::1");
}

static void test_iface_errors(void **state)
{
	struct build_iface f;
	struct vsm_error err = {0};
	assert_int_equal(build_iface_parse("", &f, &err), -EINVAL);
	assert_int_equal(build_iface_parse("eth0:", &f, &err), -EINVAL);
	assert_int_equal(build_iface_parse("10.0.0.1/33", &f, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "0..32"));
	assert_int_equal(build_iface_parse("fd00::1/129", &f, &err), -EINVAL);
	assert_int_equal(build_iface_parse("10.0.0.1/255.0.255.0", &f, &err), -EINVAL);
	assert_int_equal(build_iface_parse("e th0:10.0.0.1", &f, &err), -EINVAL);
	assert_int_equal(build_iface_parse("=10.0.0.1", &f, &err), -EINVAL);
	assert_int_equal(build_iface_parse("300.0.0.1", &f, &err), -EINVAL);
}

/* --- tar streams assembled in memory --- */

static void hdr(char *h, const char *name, char type, size_t size, const char *link)
{
	memset(h, 0, 512);
	snprintf(h, 100, "%s", name);
	snprintf(h + 100, 8, "%07o", 0644);
	snprintf(h + 108, 8, "%07o", 0);
	snprintf(h + 116, 8, "%07o", 0);
	snprintf(h + 124, 12, "%011zo", size);
	snprintf(h + 136, 12, "%011o", 1700000000);
	h[156] = type;
	if (link)
		snprintf(h + 157, 100, "%s", link);
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	memset(h + 148, ' ', 8);
	unsigned sum = 0;
	for (int i = 0; i < 512; i++)
		sum += (unsigned char)h[i];
	snprintf(h + 148, 8, "%06o", sum);
}

/* Append a member (header + padded data) to the memfd. */
static void member(int fd, const char *name, char type, const char *data, const char *link)
{
	char h[512];
	size_t n = data ? strlen(data) : 0;
	hdr(h, name, type, n, link);
	assert_int_equal(write(fd, h, 512), 512);
	if (n) {
		char pad[512] = {0};
		assert_int_equal(write(fd, data, n), (ssize_t)n);
		size_t p = (512 - n % 512) % 512;
		assert_int_equal(write(fd, pad, p), (ssize_t)p);
	}
}

static int finish_stream(int fd)
{
	char z[1024] = {0};
	assert_int_equal(write(fd, z, sizeof(z)), (ssize_t)sizeof(z));
	lseek(fd, 0, SEEK_SET);
	return fd;
}

static int unpack(int fd, char *dir, struct vsm_error *err)
{
	strcpy(dir, "/tmp/vsm-unit-tar.XXXXXX");
	assert_non_null(mkdtemp(dir));
	int root = open(dir, O_RDONLY | O_DIRECTORY);
	int r = tar_extract(fd, root, "test.tar", NULL, err);
	close(root);
	close(fd);
	return r;
}

static void cleanup(const char *dir)
{
	fs_remove_tree(dir, NULL);
}

static void test_tar_long_names(void **state)
{
	/* GNU 'L' records name members longer than the 100-byte header field. */
	int fd = memfd_create("tar", 0);
	char longdir[200], longname[220], rec[400];
	memset(longdir, 'a', 150);
	strcpy(longdir + 150, "/");
	snprintf(longname, sizeof(longname), "%sfile", longdir);
	member(fd, "././@LongLink", 'L', longdir, NULL);
	member(fd, "truncated-dir", '5', NULL, NULL);
	member(fd, "././@LongLink", 'L', longname, NULL);
	member(fd, "truncated-file", '0', "gnu\n", NULL);
	char dir[64];
	struct vsm_error err = {0};
	assert_int_equal(unpack(finish_stream(fd), dir, &err), 0);
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, longname);
	assert_int_equal(access(path, F_OK), 0);
	snprintf(path, sizeof(path), "%s/truncated-file", dir);
	assert_int_equal(access(path, F_OK), -1);
	cleanup(dir);

	/* pax 'x' records override the next member's path. */
	int r;
	fd = memfd_create("tar", 0);
	member(fd, "pax/", '5', NULL, NULL);
	snprintf(rec, sizeof(rec), "%d path=pax/named\n", 18); /* 18 bytes in all */
	member(fd, "PaxHeaders/x", 'x', rec, NULL);
	member(fd, "also-ignored", '0', "pax\n", NULL);
	member(fd, "dir/", '5', NULL, NULL);
	member(fd, "dir/link", '2', NULL, "/etc/passwd");
	member(fd, "dir/hard", '1', NULL, "pax/named");
	r = unpack(finish_stream(fd), dir, &err);
	assert_int_equal(r, 0);
	char buf[16] = {0};
	snprintf(path, sizeof(path), "%s/pax/named", dir);
	int f = open(path, O_RDONLY);
	assert_true(f >= 0);
	assert_int_equal(read(f, buf, sizeof(buf)), 4);
	assert_string_equal(buf, "pax\n");
	close(f);
	struct stat a, b;
	snprintf(path, sizeof(path), "%s/dir/hard", dir);
	assert_int_equal(stat(path, &a), 0);
	snprintf(path, sizeof(path), "%s/pax/named", dir);
	assert_int_equal(stat(path, &b), 0);
	assert_int_equal(a.st_ino, b.st_ino);
	assert_int_equal(a.st_mtime, 1700000000);
	snprintf(path, sizeof(path), "%s/dir/link", dir);
	assert_int_equal(readlink(path, buf, sizeof(buf) - 1), 11);
	cleanup(dir);
}

static void test_tar_refuses_escapes(void **state)
{
	const char *bad[] = { "../x", "a/../../x", "/etc/x" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int fd = memfd_create("tar", 0);
		member(fd, bad[i], '0', "x\n", NULL);
		char dir[64];
		struct vsm_error err = {0};
		assert_int_equal(unpack(finish_stream(fd), dir, &err), -EPERM);
		assert_non_null(strstr(err.msg, "refused"));
		cleanup(dir);
	}
	/* A symlink leading out, then a member through it: resolved inside the root, so the
	 * directory is looked for there (and is missing), never outside. */
	int fd = memfd_create("tar", 0);
	member(fd, "esc", '2', NULL, "/tmp");
	member(fd, "esc/vsm-unit-escaped", '0', "x\n", NULL);
	char dir[64];
	struct vsm_error err = {0};
	assert_true(unpack(finish_stream(fd), dir, &err) < 0);
	assert_int_equal(access("/tmp/vsm-unit-escaped", F_OK), -1);
	cleanup(dir);
	/* A hard link whose target climbs out. */
	fd = memfd_create("tar", 0);
	member(fd, "h", '1', NULL, "../../etc/passwd");
	assert_int_equal(unpack(finish_stream(fd), dir, &err), -EPERM);
	cleanup(dir);
}

static void test_tar_bad_checksum(void **state)
{
	int fd = memfd_create("tar", 0);
	char h[512];
	hdr(h, "x", '0', 0, NULL);
	h[0] = 'y';	/* checksum no longer matches */
	assert_int_equal(write(fd, h, 512), 512);
	char dir[64];
	struct vsm_error err = {0};
	assert_int_equal(unpack(finish_stream(fd), dir, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "checksum"));
	cleanup(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iface_forms),
		cmocka_unit_test(test_iface_errors),
		cmocka_unit_test(test_tar_long_names),
		cmocka_unit_test(test_tar_refuses_escapes),
		cmocka_unit_test(test_tar_bad_checksum),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
