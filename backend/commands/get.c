/* get NAME ATTR: one attribute's stored value. */
#include "backend/cmd_attr.h"
#include "backend/cmd_common.h"
#include "backend/json_out.h"

#include <stdlib.h>

static int get_exec(struct cmd_ctx *cx, int argc, char **argv, struct vsm_error *err)
{
	struct attr_ref ref;
	if (cmd_guest_check(argv[1], err) < 0 || attr_ref_resolve(argv[2], &ref, err) < 0)
		return CMD_FAIL;
	char *v;
	bool set;
	if (attr_value_get(argv[1], &ref, &v, &set, err) < 0)
		return CMD_FAIL;
	if (cx->out->json) {
		json_t *o = json_pack("{s:s, s:i, s:s, s:s, s:s, s:s, s:b, s:b}", "kind", "attribute",
				      "schema", JSON_SCHEMA_VERSION, "guest", argv[1], "name", argv[2],
				      "file", ref.rel, "value", v, "set", set,
				      "live", ref.a && ref.a->live);
		cmd_out_json(cx->out, o, err);
	} else {
		cmd_out_printf(cx->out, "%s\n", v);
	}
	free(v);
	return CMD_OK;
}

const struct vsm_command cmd_get = {
	.name = "get",
	.min_args = 2, .max_args = 2,
	.args = { CMD_ARG_GUEST, CMD_ARG_ATTR },
	.usage = "get NAME ATTR",
	.help = "Print one attribute of the guest's configuration as stored: one-line values bare, "
		"lists one item per line, flags on/off, links their target; an unset key prints an "
		"empty line. ATTR is a config path with '/' written as '.' (apps.init.style, "
		"interfaces.00.ip), a name of the attribute table (init.style) or a cgroup v1/v2 file "
		"name (memory.max, memory.limit_in_bytes, cpu.shares, pids.max).",
	.exec = get_exec,
};
