/* Start-up for every classic tool: program name, --root, error printing. */
#include "cli/common/cli.h"
#include "backend/paths.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *cli_progname = "vsm";

void cli_init(const char *progname, int *argc, char ***argv)
{
	cli_progname = progname;
	const char *root = NULL;
	int i = 1;
	while (i < *argc) {
		const char *a = (*argv)[i];
		int take = 0;
		if (!strcmp(a, "--root")) {
			if (i + 1 >= *argc) {
				cli_warn("--root needs a directory");
				exit(255);
			}
			root = (*argv)[i + 1];
			take = 2;
		} else if (!strncmp(a, "--root=", 7)) {
			root = a + 7;
			take = 1;
		} else {
			break;
		}
		memmove(*argv + i, *argv + i + take, (size_t)(*argc - i - take + 1) * sizeof(char *));
		*argc -= take;
	}
	struct vsm_error err = {0};
	if (vsm_paths_set_root(root, &err) < 0) {
		cli_print_error(NULL, &err);
		exit(255);
	}
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "%s: ", cli_progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void cli_config_warn(void *ctx, const char *msg)
{
	cli_warn("%s: warning: %s", ctx ? (const char *)ctx : "?", msg);
}

void cli_print_error(const char *context, const struct vsm_error *err)
{
	if (context)
		fprintf(stderr, "%s: %s: %s\n", cli_progname, context, err->msg[0] ? err->msg : "error");
	else
		fprintf(stderr, "%s: %s\n", cli_progname, err->msg[0] ? err->msg : "error");
}
