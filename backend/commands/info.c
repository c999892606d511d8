/* info NAME: state plus every stored attribute of one guest. */
#include "backend/cmd_attr.h"
#include "backend/cmd_attr_walk.h"
#include "backend/cmd_common.h"
#include "backend/json_out.h"

#include <string.h>

struct info_ctx {
	struct cmd_out *out;
	json_t *config;
};

static void info_one(void *p, const char *rel, const struct attr *a, const char *value,
		     const char *skip)
{
	struct info_ctx *x = p;
	char name[256];
	attr_rel_to_name(rel, name, sizeof(name));
	if (x->config) {
		if (!skip)
			json_object_set_new(x->config, name, json_string(value));
		return;
	}
	if (skip) {
		cmd_out_printf(x->out, "  %-28s (%s)\n", name, skip);
		return;
	}
	/* Multi-line values on one line, items separated by " | ". */
	cmd_out_printf(x->out, "  %-28s ", name);
	for (const char *v = value; *v;) {
		size_t n = strcspn(v, "\n");
		cmd_out_printf(x->out, "%.*s%s", (int)n, v, v[n] ? " | " : "");
		v += n + (v[n] != '\0');
	}
	cmd_out_printf(x->out, "\n");
}

static int info_exec(struct cmd_ctx *cx, int argc, char **argv, struct vsm_error *err)
{
	const char *name = argv[1];
	if (cmd_guest_check(name, err) < 0)
		return CMD_FAIL;
	struct monitor *mon;
	const struct snapshot *s;
	if (cmd_snapshot_take(MONITOR_STOPPED, &mon, &s, err) < 0)
		return CMD_FAIL;
	long i = snapshot_guest_by_name(s, name);
	struct info_ctx x = { cx->out, NULL };
	int rc = CMD_OK;
	if (cx->out->json) {
		json_t *g = i >= 0 ? json_guest(&s->guests[i]) : json_object();
		x.config = json_object();
		if (attr_walk(name, info_one, &x, err) < 0)
			rc = CMD_FAIL;
		json_object_set_new(g, "config", x.config);
		if (rc == CMD_OK)
			cmd_out_json(cx->out, g, err);
		else
			json_decref(g);
	} else {
		const struct snap_guest *g = i >= 0 ? &s->guests[i] : NULL;
		cmd_out_printf(cx->out, "%s: %s, context %u, %lu processes\n", name,
			       g && g->running ? "running" : "stopped", g ? g->ctx : 0,
			       g ? (unsigned long)g->nprocs : 0UL);
		if (attr_walk(name, info_one, &x, err) < 0)
			rc = CMD_FAIL;
	}
	monitor_close(mon);
	return rc;
}

const struct vsm_command cmd_info = {
	.name = "info",
	.min_args = 1, .max_args = 1,
	.args = { CMD_ARG_GUEST },
	.usage = "info NAME",
	.help = "The guest's state and every attribute stored in its configuration. JSON: a guest "
		"object with a config object (attribute name to stored text).",
	.exec = info_exec,
};
