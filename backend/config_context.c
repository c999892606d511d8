/* Static context id allocation: .defaults/context.next, checked against every guest, advanced
 * atomically under a lock so two concurrent builds never get the same id. */
#include "backend/config_internal.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "backend/fsutil.h"
#include "backend/paths.h"

/* The ids in use, as a bitmap over CONTEXT_MIN..CONTEXT_MAX. */
static int contexts_used(unsigned char *used, const char *except, struct vsm_error *err)
{
	char **names;
	size_t n;
	int r = guest_list(&names, &n, err);
	if (r < 0)
		return r;
	for (size_t i = 0; i < n; i++) {
		int c;
		if (except && !strcmp(names[i], except))
			continue;
		/* A guest with an unreadable context file cannot be started with it either;
		 * it is not counted. */
		if (guest_context_read(names[i], &c, NULL) == 0 && c)
			used[c / 8] |= (unsigned char)(1u << (c % 8));
	}
	guest_list_free(names, n);
	return 0;
}

static bool is_used(const unsigned char *used, int c)
{
	return used[c / 8] & (1u << (c % 8));
}

static int lock_contexts(struct vsm_error *err)
{
	const char *lockdir = vsm_paths()->lockdir;
	char path[PATH_MAX];
	int r = fs_mkdir_p(lockdir, 0755, err);
	if (r < 0)
		return r;
	if ((size_t)snprintf(path, sizeof(path), "%s/context.lock", lockdir) >= sizeof(path))
		return vsm_error_set(err, ENAMETOOLONG, "%s: path too long", lockdir);
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return vsm_error_sys(err, errno, "%s: open", path);
	while (flock(fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			int e = errno;
			close(fd);
			return vsm_error_sys(err, e, "%s: flock", path);
		}
	}
	return fd;
}

static int next_read(const char *path, int *next, struct vsm_error *err)
{
	char *text;
	size_t len;
	*next = CONTEXT_START;
	int r = fs_read_file_at(AT_FDCWD, path, CONFIG_FILE_MAX, &text, &len, err);
	if (r == -ENOENT)
		return 0;
	if (r < 0)
		return r;
	char line[32];
	long long v;
	r = config_first_line(path, text, len, line, sizeof(line), err);
	if (r == 0)
		r = config_parse_int(path, 1, line, CONTEXT_MIN, CONTEXT_MAX, &v, err);
	free(text);
	if (r == 0)
		*next = (int)v;
	return r;
}

int config_context_next(int *ctx, struct vsm_error *err)
{
	*ctx = 0;
	const char *confdir = vsm_paths()->confdir;
	char defaults[PATH_MAX], path[PATH_MAX];
	if ((size_t)snprintf(defaults, sizeof(defaults), "%s/.defaults", confdir) >=
		    sizeof(defaults) ||
	    (size_t)snprintf(path, sizeof(path), "%s/context.next", defaults) >= sizeof(path))
		return vsm_error_set(err, ENAMETOOLONG, "%s: path too long", confdir);
	int lock = lock_contexts(err);
	if (lock < 0)
		return lock;
	unsigned char *used = calloc(CONTEXT_MAX / 8 + 1, 1);
	int next = CONTEXT_START, r;
	if (!used)
		r = vsm_error_set(err, ENOMEM, "context allocation: out of memory");
	else
		r = next_read(path, &next, err);
	if (r == 0)
		r = contexts_used(used, NULL, err);
	int c = next;
	if (r == 0) {
		/* From context.next up, wrapping once: ids freed by deleted guests are reused
		 * only after the range is exhausted. */
		while (is_used(used, c)) {
			c = c == CONTEXT_MAX ? CONTEXT_MIN : c + 1;
			if (c == next) {
				r = vsm_error_set(err, ENOSPC, "every static context id %d..%d is in use",
						  CONTEXT_MIN, CONTEXT_MAX);
				break;
			}
		}
	}
	if (r == 0)
		r = fs_mkdir_p(defaults, 0755, err);
	if (r == 0) {
		char buf[16];
		int n = snprintf(buf, sizeof(buf), "%d\n", c == CONTEXT_MAX ? CONTEXT_MIN : c + 1);
		r = fs_write_atomic(AT_FDCWD, path, buf, (size_t)n, 0644, err);
	}
	if (r == 0)
		*ctx = c;
	free(used);
	close(lock);
	return r;
}

int config_context_check(int ctx, const char *except, struct vsm_error *err)
{
	if (ctx < CONTEXT_MIN || ctx > CONTEXT_MAX)
		return vsm_error_set(err, ERANGE, "context %d: expected a static id %d..%d", ctx,
				     CONTEXT_MIN, CONTEXT_MAX);
	unsigned char *used = calloc(CONTEXT_MAX / 8 + 1, 1);
	if (!used)
		return vsm_error_set(err, ENOMEM, "out of memory");
	int r = contexts_used(used, except, err);
	if (r == 0 && is_used(used, ctx)) {
		char name[GUEST_NAME_MAX + 1] = "?";
		guest_find_by_context(ctx, name, sizeof(name), NULL);
		r = vsm_error_set(err, EEXIST, "context %d is already used by guest %s", ctx, name);
	}
	free(used);
	return r;
}

int config_context_peek(int *ctx, struct vsm_error *err)
{
	*ctx = 0;
	char path[PATH_MAX];
	if ((size_t)snprintf(path, sizeof(path), "%s/.defaults/context.next",
			     vsm_paths()->confdir) >= sizeof(path))
		return vsm_error_set(err, ENAMETOOLONG, "%s: path too long", vsm_paths()->confdir);
	unsigned char *used = calloc(CONTEXT_MAX / 8 + 1, 1);
	if (!used)
		return vsm_error_set(err, ENOMEM, "out of memory");
	int next, r = next_read(path, &next, err);
	if (r == 0)
		r = contexts_used(used, NULL, err);
	int c = next;
	while (r == 0 && is_used(used, c)) {
		c = c == CONTEXT_MAX ? CONTEXT_MIN : c + 1;
		if (c == next)
			r = vsm_error_set(err, ENOSPC, "every static context id %d..%d is in use",
					  CONTEXT_MIN, CONTEXT_MAX);
	}
	if (r == 0)
		*ctx = c;
	free(used);
	return r;
}
