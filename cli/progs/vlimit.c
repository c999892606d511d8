/* vlimit: show (-a) or set a running guest's limits, then run PROGRAM. The mapping onto cgroup
 * knobs and rlimits is backend/chain_limit.c. */
#include "backend/chain.h"
#include "backend/chain_limit.h"
#include "backend/fsutil.h"
#include "backend/guest_name.h"
#include "cli/common/cli.h"
#include "cli/common/cli_chain.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NRES 32
#define O_RES 1000

static void usage(FILE *f)
{
	fprintf(f, "Usage: vlimit [--root DIR] --xid CTX|NAME [-n] [-d] [-a] [[-M|-S|-H] --RES VALUE]...\n"
		   "              [--dir DIR [--missingok]] [-- PROGRAM ARGS...]\n"
		   "RES: cpu fsize data stack core rss nproc nofile memlock as locks msgqueue\n"
		   "VALUE: inf, or a number with K/M (x1024) or k/m (x1000). -M min, -S soft, -H hard\n"
		   "(default hard). See vlimit(8) for how each maps onto mainline Linux.\n");
}

static struct vlimit_value wanted[NRES];

static void want(const struct vlimit_res *r, unsigned parts, uint64_t v)
{
	struct vlimit_value *w = &wanted[r - vlimit_resources];
	for (int p = 0; p < 3; p++)
		if (parts & (1u << p))
			w->v[p] = v;
}

static bool parse_value(const char *what, const char *s, uint64_t *v)
{
	if (vlimit_parse_value(s, v) < 0) {
		cli_warn("%s: '%s' is not a limit (inf, or a number with K/M/k/m)", what, s);
		return false;
	}
	return true;
}

/* --dir: DIR/<res> sets all three; <res>.min/.soft/.hard one each. Command-line values win. */
static int read_dir(const char *dir, bool missingok, struct vlimit_value *cli)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		if (errno == ENOENT && missingok)
			return 0;
		cli_warn("%s: %s", dir, strerror(errno));
		return -1;
	}
	static const char *const sfx[] = { "", ".min", ".soft", ".hard" };
	static const unsigned parts[] = { 7, 1, 2, 4 };
	for (const struct vlimit_res *r = vlimit_resources; r->name; r++) {
		for (int s = 0; s < 4; s++) {
			char file[64], *text = NULL;
			size_t len;
			snprintf(file, sizeof(file), "%s%s", r->name, sfx[s]);
			struct vsm_error err = {0};
			int rc = fs_read_file_at(dfd, file, 4096, &text, &len, &err);
			if (rc == -ENOENT)
				continue;
			uint64_t v;
			if (rc < 0) {
				cli_print_error(dir, &err);
				close(dfd);
				return -1;
			}
			text[strcspn(text, "\n")] = 0;
			char *t = text;
			while (isspace((unsigned char)*t))
				t++;
			bool ok = parse_value(file, t, &v);
			free(text);
			if (!ok) {
				close(dfd);
				return -1;
			}
			/* The plain file sets soft and hard: a minimum (memory.low) equal to the
			 * limit would reserve the whole limit, and most resources have none. */
			unsigned want = parts[s];
			if (s == 0)
				want &= ~(1u << VLIMIT_MIN);
			for (int p = 0; p < 3; p++)
				if ((want & (1u << p)) && cli[r - vlimit_resources].v[p] == VLIMIT_UNSET)
					wanted[r - vlimit_resources].v[p] = v;
		}
	}
	close(dfd);
	return 0;
}

static void fmt(uint64_t v, bool dec, char *buf, size_t len)
{
	if (v == VLIMIT_UNSET)
		snprintf(buf, len, "N/A");
	else if (v == VLIMIT_INF)
		snprintf(buf, len, "inf");
	else
		snprintf(buf, len, dec ? "%" PRIu64 : "0x%016" PRIx64, v);
}

int main(int argc, char **argv)
{
	cli_init("vlimit", &argc, &argv);
	enum { O_XID = 256, O_DIR, O_MISSINGOK };
	struct option opts[NRES + 16] = {
		{ "help", no_argument, NULL, 'h' }, { "xid", required_argument, NULL, O_XID },
		{ "all", no_argument, NULL, 'a' }, { "dir", required_argument, NULL, O_DIR },
		{ "missingok", no_argument, NULL, O_MISSINGOK },
	};
	int no = 5;
	for (const struct vlimit_res *r = vlimit_resources; r->name; r++)
		opts[no++] = (struct option){ r->name, required_argument, NULL, O_RES + (int)(r - vlimit_resources) };
	opts[no] = (struct option){ NULL, 0, NULL, 0 };
	for (int i = 0; i < NRES; i++)
		for (int p = 0; p < 3; p++)
			wanted[i].v[p] = VLIMIT_UNSET;
	const char *xid = NULL, *dir = NULL;
	bool all = false, numbers = false, dec = false, missingok = false, any = false;
	unsigned parts = 0;
	int c;
	while ((c = getopt_long(argc, argv, "+handMSH", opts, NULL)) != -1) {
		if (c >= O_RES) {
			const struct vlimit_res *r = &vlimit_resources[c - O_RES];
			uint64_t v;
			if (!parse_value(r->name, optarg, &v))
				return CHAIN_EXIT_FAILURE;
			want(r, parts ? parts : 1u << VLIMIT_HARD, v);
			parts = 0;
			any = true;
			continue;
		}
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case O_XID:
			xid = optarg;
			break;
		case 'a':
			all = true;
			break;
		case 'n':
			numbers = true;
			break;
		case 'd':
			dec = true;
			break;
		case 'M':
			parts |= 1u << VLIMIT_MIN;
			break;
		case 'S':
			parts |= 1u << VLIMIT_SOFT;
			break;
		case 'H':
			parts |= 1u << VLIMIT_HARD;
			break;
		case O_DIR:
			dir = optarg;
			break;
		case O_MISSINGOK:
			missingok = true;
			break;
		default:
			usage(stderr);
			return CHAIN_EXIT_FAILURE;
		}
	}
	char name[GUEST_NAME_MAX + 1];
	cli_chain_guest(xid, name, sizeof(name));
	if (dir) {
		struct vlimit_value cli[NRES];
		memcpy(cli, wanted, sizeof(cli));
		if (read_dir(dir, missingok, cli) < 0)
			return 1;
		any = true;
	}
	int rc = 0;
	struct vsm_error err = {0};
	for (const struct vlimit_res *r = vlimit_resources; any && r->name; r++) {
		const struct vlimit_value *w = &wanted[r - vlimit_resources];
		if (w->v[0] == VLIMIT_UNSET && w->v[1] == VLIMIT_UNSET && w->v[2] == VLIMIT_UNSET)
			continue;
		int n;
		if (vlimit_set(name, r, w, &n, &err) < 0) {
			cli_print_error(NULL, &err);
			rc = 1;
		}
	}
	for (const struct vlimit_res *r = vlimit_resources; all && r->name; r++) {
		if (r->kind == VLIMIT_NONE)
			continue;
		struct vlimit_value v;
		if (vlimit_get(name, r, &v, &err) < 0) {
			cli_print_error(NULL, &err);
			return 1;
		}
		char label[16], b[3][32];
		if (numbers)
			snprintf(label, sizeof(label), "%d", r->number);
		else
			for (size_t i = 0; i < sizeof(label); i++)
				if (!(label[i] = (char)toupper((unsigned char)r->name[i])))
					break;
		for (int p = 0; p < 3; p++)
			fmt(v.v[p], dec, b[p], sizeof(b[p]));
		printf("%-10s  %-18s  %-18s  %s\n", label, b[0], b[1], b[2]);
	}
	if (rc)
		return rc;
	cli_chain(argc, argv, optind, 0);
}
