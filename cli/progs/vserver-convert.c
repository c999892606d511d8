/* vserver-convert: an old /etc/vservers/NAME.conf (+ NAME.sh) into the directory layout, every
 * setting reported as mapped, changed or dropped. The logic is backend/convert_legacy.c. */
#include "backend/convert_legacy.h"
#include "backend/guest_name.h"
#include "cli/common/cli.h"

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

struct run {
	const char *name;
	bool started;	/* the "NAME:" header is out */
	int dropped;
};

static void report(void *ctx, enum convert_kind kind, const char *msg)
{
	struct run *run = ctx;
	static const char *const words[] = { "mapped", "changed", "dropped" };
	if (!run->started)
		printf("%s:\n", run->name);
	run->started = true;
	if (kind == CONVERT_DROPPED)
		run->dropped++;
	printf("%-8s %s\n", words[kind], msg);
}

int main(int argc, char **argv)
{
	cli_init("vserver-convert", &argc, &argv);
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	int c;
	while ((c = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		if (c == 'h') {
			printf("Usage: vserver-convert [--root DIR] NAME...\n"
			       "Converts /etc/vservers/NAME.conf (and NAME.sh) into /etc/vservers/NAME/.\n");
			return 0;
		}
		return 255;
	}
	if (optind >= argc) {
		cli_warn("no guest name given");
		return 255;
	}
	int rc = 0;
	for (int i = optind; i < argc; i++) {
		struct vsm_error err = {0};
		struct run run = { .name = argv[i] };
		if (guest_name_check(argv[i], &err) < 0) {
			cli_print_error(argv[i], &err);
			rc = 1;
			continue;
		}
		if (convert_legacy(argv[i], report, &run, &err) < 0) {
			fflush(stdout);
			cli_print_error(argv[i], &err);
			rc = 1;
			continue;
		}
		printf("%s: converted%s\n", argv[i], run.dropped ? "; see the dropped settings above" : "");
	}
	return rc;
}
