/* Shared by the test_config*.c programs: a throw-away VSM_ROOT, file writers, a warning sink. */
#ifndef VSM_TEST_CONFIG_FIXTURE_H
#define VSM_TEST_CONFIG_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backend/config.h"
#include "backend/fsutil.h"
#include "backend/paths.h"

static char fx_root[PATH_MAX];
static char fx_warnings[8192];
static int fx_nwarnings;

static inline void fx_warn(void *ctx, const char *msg)
{
	(void)ctx;
	fx_nwarnings++;
	size_t n = strlen(fx_warnings);
	snprintf(fx_warnings + n, sizeof(fx_warnings) - n, "%s\n", msg);
}

static inline int fx_setup(void **state)
{
	(void)state;
	snprintf(fx_root, sizeof(fx_root), "/tmp/vsm-unit-config-XXXXXX");
	if (!mkdtemp(fx_root))
		return -1;
	struct vsm_error err = {0};
	if (vsm_paths_set_root(fx_root, &err) < 0)
		return -1;
	fx_warnings[0] = '\0';
	fx_nwarnings = 0;
	return 0;
}

static inline int fx_teardown(void **state)
{
	(void)state;
	fs_remove_tree(fx_root, NULL);
	return 0;
}

/* Write ROOT/etc/vservers/REL with LEN bytes of TEXT (LEN -1: strlen), creating directories. */
static inline void fx_put_len(const char *rel, const char *text, ssize_t len)
{
	char path[PATH_MAX * 2];
	snprintf(path, sizeof(path), "%s/%s", vsm_paths()->confdir, rel);
	char *slash = strrchr(path, '/');
	*slash = '\0';
	assert_int_equal(fs_mkdir_p(path, 0755, NULL), 0);
	*slash = '/';
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	size_t n = len < 0 ? strlen(text) : (size_t)len;
	assert_int_equal(fwrite(text, 1, n, f), n);
	fclose(f);
}

static inline void fx_put(const char *rel, const char *text)
{
	fx_put_len(rel, text, -1);
}

static inline void fx_mkguest(const char *name)
{
	char path[PATH_MAX * 2];
	snprintf(path, sizeof(path), "%s/%s", vsm_paths()->confdir, name);
	assert_int_equal(fs_mkdir_p(path, 0755, NULL), 0);
}

/* Load NAME expecting success. */
static inline void fx_load(const char *name, struct guest_config *cfg)
{
	struct vsm_error err = {0};
	int r = guest_config_load(name, cfg, 0, fx_warn, NULL, &err);
	if (r < 0)
		fail_msg("load %s: %s", name, err.msg);
}

/* Load NAME expecting an error whose message contains every NULL-terminated fragment. */
static inline void fx_load_fails(const char *name, ...)
{
	struct guest_config cfg;
	struct vsm_error err = {0};
	int r = guest_config_load(name, &cfg, 0, fx_warn, NULL, &err);
	if (r == 0) {
		guest_config_free(&cfg);
		fail_msg("load %s succeeded; expected an error", name);
	}
	va_list ap;
	va_start(ap, name);
	const char *frag;
	while ((frag = va_arg(ap, const char *)))
		if (!strstr(err.msg, frag))
			fail_msg("error '%s' lacks '%s'", err.msg, frag);
	va_end(ap);
}

#endif
