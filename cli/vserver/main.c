/* `vserver`: global options, guest name, then dispatch on the command word. */
#include "cli/vserver/vserver.h"
#include "cli/common/cli.h"

#include <stdio.h>
#include <string.h>


struct command {
	const char *name;
	vserver_cmd_fn fn;
};

static void usage(FILE *f)
{
	fprintf(f, "Usage: vserver [--root DIR] [--silent] [--debug] [--] NAME COMMAND [args]\n"
		   "Commands: build delete start stop restart condrestart status running enter exec suexec\n"
		   "          unify hashify apt-get\n"
		   "See vserver(8).\n");
}

int main(int argc, char **argv)
{
	const struct command table[] = {
		{ "build", vserver_cmd_build },	      { "delete", vserver_cmd_delete },
		{ "start", vserver_cmd_start },	      { "stop", vserver_cmd_stop },
		{ "restart", vserver_cmd_restart },   { "condrestart", vserver_cmd_condrestart },
		{ "status", vserver_cmd_status },     { "running", vserver_cmd_running },
		{ "enter", vserver_cmd_enter },	      { "exec", vserver_cmd_exec },
		{ "suexec", vserver_cmd_suexec },     { "unify", vserver_cmd_unify },
		{ "hashify", vserver_cmd_hashify },   { "apt-get", vserver_cmd_apt_get },
	};
	cli_init("vserver", &argc, &argv);
	struct vserver_opts opts = {0};
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--silent") || !strcmp(argv[i], "-s"))
			opts.silent = 1;
		else if (!strcmp(argv[i], "--debug"))
			opts.debug = 1;
		else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else {
			cli_warn("unknown option '%s'", argv[i]);
			usage(stderr);
			return 255;
		}
	}
	if (argc - i < 2) {
		usage(stderr);
		return 255;
	}
	const char *name = argv[i], *cmd = argv[i + 1];
	for (size_t k = 0; k < sizeof(table) / sizeof(table[0]); k++) {
		if (strcmp(table[k].name, cmd) != 0)
			continue;
		if (!table[k].fn) {
			cli_warn("%s: '%s' is not supported by this build", name, cmd);
			return 255;
		}
		return table[k].fn(name, argc - i - 1, argv + i + 1, &opts);
	}
	cli_warn("%s: unknown command '%s'", name, cmd);
	usage(stderr);
	return 255;
}
