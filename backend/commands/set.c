/* set NAME ATTR VALUE and unset NAME ATTR: change one attribute, validated like the loader does,
 * applied to the running guest where it can be. */
#include "backend/cmd_attr.h"
#include "backend/cmd_common.h"

static const char *effect_text(enum attr_effect e)
{
	switch (e) {
	case ATTR_EFFECT_APPLIED: return " (applied to the running guest)";
	case ATTR_EFFECT_READ_WHEN_USED: return " (in effect now)";
	case ATTR_EFFECT_NEXT_START: return " (the guest runs: takes effect at its next start)";
	default: return "";
	}
}

static int set_exec(struct cmd_ctx *cx, int argc, char **argv, struct vsm_error *err)
{
	struct attr_ref ref;
	if (cmd_guest_check(argv[1], err) < 0 || attr_ref_resolve(argv[2], &ref, err) < 0)
		return CMD_FAIL;
	enum attr_effect eff;
	if (attr_value_set(argv[1], &ref, argv[3], &eff, err) < 0)
		return CMD_FAIL;
	cmd_report(cx, "set", argv[1], true, "%s: %s set%s", argv[1], ref.rel, effect_text(eff));
	return CMD_OK;
}

static int unset_exec(struct cmd_ctx *cx, int argc, char **argv, struct vsm_error *err)
{
	struct attr_ref ref;
	if (cmd_guest_check(argv[1], err) < 0 || attr_ref_resolve(argv[2], &ref, err) < 0)
		return CMD_FAIL;
	enum attr_effect eff;
	if (attr_value_unset(argv[1], &ref, &eff, err) < 0)
		return CMD_FAIL;
	cmd_report(cx, "unset", argv[1], true, "%s: %s removed%s", argv[1], ref.rel,
		   effect_text(eff));
	return CMD_OK;
}

const struct vsm_command cmd_set = {
	.name = "set",
	.min_args = 3, .max_args = 3,
	.args = { CMD_ARG_GUEST, CMD_ARG_ATTR, CMD_ARG_VALUE },
	.usage = "set NAME ATTR VALUE",
	.help = "Change one attribute (names as for get). The value is checked by the config "
		"parser against the whole configuration before anything is written; the file is "
		"replaced atomically. Lists (bcapabilities, cflags, killseq, init.mark) may be given "
		"comma-separated; flags take on/off. Live attributes (cgroup limits, rlimits) are "
		"written into a running guest's cgroup at once; others wait for the next start.",
	.exec = set_exec,
};

const struct vsm_command cmd_unset = {
	.name = "unset",
	.min_args = 2, .max_args = 2,
	.args = { CMD_ARG_GUEST, CMD_ARG_ATTR },
	.usage = "unset NAME ATTR",
	.help = "Remove one attribute's file so the default (or .defaults/) applies again. A cgroup "
		"limit already written into a running guest stays until its next start.",
	.exec = unset_exec,
};
