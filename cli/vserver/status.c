/* `vserver NAME status` (util-vserver's text; 0 running, 3 stopped) and `running` (0/1, silent). */
#include "backend/paths.h"
#include "backend/status.h"
#include "cli/common/cli.h"
#include "cli/vserver/runtime_common.h"
#include "cli/vserver/vserver.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void read_context(const char *name, char *buf, size_t len)
{
	char path[PATH_MAX + 16];
	vsm_path_guest_conf(vsm_paths(), name, path, PATH_MAX);
	strcat(path, "/context");
	snprintf(buf, len, "none");
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	ssize_t n = read(fd, buf, len - 1);
	close(fd);
	if (n > 0) {
		buf[n] = '\0';
		buf[strcspn(buf, "\r\n \t")] = '\0';
	}
}

int vserver_cmd_status(const char *name, int argc, char **argv, const struct vserver_opts *opts)
{
	int r = runtime_check_guest(name);
	if (r)
		return r;
	struct guest_status st;
	guest_status_read(name, &st, NULL);
	if (!st.running) {
		printf("Vserver '%s' is stopped\n", name);
		return 3;
	}
	char ctx[32];
	read_context(name, ctx, sizeof(ctx));
	printf("Vserver '%s' is running at context '%s'\n", name, ctx);
	if (st.nprocs >= 0)
		printf("Number of processes: %d\n", st.nprocs);
	long secs = (long)(time(NULL) - st.start_time);
	if (secs < 0)
		secs = 0;
	long days = secs / 86400, h = secs % 86400 / 3600, m = secs % 3600 / 60;
	if (days)
		printf("Uptime:              %ld days, %02ld:%02ld\n", days, h, m);
	else
		printf("Uptime:              %02ld:%02ld\n", h, m);
	return 0;
}

int vserver_cmd_running(const char *name, int argc, char **argv, const struct vserver_opts *opts)
{
	int r = runtime_check_guest(name);
	if (r)
		return r;
	return guest_is_running(name) ? 0 : 1;
}
