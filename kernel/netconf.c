/* Network sysctls by path. /proc/sys/net answers for the opener's network namespace. */
#include "kernel/netconf.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int path_of(char *buf, size_t len, const char *family, const char *table,
		   const char *ifname, const char *key)
{
	/* An interface name with '/' or ".." would walk elsewhere in /proc/sys. */
	if (strchr(ifname, '/') || !strcmp(ifname, ".") || !strcmp(ifname, ".."))
		return -EINVAL;
	int n = snprintf(buf, len, "/proc/sys/net/%s/%s/%s/%s", family, table, ifname, key);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int netconf_set(const char *family, const char *table, const char *ifname, const char *key,
		const char *value, struct vsm_error *err)
{
	char path[160];
	int r = path_of(path, sizeof(path), family, table, ifname, key);
	if (r < 0)
		return vsm_error_set(err, -r, "sysctl net.%s.%s.%s.%s: bad interface name", family,
				     table, ifname, key);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return vsm_error_sys(err, errno, "open %s", path);
	ssize_t n = write(fd, value, strlen(value));
	int e = errno;
	close(fd);
	return n < 0 ? vsm_error_sys(err, e, "write '%s' to %s", value, path) : 0;
}

int netconf_get(const char *family, const char *table, const char *ifname, const char *key,
		struct vsm_error *err)
{
	char path[160], buf[32];
	int r = path_of(path, sizeof(path), family, table, ifname, key);
	if (r < 0)
		return vsm_error_set(err, -r, "sysctl %s: bad interface name", ifname);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return vsm_error_sys(err, errno, "open %s", path);
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	int e = errno;
	close(fd);
	if (n < 0)
		return vsm_error_sys(err, e, "read %s", path);
	buf[n] = '\0';
	return atoi(buf);
}
