/* The monitor's unix socket in the run directory: path, listening side, and the client request
 * used by `stop`, `status` and the console. */
#include "backend/guest_monitor.h"
#include "backend/runrecord.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

int monitor_socket_path(const char *name, struct sockaddr_un *sa, struct vsm_error *err)
{
	char dir[PATH_MAX];
	int r = runrecord_dir(name, false, dir, sizeof(dir), err);
	if (r < 0)
		return r;
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if ((size_t)snprintf(sa->sun_path, sizeof(sa->sun_path), "%s/%s", dir, RUNRECORD_SOCK) >=
	    sizeof(sa->sun_path))
		return vsm_error_set(err, ENAMETOOLONG, "%s: socket path %s/%s too long for AF_UNIX",
				     name, dir, RUNRECORD_SOCK);
	return 0;
}

int monitor_socket_listen(const char *name, struct vsm_error *err)
{
	struct sockaddr_un sa;
	int r = monitor_socket_path(name, &sa, err);
	if (r < 0)
		return r;
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return vsm_error_sys(err, errno, "socket(AF_UNIX)");
	unlink(sa.sun_path);
	if (bind(s, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(s, 8) < 0) {
		int e = errno;
		close(s);
		return vsm_error_sys(err, e, "bind/listen %s", sa.sun_path);
	}
	chmod(sa.sun_path, 0600);
	return s;
}

int monitor_request(const char *name, const char *command, char *out, size_t len, int timeout_ms,
		    struct vsm_error *err)
{
	struct sockaddr_un sa;
	int r = monitor_socket_path(name, &sa, err);
	if (r < 0)
		return r;
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return vsm_error_sys(err, errno, "socket(AF_UNIX)");
	if (connect(s, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		r = -errno;
		close(s);
		return vsm_error_sys(err, -r, "%s: connect to monitor %s", name, sa.sun_path);
	}
	char line[64];
	snprintf(line, sizeof(line), "%s\n", command);
	if (write(s, line, strlen(line)) < 0) {
		r = vsm_error_sys(err, errno, "%s: write to monitor", name);
		close(s);
		return r;
	}
	struct pollfd p = { s, POLLIN, 0 };
	size_t got = 0;
	out[0] = '\0';
	for (;;) {
		int pr = poll(&p, 1, timeout_ms);
		if (pr == 0) {
			r = vsm_error_set(err, ETIMEDOUT, "%s: monitor did not answer '%s' within %d ms",
					  name, command, timeout_ms);
			break;
		}
		if (pr < 0 && errno == EINTR)
			continue;
		ssize_t n = read(s, out + got, len - 1 - got);
		if (n <= 0)
			break;
		got += (size_t)n;
		out[got] = '\0';
		if (strchr(out, '\n') || got == len - 1)
			break;
	}
	close(s);
	out[strcspn(out, "\n")] = '\0';
	if (r == 0 && !got)
		r = vsm_error_set(err, EPIPE, "%s: monitor closed the connection without answering",
				  name);
	return r;
}
