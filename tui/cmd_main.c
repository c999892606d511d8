/* `vsm -c 'cmd; cmd'`, `vsm -f FILE`, `vsm < script`, `vsm shell`: options of the command
 * language's front ends. The console keeps every other invocation. */
#include "tui/cmd.h"
#include "backend/paths.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void cmd_usage(FILE *f)
{
	fprintf(f,
		"Usage: vsm [--root DIR] [--json] [-k] -c 'COMMAND; COMMAND...'\n"
		"       vsm [--root DIR] [--json] [-k] -f FILE\n"
		"       vsm [--root DIR] [--json] [-k] < FILE\n"
		"       vsm [--root DIR] [--json] shell\n"
		"The command language (vsm(1), COMMAND LANGUAGE): `vsm -c help` lists the commands.\n"
		"  --json          JSON output for every command (one document per line)\n"
		"  -k, --keep-going  run the rest of a script after a failing command\n");
}

bool cmd_main_wanted(int argc, char **argv)
{
	bool console_only = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--root")) {
			i++;	/* skip the option's argument */
			continue;
		}
		if (!strncmp(a, "--root=", 7))
			continue;
		if (!strcmp(a, "--json") || !strcmp(a, "-k") || !strcmp(a, "--keep-going") ||
		    !strncmp(a, "-c", 2) || !strncmp(a, "-f", 2) || !strcmp(a, "shell"))
			return true;
		if (!strcmp(a, "-h") || !strcmp(a, "--help"))
			return false;
		/* A console option: the console says it needs a terminal rather than reading a
		 * script from a stdin that happens not to be one. */
		console_only = true;
		if (!strcmp(a, "--guest") || !strcmp(a, "-d") || !strcmp(a, "-n"))
			i++;
	}
	return !console_only && !isatty(STDIN_FILENO);
}

int cmd_main(int argc, char **argv)
{
	static const struct option longs[] = {
		{ "root", required_argument, NULL, 'R' },
		{ "json", no_argument, NULL, 'j' },
		{ "keep-going", no_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cmd_opts o = { 0 };
	const char *cmds = NULL, *file = NULL, *root = NULL;
	int ch;
	while ((ch = getopt_long(argc, argv, "+c:f:kh", longs, NULL)) != -1) {
		switch (ch) {
		case 'R': root = optarg; break;
		case 'j': o.json = true; break;
		case 'k': o.keep_going = true; break;
		case 'c': cmds = optarg; break;
		case 'f': file = optarg; break;
		case 'h': cmd_usage(stdout); return 0;
		default: cmd_usage(stderr); return 2;
		}
	}
	bool shell = optind < argc && !strcmp(argv[optind], "shell");
	if (optind + shell < argc || (cmds && file) || ((cmds || file) && shell)) {
		fprintf(stderr, "vsm: give one of -c, -f, shell or a script on stdin\n");
		cmd_usage(stderr);
		return 2;
	}
	if (root) {
		struct vsm_error err = { 0 };
		if (vsm_paths_set_root(root, &err) < 0) {
			fprintf(stderr, "vsm: --root: %s\n", err.msg);
			return 1;
		}
		setenv("VSM_ROOT", root, 1);	/* for the vserver children (enter) */
	}
	if (cmds)
		return cmd_script_run(cmds, strlen(cmds), "-c", &o);
	if (file)
		return cmd_script_run_file(file, file, &o);
	if (shell || isatty(STDIN_FILENO))
		return cmd_shell_run(&o);
	return cmd_script_run_file("-", "<stdin>", &o);
}
