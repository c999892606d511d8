/* `vserver NAME build -m METHOD [options] -- [method args]`: argv to struct build_opts, progress
 * to stage lines on stdout. */
#include "backend/build.h"
#include "backend/fsutil.h"
#include "backend/paths.h"
#include "cli/common/cli.h"
#include "cli/vserver/vserver.h"

#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void build_usage(FILE *f)
{
	fprintf(f,
		"Usage: vserver [--silent] NAME build -m METHOD [options] -- [method args]\n"
		"Options: --hostname NAME  --context N  --interface [NAME=][DEV:]IP[/PREFIX] (repeatable)\n"
		"         --flags A,B  --initstyle STYLE  --rootdir DIR  --force  --keep\n"
		"Methods: skeleton\n"
		"         busybox\n"
		"         debootstrap -- -d SUITE [-m MIRROR] [-- extra debootstrap options]\n"
		"         clone -- --source GUEST|DIR\n"
		"         template -- -t TARBALL\n");
}

static void progress_print(const struct build_progress *p, void *user)
{
	if (p->percent >= 0)
		printf("[%3d%%] %s: %s\n", p->percent, p->stage, p->message);
	else
		printf("[    ] %s: %s\n", p->stage, p->message);
	fflush(stdout);
}

static int parse_context(const char *s, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || *end || v < 2 || v > 49151)
		return -1;
	*out = (int)v;
	return 0;
}

/* util-vserver's .defaults/apps/build/options: one option (or option argument) per line,
 * '#' comments and blank lines skipped, placed before the command line's own options so those
 * win. Returns a new argv (ARGV[0], defaults, ARGV[1..]) or NULL when there is no such file. */
static char **defaults_prepend(int *argc, char **argv, char **text_out)
{
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/.defaults/apps/build/options", vsm_paths()->confdir);
	char *text = NULL;
	if (fs_read_file_at(AT_FDCWD, path, 16 * 1024, &text, NULL, NULL) < 0)
		return NULL;
	int n = 0;
	for (char *p = text; *p; p++)
		n += *p == '\n';
	char **nv = calloc((size_t)(*argc + n + 2), sizeof(char *));
	if (!nv) {
		free(text);
		return NULL;
	}
	int k = 0;
	nv[k++] = argv[0];
	for (char *line = strtok(text, "\r\n"); line; line = strtok(NULL, "\r\n")) {
		while (*line == ' ' || *line == '\t')
			line++;
		char *end = line + strlen(line);
		while (end > line && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		if (*line && *line != '#')
			nv[k++] = line;
	}
	for (int i = 1; i < *argc; i++)
		nv[k++] = argv[i];
	nv[k] = NULL;
	*argc = k;
	*text_out = text;
	return nv;
}

int vserver_cmd_build(const char *name, int argc, char **argv, const struct vserver_opts *vo)
{
	static const struct option longopts[] = {
		{ "method", required_argument, NULL, 'm' },
		{ "hostname", required_argument, NULL, 'H' },
		{ "context", required_argument, NULL, 'c' },
		{ "interface", required_argument, NULL, 'i' },
		{ "flags", required_argument, NULL, 'f' },
		{ "initstyle", required_argument, NULL, 'I' },
		{ "rootdir", required_argument, NULL, 'r' },
		{ "force", no_argument, NULL, 'F' },
		{ "keep", no_argument, NULL, 'k' },
		{ "silent", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct build_opts *o = calloc(1, sizeof(*o));
	if (!o) {
		cli_warn("out of memory");
		return 1;
	}
	o->name = name;
	char *defaults_text = NULL;
	char **dv = defaults_prepend(&argc, argv, &defaults_text);
	if (dv)
		argv = dv;
	int silent = vo->silent, c, rc = 255;
	struct vsm_error err = {0};
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+m:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'm': o->method = optarg; break;
		case 'H': o->hostname = optarg; break;
		case 'c':
			if (parse_context(optarg, &o->context) < 0) {
				cli_warn("%s: build: --context '%s': expected a number 2..49151", name,
					 optarg);
				goto out;
			}
			break;
		case 'i':
			if (o->n_ifaces >= BUILD_IFACES_MAX) {
				cli_warn("%s: build: more than %d --interface options", name,
					 BUILD_IFACES_MAX);
				goto out;
			}
			if (build_iface_parse(optarg, &o->ifaces[o->n_ifaces++], &err) < 0) {
				cli_warn("%s: build: %s", name, err.msg);
				goto out;
			}
			break;
		case 'f': o->flags = optarg; break;
		case 'I': o->initstyle = optarg; break;
		case 'r': o->rootdir = optarg; break;
		case 'F': o->force = true; break;
		case 'k': o->keep = true; break;
		case 's': silent = 1; break;
		case 'h':
			build_usage(stdout);
			rc = 0;
			goto out;
		default:
			if (optopt)
				cli_warn("%s: build: option -%c is unknown or needs an argument", name,
					 optopt);
			else
				cli_warn("%s: build: option '%s' is unknown or needs an argument", name,
					 argv[optind - 1]);
			build_usage(stderr);
			goto out;
		}
	}
	if (optind < argc && strcmp(argv[optind - 1], "--") != 0) {
		cli_warn("%s: build: unexpected argument '%s' (method arguments go after --)", name,
			 argv[optind]);
		build_usage(stderr);
		goto out;
	}
	if (!o->method) {
		cli_warn("%s: build: no method given (-m skeleton|busybox|debootstrap|clone|template)",
			 name);
		build_usage(stderr);
		goto out;
	}
	o->margc = argc - optind;
	o->margv = argv + optind;
	if (!silent)
		o->progress = progress_print;
	rc = 0;
	if (guest_build(o, &err) < 0) {
		cli_print_error(NULL, &err);
		rc = 1;
	}
out:
	free(o);
	free(dv);
	free(defaults_text);
	return rc;
}
