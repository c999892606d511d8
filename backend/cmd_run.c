/* Dispatch through the command table: name or alias lookup, argument counts, the per-command
 * `--json` switch, and the output sink helpers. */
#include "backend/command.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cmd_out_write(struct cmd_out *o, const char *buf, size_t len)
{
	if (o && o->write && len)
		o->write(o->ctx, buf, len);
}

void cmd_out_printf(struct cmd_out *o, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		cmd_out_write(o, small, (size_t)n);
		return;
	}
	char *big = malloc((size_t)n + 1);
	if (!big)
		return;
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	cmd_out_write(o, big, (size_t)n);
	free(big);
}

int cmd_out_json(struct cmd_out *o, json_t *v, struct vsm_error *err)
{
	char *s = v ? json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(v);
	if (!s)
		return vsm_error_set(err, ENOMEM, "cannot encode the JSON output");
	cmd_out_write(o, s, strlen(s));
	cmd_out_write(o, "\n", 1);
	free(s);
	return 0;
}

const struct vsm_command *cmd_find(const char *name)
{
	for (size_t i = 0; vsm_commands[i]; i++) {
		const struct vsm_command *c = vsm_commands[i];
		if (!strcmp(c->name, name))
			return c;
		for (size_t k = 0; c->aliases && c->aliases[k]; k++)
			if (!strcmp(c->aliases[k], name))
				return c;
	}
	return NULL;
}

/* Take every `--json` before the first `--` out of ARGV; true when there was one. */
static bool args_take_json(int *argc, char **argv)
{
	bool json = false;
	int k = 1;
	bool rest = false;
	for (int i = 1; i < *argc; i++) {
		if (!rest && !strcmp(argv[i], "--")) {
			rest = true;
		} else if (!rest && !strcmp(argv[i], "--json")) {
			json = true;
			continue;
		}
		argv[k++] = argv[i];
	}
	argv[k] = NULL;
	*argc = k;
	return json;
}

static int cmd_dispatch(const struct vsm_command *c, struct cmd_ctx *cx, bool json, int argc,
			char **argv, struct vsm_error *err);

int cmd_run(struct cmd_ctx *cx, int argc, char **argv, struct vsm_error *err)
{
	if (argc < 1)
		return CMD_OK;
	const struct vsm_command *c = cmd_find(argv[0]);
	if (!c) {
		/* Keep the message printable whatever bytes the word holds. */
		char shown[64];
		size_t k = 0;
		for (const unsigned char *s = (const unsigned char *)argv[0]; *s && k + 5 < sizeof(shown); s++)
			k += (size_t)snprintf(shown + k, sizeof(shown) - k,
					      *s < 0x20 || *s >= 0x7f ? "\\x%02x" : "%c", *s);
		vsm_error_set(err, EINVAL, "unknown command '%s' (try 'help')", shown);
		return CMD_USAGE;
	}
	/* A copy of the pointers: the caller's array (and who frees what) stays as it was. */
	char **args = malloc(((size_t)argc + 1) * sizeof(*args));
	if (!args) {
		vsm_error_set(err, ENOMEM, "out of memory");
		return CMD_FAIL;
	}
	memcpy(args, argv, (size_t)argc * sizeof(*args));
	args[argc] = NULL;
	argv = args;
	bool json = args_take_json(&argc, argv);
	int rc = cmd_dispatch(c, cx, json, argc, argv, err);
	free(args);
	return rc;
}

static int cmd_dispatch(const struct vsm_command *c, struct cmd_ctx *cx, bool json, int argc,
			char **argv, struct vsm_error *err)
{
	int n = argc - 1;
	if (n < c->min_args || (c->max_args >= 0 && n > c->max_args)) {
		vsm_error_set(err, EINVAL, "%s: %s arguments (usage: %s)", c->name,
			      n < c->min_args ? "too few" : "too many", c->usage);
		return CMD_USAGE;
	}
	if (c->needs_terminal && !cx->terminal_run) {
		vsm_error_set(err, ENOTTY, "%s: needs a terminal (use it in the console or vsm shell)",
			      c->name);
		return CMD_FAIL;
	}
	struct cmd_out out = *cx->out;
	out.json = out.json || json;
	struct cmd_ctx sub = *cx;
	sub.out = &out;
	vsm_error_clear(err);
	return c->exec(&sub, argc, argv, err);
}
