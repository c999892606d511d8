/* Fixture trees for the cgroup unit tests: plain files laid out as the kernel lays out cgroupfs. */
#ifndef VSM_TEST_CG_FIXTURE_H
#define VSM_TEST_CG_FIXTURE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "backend/fsutil.h"

static char fx_root[256];

/* Write TEXT to fx_root/REL (directories created as needed). */
static inline void fx_write(const char *rel, const char *text)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", fx_root, rel);
	char *slash = strrchr(path, '/');
	*slash = '\0';
	fs_mkdir_p(path, 0755, NULL);
	*slash = '/';
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		abort();
	}
	fputs(text, f);
	fclose(f);
}

/* Contents of fx_root/REL, newline stripped; "<missing>" when absent. */
static inline const char *fx_read(const char *rel)
{
	static char buf[4096];
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", fx_root, rel);
	FILE *f = fopen(path, "r");
	if (!f)
		return "<missing>";
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	while (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	return buf;
}

static inline void fx_setup(const char *tag)
{
	snprintf(fx_root, sizeof(fx_root), "/tmp/vsm-%s.XXXXXX", tag);
	if (!mkdtemp(fx_root))
		abort();
}

static inline void fx_teardown(void)
{
	fs_remove_tree(fx_root, NULL);
}

/* The files a v2 kernel puts in every non-root cgroup DIR ("" = the root's subset). */
static inline void fx_v2_cgroup(const char *dir, const char *controllers)
{
	char p[256];
	bool root = !dir[0];
#define FX(name, text)                                                                       \
	do {                                                                                 \
		snprintf(p, sizeof(p), "%s%s%s", dir, root ? "" : "/", name);               \
		fx_write(p, text);                                                           \
	} while (0)
	FX("cgroup.controllers", controllers);
	FX("cgroup.subtree_control", "");
	FX("cgroup.procs", "");
	FX("cpu.stat", "usage_usec 0\nuser_usec 0\nsystem_usec 0\n");
	if (!root) {
		FX("cgroup.events", "populated 0\nfrozen 0\n");
		FX("cgroup.freeze", "0");
		FX("cgroup.kill", "");
		FX("cgroup.type", "domain");
		FX("memory.max", "max");
		FX("memory.high", "max");
		FX("memory.swap.max", "max");
		FX("memory.stat", "anon 0\nfile 0\nfile_mapped 0\n");
		FX("cpu.max", "max 100000");
		FX("cpu.weight", "100");
		FX("pids.max", "max");
		FX("pids.current", "0");
		FX("io.max", "");
		FX("io.weight", "default 100");
	}
#undef FX
}

#endif
