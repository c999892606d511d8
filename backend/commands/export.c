/* export NAME: a script that recreates the guest's configuration (as zonecfg's export):
 * `create`, then one `set` per stored key. `vsm -f` of it on another host reproduces the config;
 * building a root is a separate step. */
#include "backend/cmd_attr.h"
#include "backend/cmd_attr_walk.h"
#include "backend/cmd_common.h"
#include "backend/cmd_parse.h"

#include <stdlib.h>
#include <time.h>

struct export_ctx {
	struct cmd_out *out;
	const char *guest;
};

static void export_one(void *p, const char *rel, const struct attr *a, const char *value,
		       const char *skip)
{
	struct export_ctx *x = p;
	if (skip) {
		cmd_out_printf(x->out, "# not exported: %s (%s)\n", rel, skip);
		return;
	}
	char name[256];
	attr_rel_to_name(rel, name, sizeof(name));
	char *qg = cmd_quote(x->guest), *qn = cmd_quote(name), *qv = cmd_quote(value);
	if (qg && qn && qv)
		cmd_out_printf(x->out, "set %s %s %s\n", qg, qn, qv);
	free(qg);
	free(qn);
	free(qv);
}

static int export_exec(struct cmd_ctx *cx, int argc, char **argv, struct vsm_error *err)
{
	const char *name = argv[1];
	if (cmd_guest_check(name, err) < 0)
		return CMD_FAIL;
	char when[32];
	time_t now = time(NULL);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", gmtime(&now));
	struct cmd_out text = *cx->out;
	text.json = false;	/* the export is a script whatever the output mode */
	cmd_out_printf(&text, "# vsm export of guest %s, %s UTC. Replay: vsm -f FILE\n", name, when);
	cmd_out_printf(&text, "create %s\n", name);
	struct export_ctx x = { &text, name };
	return attr_walk(name, export_one, &x, err) < 0 ? CMD_FAIL : CMD_OK;
}

const struct vsm_command cmd_export = {
	.name = "export",
	.min_args = 1, .max_args = 1,
	.args = { CMD_ARG_GUEST },
	.usage = "export NAME",
	.help = "Print a script that recreates the guest's configuration: create NAME, then one "
		"set per stored key (run and cache links and a default vdir are left out, hook "
		"programs are listed as comments). Run it with vsm -f on another host, then build "
		"or copy the root. With another name: edit the script.",
	.exec = export_exec,
};
