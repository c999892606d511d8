/* The `net` file in the guest's run directory: one line per host-side object. */
#include "backend/net_record.h"
#include "backend/fsutil.h"
#include "backend/net.h"
#include "backend/runrecord.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int net_record_path(const char *name, char *buf, size_t len, struct vsm_error *err)
{
	char dir[PATH_MAX];
	int r = runrecord_dir(name, false, dir, sizeof(dir), err);
	if (r < 0)
		return r;
	if ((size_t)snprintf(buf, len, "%s/%s", dir, NET_RECORD_FILE) >= len)
		return vsm_error_set(err, ENAMETOOLONG, "%s: run directory path too long", name);
	return 0;
}

int net_record_begin(const char *name, struct net_record *rec, struct vsm_error *err)
{
	memset(rec, 0, sizeof(*rec));
	char dir[PATH_MAX];
	int r = runrecord_dir(name, true, dir, sizeof(dir), err);
	return r < 0 ? r : net_record_path(name, rec->path, sizeof(rec->path), err);
}

int net_record_add(struct net_record *rec, struct vsm_error *err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(rec->text + rec->len, sizeof(rec->text) - rec->len, fmt, ap);
	va_end(ap);
	if (n < 0 || rec->len + (size_t)n + 1 >= sizeof(rec->text))
		return vsm_error_set(err, E2BIG, "%s: too many network objects to record", rec->path);
	rec->len += (size_t)n;
	rec->text[rec->len++] = '\n';
	rec->text[rec->len] = '\0';
	return fs_write_atomic_path(rec->path, rec->text, rec->len, 0600, err);
}
