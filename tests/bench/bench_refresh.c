/* Benchmark harness for bench_monitor.sh (not a test): CPU and wall time per refresh of the vsm
 * collector, of a raw stat-only /proc scan (the floor), and of external commands, all measured in
 * one process with getrusage/wait4 so the figures are comparable.
 *   bench_refresh vsm FLAGS K      K refreshes of one monitor (FLAGS: stat, procs, full)
 *   bench_refresh floor K          K stat-only scans
 *   bench_refresh cmd K PROG ARGS  K runs of a command, stdout to /dev/null
 * Prints "name cold_cpu_ms cold_wall_ms mean_cpu_ms median_wall_ms maxrss_kb": CPU as a mean over
 * the warm runs (rusage is too coarse for one short scan), wall as their median. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "backend/snapshot.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static double cpu_ms(int who)
{
	struct rusage ru;
	getrusage(who, &ru);
	return ru.ru_utime.tv_sec * 1e3 + ru.ru_utime.tv_usec / 1e3 + ru.ru_stime.tv_sec * 1e3 +
	       ru.ru_stime.tv_usec / 1e3;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(double), cmp_d);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* The floor: what any listing must do (baselines.md §2.1's procscan): readdir /proc, then
 * openat+read+close of each PID's stat and a parse of the fields a listing shows. */
static long floor_scan(int procfd)
{
	char buf[1024], path[32];
	long sum = 0;
	int fd = dup(procfd);
	DIR *d = fdopendir(fd);
	rewinddir(d); /* the dup shares the offset with procfd: start at the top */
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "%s/stat", e->d_name);
		int f = openat(procfd, path, O_RDONLY);
		if (f < 0)
			continue;
		ssize_t n = read(f, buf, sizeof(buf) - 1);
		close(f);
		if (n <= 0)
			continue;
		buf[n] = '\0';
		char *p = strrchr(buf, ')');
		char state;
		long ppid, utime, stime, rss;
		if (p && sscanf(p + 2, "%c %ld %*d %*d %*d %*d %*u %*u %*u %*u %*u %ld %ld %*d %*d %*d %*d "
				"%*d %*d %*u %*u %ld", &state, &ppid, &utime, &stime, &rss) == 5)
			sum += utime + stime + rss + ppid + state;
	}
	closedir(d);
	return sum;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: bench_refresh vsm FLAGS K | floor K | cmd K PROG ARGS...\n");
		return 2;
	}
	const char *mode = argv[1];
	int k = atoi(argv[!strcmp(mode, "vsm") ? 3 : 2]);
	if (k < 2)
		k = 2;
	double *cpu = calloc((size_t)k, sizeof(double)), *wall = calloc((size_t)k, sizeof(double));
	struct monitor *m = NULL;
	int procfd = open("/proc", O_RDONLY | O_DIRECTORY);
	if (!strcmp(mode, "vsm")) {
		unsigned flags = !strcmp(argv[2], "stat") ? 0 : !strcmp(argv[2], "procs") ? MONITOR_PROCS :
				 MONITOR_PROCS | MONITOR_CMDLINE | MONITOR_USERS;
		if (monitor_open(&m, flags, NULL) < 0)
			return 1;
	}
	volatile long sink = 0;
	for (int i = 0; i < k; i++) {
		int who = !strcmp(mode, "cmd") ? RUSAGE_CHILDREN : RUSAGE_SELF;
		double c0 = cpu_ms(who), w0 = now_ms();
		if (m) {
			if (monitor_refresh(m, NULL) < 0)
				return 1;
			sink += (long)monitor_snapshot(m)->nprocs;
		} else if (!strcmp(mode, "floor")) {
			sink += floor_scan(procfd);
		} else {
			pid_t pid = fork();
			if (pid == 0) {
				int null = open("/dev/null", O_WRONLY);
				dup2(null, 1);
				execvp(argv[3], argv + 3);
				_exit(127);
			}
			waitpid(pid, NULL, 0);
		}
		cpu[i] = cpu_ms(who) - c0;
		wall[i] = now_ms() - w0;
	}
	struct rusage ru;
	getrusage(!strcmp(mode, "cmd") ? RUSAGE_CHILDREN : RUSAGE_SELF, &ru);
	double cold_cpu = cpu[0], cold_wall = wall[0];
	/* The collector's steady state excludes the first refresh (it reads status and cgroup of
	 * every PID once); commands and the floor are the same every time. */
	int skip = m ? 1 : 0;
	double total = 0;
	for (int i = skip; i < k; i++)
		total += cpu[i];
	printf("%s %.2f %.2f %.2f %.2f %ld\n", mode, cold_cpu, cold_wall, total / (k - skip),
	       median(wall + skip, k - skip), ru.ru_maxrss);
	monitor_close(m);
	free(cpu);
	free(wall);
	return sink == -1;
}
