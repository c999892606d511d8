/* create NAME: an empty configuration directory (zonecfg's create); `set` fills it, `build`
 * installs a root. The target of `export`'s scripts. */
#include "backend/cmd_common.h"
#include "backend/config.h"
#include "backend/fsutil.h"
#include "backend/guest_name.h"
#include "backend/paths.h"

#include <limits.h>
#include <sys/stat.h>

static int create_exec(struct cmd_ctx *cx, int argc, char **argv, struct vsm_error *err)
{
	const char *name = argv[1];
	if (guest_name_check(name, err) < 0)
		return CMD_FAIL;
	if (guest_exists(name)) {
		vsm_error_set(err, EEXIST, "%s: a guest of that name exists", name);
		return CMD_FAIL;
	}
	char dir[PATH_MAX];
	vsm_path_guest_conf(vsm_paths(), name, dir, sizeof(dir));
	/* mkdir, not mkdir -p on the guest dir: it fails if another create won the race. */
	if (fs_mkdir_p(vsm_paths()->confdir, 0755, err) < 0)
		return CMD_FAIL;
	if (mkdir(dir, 0755) < 0) {
		vsm_error_sys(err, errno, "%s: mkdir", dir);
		return CMD_FAIL;
	}
	cmd_report(cx, "create", name, true, "%s: created (configuration only)", name);
	return CMD_OK;
}

const struct vsm_command cmd_create = {
	.name = "create",
	.min_args = 1, .max_args = 1,
	.args = { CMD_ARG_NEWGUEST },
	.usage = "create NAME",
	.help = "Create an empty configuration for a new guest (no root): fill it with set, install "
		"a root with build --force or by copying one. export scripts start with it.",
	.exec = create_exec,
};
