/* `vserver [--silent] NAME delete [--silent] [--force]`: confirm, stop if forced, delete. */
#include "backend/delete.h"
#include "backend/guest_name.h"
#include "backend/run_probe.h"
#include "cli/common/cli.h"
#include "cli/vserver/vserver.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* util-vserver's question; anything but y/Y is a no. */
static int delete_confirm(const char *name)
{
	fprintf(stderr, "Are you sure you want to delete the vserver %s (y/N) ", name);
	fflush(stderr);
	char line[64];
	if (!fgets(line, sizeof(line), stdin)) {
		fputc('\n', stderr);
		return 0;
	}
	if (!isatty(STDIN_FILENO))
		fputc('\n', stderr);
	return (line[0] == 'y' || line[0] == 'Y') && (line[1] == '\n' || line[1] == '\0');
}

int vserver_cmd_delete(const char *name, int argc, char **argv, const struct vserver_opts *vo)
{
	int silent = vo->silent, force = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--silent") || !strcmp(argv[i], "-s"))
			silent = 1;
		else if (!strcmp(argv[i], "--force") || !strcmp(argv[i], "-f"))
			force = 1;
		else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			printf("Usage: vserver [--silent] NAME delete [--silent] [--force]\n");
			return 0;
		} else {
			cli_warn("%s: delete: unknown option '%s'", name, argv[i]);
			fprintf(stderr, "Usage: vserver [--silent] NAME delete [--silent] [--force]\n");
			return 255;
		}
	}
	struct vsm_error err = {0};
	if (guest_name_check(name, &err) < 0) {
		cli_warn("%s", err.msg);
		return 255;
	}
	if (!guest_exists(name)) {
		cli_warn("%s: delete: no such guest", name);
		return 5;
	}
	if (!silent && !delete_confirm(name)) {
		cli_warn("%s: delete: not confirmed; nothing deleted", name);
		return 2;
	}
	if (force && run_probe_is_running(name)) {
		if (!vserver_cmd_stop) {
			cli_warn("%s: delete: the guest is running and this build cannot stop it", name);
			return 1;
		}
		char *stop_argv[] = { "stop", NULL };
		int rc = vserver_cmd_stop(name, 1, stop_argv, vo);
		if (rc != 0) {
			cli_warn("%s: delete: stopping the guest failed (status %d); nothing deleted",
				 name, rc);
			return 1;
		}
	}
	if (guest_delete(name, &err) < 0) {
		cli_print_error(NULL, &err);
		return err.code == ENOENT ? 5 : 1;
	}
	return 0;
}
