/* l: the tail of a guest's log for the pager. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend/paths.h"
#include "tui/console.h"

#define LOG_TAIL_BYTES (64 * 1024)

bool action_log_open(struct console *c, const char *guest)
{
	char path[4096];
	if (vsm_path_guest_log(vsm_paths(), guest, path, sizeof(path)) < 0) {
		console_set_status(c, true, "log of %s: path too long", guest);
		return false;
	}
	/* The log dir is the host's; still, never follow a link planted in place of the log. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0) {
		console_set_status(c, true, "log of %s: %s: %s", guest, path, strerror(errno));
		return false;
	}
	off_t end = lseek(fd, 0, SEEK_END);
	off_t from = end > LOG_TAIL_BYTES ? end - LOG_TAIL_BYTES : 0;
	char *buf = malloc(LOG_TAIL_BYTES);
	ssize_t n = buf ? pread(fd, buf, LOG_TAIL_BYTES, from) : -1;
	int e = errno;
	close(fd);
	if (n < 0) {
		free(buf);
		console_set_status(c, true, "log of %s: read %s: %s", guest, path, strerror(e));
		return false;
	}
	/* Started mid-file: drop the partial first line. */
	size_t skip = 0;
	if (from > 0) {
		char *nl = memchr(buf, '\n', (size_t)n);
		skip = nl ? (size_t)(nl - buf) + 1 : 0;
	}
	char title[96];
	snprintf(title, sizeof(title), "Log of %s (%s)", guest, path);
	int r = pager_set_text(&c->pager, title, buf + skip, (size_t)n - skip);
	free(buf);
	if (r < 0) {
		console_set_status(c, true, "log of %s: out of memory", guest);
		return false;
	}
	return true;
}
