/* `vserver NAME enter`: a login shell as root on a fresh pty of the guest's own devpts. */
#include "backend/exec.h"
#include "backend/fsutil.h"
#include "backend/paths.h"
#include "backend/runconf.h"
#include "cli/common/cli.h"
#include "cli/vserver/pty_relay.h"
#include "cli/vserver/runtime_common.h"
#include "cli/vserver/vserver.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The first line of a `shell` file (CFG/shell, .defaults/shell) into BUF; false if none. */
static bool shell_from_file(const char *dir, char *buf, size_t size)
{
	int dfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return false;
	char *text = NULL;
	size_t len = 0;
	int r = fs_read_file_at(dfd, "shell", 4096, &text, &len, NULL);
	close(dfd);
	if (r < 0 || !text)
		return false;
	text[strcspn(text, "\r\n")] = '\0';
	bool ok = text[0] == '/';
	if (ok)
		snprintf(buf, size, "%s", text);
	free(text);
	return ok;
}

/* An executable regular file at PATH inside the guest root (resolved there, never on the host). */
static bool guest_has_exec(const char *vdir, const char *path)
{
	int rootfd = open(vdir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return false;
	int fd = fs_open_in_root(rootfd, path, O_PATH, 0, NULL);
	close(rootfd);
	struct stat st;
	bool ok = fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0111);
	if (fd >= 0)
		close(fd);
	return ok;
}

/* util-vserver's order: CFG/shell, .defaults/shell, then /bin/bash, /bin/sh, /bin/csh. */
static int pick_shell(const char *name, const char *vdir, char *buf, size_t size)
{
	char dir[PATH_MAX];
	vsm_path_guest_conf(vsm_paths(), name, dir, sizeof(dir));
	if (shell_from_file(dir, buf, size))
		return 0;
	snprintf(dir, sizeof(dir), "%s/.defaults", vsm_paths()->confdir);
	if (shell_from_file(dir, buf, size))
		return 0;
	static const char *const shells[] = { "/bin/bash", "/bin/sh", "/bin/csh" };
	for (size_t i = 0; i < sizeof(shells) / sizeof(shells[0]); i++)
		if (guest_has_exec(vdir, shells[i])) {
			snprintf(buf, size, "%s", shells[i]);
			return 0;
		}
	return -ENOENT;
}

int vserver_cmd_enter(const char *name, int argc, char **argv, const struct vserver_opts *opts)
{
	int r = runtime_check_guest(name);
	if (r)
		return r;
	if (argc > 1) {
		fprintf(stderr, "Usage: vserver NAME enter\n");
		return 2;
	}
	struct vsm_error err = {0};
	struct run_config rc;
	if (run_config_load(name, NULL, &rc, cli_config_warn, (void *)name, &err) < 0) {
		runtime_print_error(name, "enter", &err);
		return 1;
	}
	char shell[PATH_MAX];
	r = pick_shell(name, rc.vdir, shell, sizeof(shell));
	run_config_free(&rc);
	if (r < 0) {
		fprintf(stderr, "%s: %s: enter: no shell found in the guest (CFG/shell, /bin/bash, "
				"/bin/sh, /bin/csh)\n", cli_progname, name);
		return 1;
	}
	struct guest_exec_opts o = { .pty = true, .login = true, .cd_home = true,
				     .home = "/root", .user = "root" };
	char *args[] = { shell, NULL };
	struct guest_session s;
	fflush(stdout);
	int status = 1;
	if (guest_session_open(name, args, &o, &s, &err) < 0 || pty_relay_run(&s, &status, &err) < 0) {
		runtime_print_error(name, "enter", &err);
		return status > 1 ? status : 1;
	}
	return status;
}
