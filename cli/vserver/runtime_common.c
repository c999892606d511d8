/* Guest lookup shared by the runtime commands. */
#include "cli/vserver/runtime_common.h"
#include "backend/guest_name.h"
#include "backend/paths.h"
#include "cli/common/cli.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

void runtime_print_error(const char *name, const char *cmd, const struct vsm_error *err)
{
	const char *msg = err->msg[0] ? err->msg : "failed";
	size_t n = strlen(name);
	if (!strncmp(msg, name, n) && !strncmp(msg + n, ": ", 2))
		msg += n + 2;
	fprintf(stderr, "%s: %s: %s: %s\n", cli_progname, name, cmd, msg);
}

int runtime_check_guest(const char *name)
{
	struct vsm_error err = {0};
	if (guest_name_check(name, &err) < 0) {
		cli_print_error(NULL, &err);
		return 5;
	}
	char dir[PATH_MAX];
	struct stat st;
	vsm_path_guest_conf(vsm_paths(), name, dir, sizeof(dir));
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "Can not find a vserver-setup at '%s/'.\n\n"
				"Possible solutions:\n"
				"* fix the spelling of the '%s' vserver name\n"
				"* build a new vserver: vserver %s build -m busybox\n",
			dir, name, name);
		return 5;
	}
	return 0;
}
