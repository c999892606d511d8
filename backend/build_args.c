/* `build` option parsing shared by `vserver NAME build` and the command language. */
#include "backend/build_args.h"
#include "backend/fsutil.h"
#include "backend/paths.h"

#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char build_args_usage[] =
	"Options: --hostname NAME  --context N  --interface [NAME=][DEV:]IP[/PREFIX] (repeatable)\n"
	"         --flags A,B  --initstyle STYLE  --rootdir DIR  --force  --keep\n"
	"Methods: skeleton\n"
	"         busybox\n"
	"         debootstrap -- -d SUITE [-m MIRROR] [-- extra debootstrap options]\n"
	"         clone -- --source GUEST|DIR\n"
	"         template -- -t TARBALL\n";

const char *const build_args_options[] = {
	"-m", "--method", "--hostname", "--context", "--interface", "--flags", "--initstyle",
	"--rootdir", "--force", "--keep", "--silent", "--help", NULL,
};

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
	char *save = NULL;
	for (char *line = strtok_r(text, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
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

int build_args_parse(struct build_args *ba, const char *name, int argc, char **argv,
		     struct vsm_error *err)
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
	memset(ba, 0, sizeof(*ba));
	struct build_opts *o = &ba->o;
	o->name = name;
	ba->argv = defaults_prepend(&argc, argv, &ba->defaults_text);
	if (ba->argv)
		argv = ba->argv;
	int c;
	optind = 0;	/* 0: a full re-initialisation of getopt, as it may have run before */
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+m:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'm': o->method = optarg; break;
		case 'H': o->hostname = optarg; break;
		case 'c':
			if (parse_context(optarg, &o->context) < 0)
				return vsm_error_set(err, EINVAL, "--context '%s': expected a number "
						     "2..49151", optarg);
			break;
		case 'i':
			if (o->n_ifaces >= BUILD_IFACES_MAX)
				return vsm_error_set(err, EINVAL, "more than %d --interface options",
						     BUILD_IFACES_MAX);
			if (build_iface_parse(optarg, &o->ifaces[o->n_ifaces++], err) < 0)
				return -EINVAL;
			break;
		case 'f': o->flags = optarg; break;
		case 'I': o->initstyle = optarg; break;
		case 'r': o->rootdir = optarg; break;
		case 'F': o->force = true; break;
		case 'k': o->keep = true; break;
		case 's': ba->silent = true; break;
		case 'h': ba->help = true; return 0;
		default:
			if (optopt)
				return vsm_error_set(err, EINVAL, "option -%c is unknown or needs an "
						     "argument", optopt);
			return vsm_error_set(err, EINVAL, "option '%s' is unknown or needs an argument",
					     argv[optind - 1]);
		}
	}
	if (optind < argc && strcmp(argv[optind - 1], "--") != 0)
		return vsm_error_set(err, EINVAL, "unexpected argument '%s' (method arguments go "
				     "after --)", argv[optind]);
	if (!o->method)
		return vsm_error_set(err, EINVAL, "no method given "
				     "(-m skeleton|busybox|debootstrap|clone|template)");
	o->margc = argc - optind;
	o->margv = argv + optind;
	return 0;
}

void build_args_free(struct build_args *ba)
{
	free(ba->argv);
	free(ba->defaults_text);
	ba->argv = NULL;
	ba->defaults_text = NULL;
}
