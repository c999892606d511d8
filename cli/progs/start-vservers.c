/* start-vservers: start or stop every selected guest (by mark, state or name), dependencies
 * first (apps/init/depends), at most N at a time. util-vserver's exit codes: 0 nothing to do or
 * all succeeded, 1 every attempt failed, 2 some failed. */
#include "backend/boot_plan.h"
#include "backend/paths.h"
#include "backend/status.h"
#include "cli/common/cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_SPECS 16

struct sel {
	bool all, marked, unmarked, running, stopped;
	const char *marks[MAX_SPECS];
	int nmarks;
};

static void usage(FILE *f)
{
	fprintf(f, "Usage: start-vservers [--root DIR] [-m MARK] [-j N] [--start|--stop] "
		   "[--all|--marked|--unmarked|--running|--stopped|--mark M[,M...]] [--debug] "
		   "[--] [NAME...]\n");
}

static bool selected_by(struct boot_guest *g, const struct sel *s)
{
	if (s->marked && !boot_is_marked(g))
		return false;
	if (s->unmarked && boot_is_marked(g))
		return false;
	for (int i = 0; i < s->nmarks; i++)
		if (!boot_marks_match(g, s->marks[i]))
			return false;
	if ((s->running || s->stopped) && guest_is_running(g->name) != s->running)
		return false;
	return true;
}

static pid_t spawn(const char *prog, const char *name, bool stop, bool debug)
{
	if (debug)
		fprintf(stderr, "+ vserver --silent %s %s\n", name, stop ? "stop" : "start");
	fflush(NULL);
	pid_t pid = fork();
	if (pid == 0) {
		execl(prog, "vserver", "--silent", name, stop ? "stop" : "start", (char *)NULL);
		fprintf(stderr, "start-vservers: %s: %s\n", prog, strerror(errno));
		_exit(127);
	}
	return pid;
}

/* Run the plan with at most JOBS children; counts attempts and successes. */
static void run_plan(struct boot_plan *p, const char *prog, int jobs, bool debug, int *attempted,
		     int *ok)
{
	pid_t pids[256];
	struct boot_guest *who[256];
	int active = 0;
	for (;;) {
		struct boot_guest *g;
		while (active < jobs && ((g = boot_plan_next(p)) ||
					 (active == 0 && (g = boot_plan_break_cycle(p))))) {
			if (g->state == BOOT_WAIT && boot_plan_next(p) != g)
				fprintf(stderr, "start-vservers: %s: dependency cycle; ordering dropped\n",
					g->name);
			/* The Makefile's target first asked `vserver NAME status`. */
			if (guest_is_running(g->name) != p->stop) {
				g->state = BOOT_OK;
				continue;
			}
			pid_t pid = spawn(prog, g->name, p->stop, debug);
			(*attempted)++;
			if (pid < 0) {
				g->state = BOOT_FAILED;
				continue;
			}
			g->state = BOOT_ACTIVE;
			pids[active] = pid;
			who[active++] = g;
		}
		if (active == 0)
			break;
		int st;
		pid_t pid = wait(&st);
		if (pid < 0 && errno == EINTR)
			continue;
		for (int i = 0; i < active; i++) {
			if (pids[i] != pid)
				continue;
			bool good = WIFEXITED(st) && WEXITSTATUS(st) == 0;
			who[i]->state = good ? BOOT_OK : BOOT_FAILED;
			*ok += good;
			if (!good)
				fprintf(stderr, "start-vservers: %s: %s failed\n", who[i]->name,
					p->stop ? "stop" : "start");
			pids[i] = pids[--active];
			who[i] = who[active];
			break;
		}
	}
	for (size_t i = 0; i < p->n; i++)
		if (p->g[i].why[0]) {
			fprintf(stderr, "start-vservers: %s: not %s: %s\n", p->g[i].name,
				p->stop ? "stopped" : "started", p->g[i].why);
			(*attempted)++;
		}
}

int main(int argc, char **argv)
{
	cli_init("start-vservers", &argc, &argv);
	static const struct option opts[] = {
		{ "start", no_argument, NULL, 'S' },	{ "stop", no_argument, NULL, 'T' },
		{ "all", no_argument, NULL, 'a' },	{ "marked", no_argument, NULL, 'k' },
		{ "unmarked", no_argument, NULL, 'u' }, { "running", no_argument, NULL, 'r' },
		{ "stopped", no_argument, NULL, 's' },	{ "mark", required_argument, NULL, 'm' },
		{ "debug", no_argument, NULL, 'd' },	{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct sel s = {0};
	bool stop = false, debug = false, any = false;
	long jobs = 99;
	int c;
	while ((c = getopt_long(argc, argv, "+m:j:c:h", opts, NULL)) != -1) {
		switch (c) {
		case 'S': stop = false; break;
		case 'T': stop = true; break;
		case 'a': s.all = any = true; break;
		case 'k': s.marked = any = true; break;
		case 'u': s.unmarked = any = true; break;
		case 'r': s.running = any = true; break;
		case 's': s.stopped = any = true; break;
		case 'd': debug = true; break;
		case 'm':
			if (s.nmarks == MAX_SPECS) {
				cli_warn("too many --mark options");
				return 255;
			}
			s.marks[s.nmarks++] = optarg;
			any = true;
			break;
		case 'j': {
			char *end;
			jobs = strtol(optarg, &end, 10);
			if (*end || jobs < 1 || jobs > 256) {
				cli_warn("-j: '%s' is not a number 1..256", optarg);
				return 255;
			}
			break;
		}
		case 'c':
			cli_warn("-c is not supported: use --root DIR (or VSM_ROOT)");
			return 255;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 255;
		}
	}
	if (!any && optind == argc) {
		usage(stderr);
		return 255;
	}
	char prog[4096];
	if (vsm_path_helper("vserver", prog, sizeof(prog)) < 0) {
		cli_warn("the vserver program was not found");
		return 1;
	}
	struct vsm_error err = {0};
	struct boot_plan p;
	if (boot_plan_load(&p, stop, &err) < 0) {
		cli_print_error(NULL, &err);
		return 1;
	}
	int rc = 0;
	for (int i = optind; i < argc; i++) {
		struct boot_guest *g = boot_plan_find(&p, argv[i]);
		if (!g) {
			cli_warn("%s: no such guest (or no vdir, or disabled)", argv[i]);
			rc = 1;
			continue;
		}
		g->selected = selected_by(g, &s);
	}
	for (size_t i = 0; optind == argc && i < p.n; i++)
		p.g[i].selected = selected_by(&p.g[i], &s);
	if (rc == 0 && !stop && boot_plan_add_deps(&p, &err) < 0) {
		cli_print_error(NULL, &err);
		rc = 1;
	}
	if (rc == 0) {
		int attempted = 0, ok = 0;
		run_plan(&p, prog, (int)jobs, debug, &attempted, &ok);
		rc = attempted == ok ? 0 : ok == 0 ? 1 : 2;
	}
	boot_plan_free(&p);
	return rc;
}
