/* vserver-stat: one line per running guest in util-vserver's layout, or TSV/JSON for scripts, once
 * or in top's batch style (-b -d SECONDS -n COUNT). */
#include "backend/json_out.h"
#include "backend/render.h"
#include "backend/snapshot.h"
#include "cli/common/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum format { FMT_TEXT, FMT_TSV, FMT_JSON };

static const char *const sort_fields[] = { "ctx", "name", "proc", "vsz", "rss", "user", "sys",
					   "uptime", "cpu", NULL };
static int sort_field = 0;
static bool sort_desc;

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: vserver-stat [--root DIR] [--sort [-]FIELD] [-b] [-d SECONDS] [-n COUNT]\n"
		"                    [--format=text|tsv|json]\n"
		"Show the processes, memory and CPU time of the host and every running guest.\n"
		"  -O, --sort FIELD   order the guests by ctx (default), name, proc, vsz, rss, user,\n"
		"                     sys, uptime or cpu; a leading '-' reverses the order\n"
		"  -b, --batch        repeat (forever unless -n), as top -b does\n"
		"  -d, --delay SECS   time between iterations (default 2; fractions allowed)\n"
		"  -n, --iterations N stop after N iterations\n"
		"  --format FMT       text (util-vserver's columns), tsv or json (one object per line)\n");
}

static uint64_t sort_key(const struct snap_guest *g)
{
	switch (sort_field) {
	case 0: return g->ctx;
	case 2: return g->nprocs;
	case 3: return g->vsz_bytes;
	case 4: return g->rss_bytes;
	case 5: return g->cpu_user_ms;
	case 6: return g->cpu_sys_ms;
	case 7: return g->uptime_ms;
	case 8: return (uint64_t)(g->cpu_pct * 1000);
	}
	return 0;
}

static int cmp_rows(const void *a, const void *b)
{
	const struct snap_guest *x = *(const struct snap_guest *const *)a;
	const struct snap_guest *y = *(const struct snap_guest *const *)b;
	int c;
	if (sort_field == 1) {
		c = strcmp(x->name, y->name);
	} else {
		uint64_t kx = sort_key(x), ky = sort_key(y);
		c = (kx > ky) - (kx < ky);
		if (!c)
			c = strcmp(x->name, y->name);
	}
	return sort_desc ? -c : c;
}

static void print_text(const struct snapshot *s, const struct snap_guest **rows, size_t n)
{
	char line[128];
	puts(render_stat_header);
	for (size_t i = 0; i < n; i++) {
		const struct snap_guest *g = rows[i];
		struct render_stat_row r = {
			.ctx = g->ctx, .nprocs = g->nprocs, .vsz_bytes = g->vsz_bytes,
			.rss_bytes = g->rss_bytes == SNAP_NONE ? 0 : g->rss_bytes,
			.user_ms = g->cpu_user_ms, .sys_ms = g->cpu_sys_ms, .uptime_ms = g->uptime_ms,
			.name = g->name,
		};
		render_stat_line(&r, line, sizeof(line));
		puts(line);
	}
}

static void tsv_figure(uint64_t v)
{
	if (v == SNAP_NONE)
		fputs("\t-", stdout);
	else
		printf("\t%lu", (unsigned long)v);
}

static void print_tsv(const struct snapshot *s, const struct snap_guest **rows, size_t n, bool header)
{
	if (header)
		puts("time\tctx\tname\tstate\tprocs\tvsz_bytes\trss_bytes\tmem_limit_bytes\tcpu_user_ms"
		     "\tcpu_sys_ms\tcpu_pct\tuptime_ms\tdisk_used_kb\tdisk_limit_kb\tinodes_used"
		     "\tinodes_limit");
	for (size_t i = 0; i < n; i++) {
		const struct snap_guest *g = rows[i];
		printf("%ld\t%u\t%s\t%s\t%lu", (long)s->wall, g->ctx, g->name,
		       g->running ? "running" : "stopped", (unsigned long)g->nprocs);
		tsv_figure(g->vsz_bytes);
		tsv_figure(g->rss_bytes);
		tsv_figure(g->mem_limit);
		printf("\t%lu\t%lu\t%.1f\t%lu", (unsigned long)g->cpu_user_ms,
		       (unsigned long)g->cpu_sys_ms, g->cpu_pct, (unsigned long)g->uptime_ms);
		tsv_figure(g->disk_used_kb);
		tsv_figure(g->disk_limit_kb);
		tsv_figure(g->inodes_used);
		tsv_figure(g->inodes_limit);
		putchar('\n');
	}
}

/* The snapshot with its guests in the requested order. */
static int print_json(const struct snapshot *s, const struct snap_guest **rows)
{
	struct snapshot sorted = *s;
	sorted.guests = malloc(s->nguests * sizeof(*sorted.guests));
	if (!sorted.guests)
		return -1;
	for (size_t i = 0; i < s->nguests; i++)
		sorted.guests[i] = *rows[i];
	json_t *o = json_snapshot(&sorted, false);
	free(sorted.guests);
	if (!o || json_dumpf(o, stdout, JSON_COMPACT) < 0) {
		json_decref(o);
		return -1;
	}
	json_decref(o);
	putchar('\n');
	return 0;
}

static void sleep_secs(double d)
{
	struct timespec ts = { .tv_sec = (time_t)d, .tv_nsec = (long)((d - (double)(time_t)d) * 1e9) };
	while (nanosleep(&ts, &ts) < 0)
		;
}

int main(int argc, char **argv)
{
	cli_init("vserver-stat", &argc, &argv);
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "sort", required_argument, NULL, 'O' },
		{ "batch", no_argument, NULL, 'b' },
		{ "delay", required_argument, NULL, 'd' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	enum format fmt = FMT_TEXT;
	bool batch = false;
	double delay = 2;
	long count = -1;
	int c;
	char *end;
	while ((c = getopt_long(argc, argv, "hO:bd:n:", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return 0;
		case 'O': {
			const char *f = optarg;
			sort_desc = *f == '-';
			if (*f == '-' || *f == '+')
				f++;
			sort_field = -1;
			for (int i = 0; sort_fields[i]; i++)
				if (!strcmp(f, sort_fields[i]))
					sort_field = i;
			if (sort_field < 0) {
				cli_warn("unknown sort field '%s'", optarg);
				return 1;
			}
			break;
		}
		case 'b':
			batch = true;
			break;
		case 'd':
			delay = strtod(optarg, &end);
			if (end == optarg || *end || !(delay >= 0) || delay > 86400) {
				cli_warn("bad delay '%s'", optarg);
				return 1;
			}
			break;
		case 'n':
			count = strtol(optarg, &end, 10);
			if (end == optarg || *end || count < 1) {
				cli_warn("bad iteration count '%s'", optarg);
				return 1;
			}
			break;
		case 'f':
			if (!strcmp(optarg, "text"))
				fmt = FMT_TEXT;
			else if (!strcmp(optarg, "tsv"))
				fmt = FMT_TSV;
			else if (!strcmp(optarg, "json"))
				fmt = FMT_JSON;
			else {
				cli_warn("unknown format '%s' (text, tsv or json)", optarg);
				return 1;
			}
			break;
		default:
			fprintf(stderr, "Try 'vserver-stat --help' for more information.\n");
			return 1;
		}
	}
	if (optind != argc) {
		cli_warn("unknown parameter '%s', use '--help' for more information", argv[optind]);
		return 1;
	}
	if (count < 0)
		count = batch ? 0 : 1; /* 0: forever */

	struct vsm_error err = {0};
	struct monitor *mon;
	if (monitor_open(&mon, 0, &err) < 0) {
		cli_print_error(NULL, &err);
		return 1;
	}
	if (!monitor_uses_cgroups(mon))
		cli_warn("no cgroup hierarchy found: guest memory and CPU times are summed from the "
			 "guests' processes");
	int rc = 0;
	const struct snap_guest **rows = NULL;
	for (long it = 0; count == 0 || it < count; it++) {
		if (it)
			sleep_secs(delay);
		if (monitor_refresh(mon, &err) < 0) {
			cli_print_error(NULL, &err);
			rc = 1;
			break;
		}
		const struct snapshot *s = monitor_snapshot(mon);
		const struct snap_guest **nr = realloc(rows, s->nguests * sizeof(*rows));
		if (!nr) {
			cli_warn("out of memory");
			rc = 1;
			break;
		}
		rows = nr;
		for (size_t i = 0; i < s->nguests; i++)
			rows[i] = &s->guests[i];
		/* The host row stays first, as in util-vserver. */
		qsort(rows + 1, s->nguests - 1, sizeof(*rows), cmp_rows);
		if (fmt == FMT_TEXT) {
			if (it)
				putchar('\n');
			print_text(s, rows, s->nguests);
		} else if (fmt == FMT_TSV) {
			print_tsv(s, rows, s->nguests, it == 0);
		} else if (print_json(s, rows) < 0) {
			cli_warn("JSON output failed");
			rc = 1;
			break;
		}
		if (fflush(stdout) == EOF) {
			rc = 1;
			break;
		}
	}
	free(rows);
	monitor_close(mon);
	return rc;
}
