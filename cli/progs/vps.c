/* vps: the system ps with a CONTEXT column after PID (as util-vserver's vps), or a built-in
 * listing from one /proc scan (--guest NAME, --tree, --json) that shows in-guest pids too. */
#include "backend/guest_of_pid.h"
#include "backend/json_out.h"
#include "backend/monitor_guests.h"
#include "backend/paths.h"
#include "backend/ps_column.h"
#include "backend/snapshot.h"
#include "cli/common/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define VPS_FAIL 254 /* util-vserver's code for vps's own failures */

/* A guest name and its context, looked up once per name. */
struct ctx_cache {
	char name[SNAP_NAME_MAX];
	uint32_t ctx;
};
static struct ctx_cache ctx_names[256];
static size_t nctx_names;

static uint32_t ctx_of(const char *name)
{
	for (size_t i = 0; i < nctx_names; i++)
		if (!strcmp(ctx_names[i].name, name))
			return ctx_names[i].ctx;
	uint32_t ctx = monitor_guest_ctx(vsm_paths(), name);
	if (nctx_names < sizeof(ctx_names) / sizeof(*ctx_names)) {
		snprintf(ctx_names[nctx_names].name, SNAP_NAME_MAX, "%s", name);
		ctx_names[nctx_names++].ctx = ctx;
	}
	return ctx;
}

static void write_row(const char *row, size_t len, size_t at, const char *cell, size_t clen)
{
	fwrite(row, 1, at, stdout);
	if (at == len && at > 0 && row[at - 1] != ' ')
		putchar(' ');
	fwrite(cell, 1, clen, stdout);
	fwrite(row + at, 1, len - at, stdout);
	putchar('\n');
}

/* Run ps with ARGV (argv[0] replaced), return its output in a malloc'd buffer and its pid. */
static char *ps_run(char **argv, size_t *len, pid_t *child)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0)
		return NULL;
	pid_t pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return NULL;
	}
	if (pid == 0) {
		int fd = open("/dev/null", O_RDONLY);
		if (fd < 0 || dup2(fd, 0) < 0 || dup2(p[1], 1) < 0)
			_exit(VPS_FAIL);
		argv[0] = "ps";
		execvp("ps", argv);
		fprintf(stderr, "vps: ps: %s\n", strerror(errno));
		_exit(127);
	}
	close(p[1]);
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap + 1);
	for (;;) {
		if (buf && n == cap) {
			char *nb = realloc(buf, 2 * cap + 1);
			if (!nb) {
				free(buf);
				buf = NULL;
			} else {
				buf = nb;
				cap *= 2;
			}
		}
		if (!buf) { /* keep draining so ps is not killed by SIGPIPE */
			char sink[4096];
			if (read(p[0], sink, sizeof(sink)) <= 0)
				break;
			continue;
		}
		ssize_t r = read(p[0], buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(p[0]);
	if (buf)
		buf[n] = '\0';
	*len = n;
	*child = pid;
	return buf;
}

static int ps_mode(char **argv)
{
	size_t len;
	pid_t child;
	char *out = ps_run(argv, &len, &child);
	int status = 0;
	if (!out) {
		cli_warn("running ps: %s", strerror(errno));
		if (child > 0)
			waitpid(child, &status, 0);
		return VPS_FAIL;
	}
	while (waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
	int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	char *eol = memchr(out, '\n', len);
	size_t hlen = eol ? (size_t)(eol - out) : len;
	struct ps_column col;
	if (len == 0) {
		free(out);
		return rc;
	}
	if (ps_column_find(out, hlen, &col) < 0) {
		fwrite(out, 1, len, stdout);
		cli_warn("the ps output has no PID column, so no CONTEXT column was added "
			 "(add pid to -o, and do not use --no-headers)");
		free(out);
		return rc ? rc : VPS_FAIL;
	}
	char cell[128];
	size_t clen = ps_column_header_cell(cell, sizeof(cell));
	write_row(out, hlen, col.pid_end <= hlen ? col.pid_end : hlen, cell, clen);
	for (char *row = eol ? eol + 1 : out + len; row < out + len;) {
		char *e = memchr(row, '\n', (size_t)(out + len - row));
		size_t rlen = e ? (size_t)(e - row) : (size_t)(out + len - row);
		pid_t pid;
		size_t at;
		if (ps_column_row(&col, row, rlen, &pid, &at) < 0) {
			fwrite(row, 1, rlen, stdout); /* a line without a pid (e.g. a wrapped one) */
			putchar('\n');
		} else {
			char name[SNAP_NAME_MAX];
			int g = pid == child || pid == getpid() ? 0 : guest_of_pid(pid, name, sizeof(name));
			if (g == 1)
				clen = ps_column_cell(ctx_of(name), false, name, cell, sizeof(cell));
			else if (g == 0)
				clen = ps_column_cell(0, false, "MAIN", cell, sizeof(cell));
			else /* the process ended before we could look: its guest is unknown */
				clen = ps_column_cell(0, true, "", cell, sizeof(cell));
			write_row(row, rlen, at, cell, clen);
		}
		row = e ? e + 1 : out + len;
	}
	free(out);
	if (fflush(stdout) == EOF)
		return VPS_FAIL;
	return rc;
}

/* Built-in listing. */
static void fmt_time(uint64_t ms, char *buf, size_t len)
{
	uint64_t s = ms / 1000;
	snprintf(buf, len, "%lu:%02lu", (unsigned long)(s / 60), (unsigned long)(s % 60));
}

static void print_proc(const struct snapshot *s, const struct snap_proc *p, int depth)
{
	char cell[128], t[32];
	const struct snap_guest *g = &s->guests[p->guest];
	ps_column_cell(p->ctx, false, p->guest == SNAP_HOST ? "MAIN" : g->name, cell, sizeof(cell));
	fmt_time(p->utime_ms + p->stime_ms, t, sizeof(t));
	printf("%7d %6d %s%-8.8s %c %5.1f %8lu %8lu %8s ", (int)p->pid, (int)p->guest_pid, cell,
	       p->user, p->state, p->cpu_pct, (unsigned long)(p->rss_bytes / 1024),
	       (unsigned long)(p->vsz_bytes / 1024), t);
	for (int i = 0; i < depth; i++)
		fputs(i + 1 == depth ? " \\_ " : "    ", stdout);
	puts(p->cmdline);
}

/* Process tree as child/sibling links (indexes into procs, -1 = none). */
struct tree {
	long *child, *sib;
};

static void print_subtree(const struct snapshot *s, const struct tree *t, long i, int depth)
{
	print_proc(s, &s->procs[i], depth);
	for (long k = t->child[i]; k >= 0; k = t->sib[k])
		print_subtree(s, t, k, depth + 1);
}

/* Print the tree of the processes in guest GI (-1: all); roots are those whose parent is not
 * listed. Returns -ENOMEM. */
static int print_tree(const struct snapshot *s, long gi)
{
	struct tree t = { calloc(s->nprocs + 1, sizeof(long)), calloc(s->nprocs + 1, sizeof(long)) };
	if (!t.child || !t.sib) {
		free(t.child);
		free(t.sib);
		return -ENOMEM;
	}
	bool *root = calloc(s->nprocs + 1, sizeof(bool));
	for (size_t i = 0; i < s->nprocs; i++)
		t.child[i] = t.sib[i] = -1;
	for (size_t i = s->nprocs; root && i-- > 0;) {
		const struct snap_proc *p = &s->procs[i];
		if (gi >= 0 && (long)p->guest != gi)
			continue;
		long pi = p->ppid != p->pid ? snapshot_proc_by_pid(s, p->ppid) : -1;
		if (pi < 0 || (gi >= 0 && (long)s->procs[pi].guest != gi)) {
			root[i] = true;
			continue;
		}
		t.sib[i] = t.child[pi];
		t.child[pi] = (long)i;
	}
	for (size_t i = 0; root && i < s->nprocs; i++)
		if (root[i])
			print_subtree(s, &t, (long)i, 0);
	int rc = root ? 0 : -ENOMEM;
	free(root);
	free(t.child);
	free(t.sib);
	return rc;
}

static int builtin_mode(const char *guest, bool tree, bool json)
{
	struct vsm_error err = {0};
	struct monitor *mon;
	if (monitor_open(&mon, MONITOR_PROCS | MONITOR_CMDLINE | MONITOR_USERS, &err) < 0 ||
	    monitor_refresh(mon, &err) < 0) {
		cli_print_error(NULL, &err);
		return VPS_FAIL;
	}
	const struct snapshot *s = monitor_snapshot(mon);
	long gi = -1;
	if (guest) {
		gi = snapshot_guest_by_name(s, guest);
		if (gi <= 0) {
			cli_warn("%s: no such running guest", guest);
			monitor_close(mon);
			return 1;
		}
	}
	int rc = 0;
	if (json) {
		json_t *o = json_snapshot(s, true);
		if (o && gi > 0) { /* keep only the guest's processes */
			json_t *procs = json_object_get(o, "processes");
			for (size_t i = json_array_size(procs); i-- > 0;) {
				const char *g = json_string_value(json_object_get(json_array_get(procs, i), "guest"));
				if (!g || strcmp(g, guest))
					json_array_remove(procs, i);
			}
		}
		if (!o || json_dumpf(o, stdout, JSON_COMPACT) < 0)
			rc = VPS_FAIL;
		json_decref(o);
		putchar('\n');
	} else {
		char cell[128];
		ps_column_header_cell(cell, sizeof(cell));
		printf("%7s %6s %s%-8s %c %5s %8s %8s %8s %s\n", "PID", "GPID", cell, "USER", 'S', "%CPU",
		       "RSS", "VSZ", "TIME", "COMMAND");
		if (tree) {
			if (print_tree(s, gi) < 0)
				rc = VPS_FAIL;
		} else {
			for (size_t i = 0; i < s->nprocs; i++)
				if (gi < 0 || (long)s->procs[i].guest == gi)
					print_proc(s, &s->procs[i], 0);
		}
	}
	if (fflush(stdout) == EOF)
		rc = VPS_FAIL;
	monitor_close(mon);
	return rc;
}

int main(int argc, char **argv)
{
	cli_init("vps", &argc, &argv);
	if (argc > 1 && !strcmp(argv[1], "--help")) {
		printf("Usage: vps [ps options]                 ps with a CONTEXT column after PID\n"
		       "       vps [--guest NAME] [--tree] [--json]   built-in listing, no ps needed\n");
		return 0;
	}
	const char *guest = NULL;
	bool tree = false, json = false, builtin = false;
	/* Built-in options come first; anything else is ps's. */
	int i = 1;
	for (; i < argc; i++) {
		if (!strcmp(argv[i], "--guest") && i + 1 < argc)
			guest = argv[++i];
		else if (!strncmp(argv[i], "--guest=", 8))
			guest = argv[i] + 8;
		else if (!strcmp(argv[i], "--tree"))
			tree = true;
		else if (!strcmp(argv[i], "--json"))
			json = true;
		else
			break;
		builtin = true;
	}
	if (builtin) {
		if (i < argc) {
			cli_warn("'%s': ps options cannot be mixed with --guest, --tree or --json", argv[i]);
			return VPS_FAIL;
		}
		return builtin_mode(guest, tree, json);
	}
	return ps_mode(argv);
}
