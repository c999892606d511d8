/* One pass over /proc: the pid directory is read once per refresh and each file is opened relative
 * to a dirfd on /proc (no path walk from "/"), into buffers the caller reuses. */
#ifndef VSM_PROCSCAN_H
#define VSM_PROCSCAN_H

#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "backend/error.h"

/* The fields of /proc/PID/stat the monitor uses (times in clock ticks, sizes as the kernel gives). */
struct proc_stat {
	pid_t pid;
	char comm[17];
	char state;
	pid_t ppid;
	uint64_t utime, stime, cutime, cstime; /* clock ticks */
	int nice;
	unsigned nthreads;
	uint64_t starttime;                    /* clock ticks after boot */
	uint64_t vsize;                        /* bytes */
	uint64_t rss;                          /* pages */
};

/* The fields of /proc/PID/status the monitor uses. */
struct proc_status {
	uid_t uid;        /* real uid */
	pid_t nspid;      /* last NSpid field: the pid in the innermost pid namespace */
	unsigned nslevels; /* number of NSpid fields (1 = host namespace only) */
};

struct procscan {
	int procfd;       /* O_DIRECTORY fd on the proc mount */
	DIR *dir;         /* pid listing (on a dup of procfd) */
};

/* Open the scan on PROCDIR (NULL: "/proc"; tests pass a fixture tree). */
int procscan_open(struct procscan *ps, const char *procdir, struct vsm_error *err);
void procscan_close(struct procscan *ps);
/* Start the pid listing again from the top (each refresh). */
void procscan_rewind(struct procscan *ps);
/* Next numeric entry: 1 with *PID set, 0 at the end. */
int procscan_next_pid(struct procscan *ps, pid_t *pid);

/* Read "PID/FILE" into BUF (NUL-terminated, at most LEN-1 bytes). Returns the byte count or -errno
 * (-ENOENT/-ESRCH: the process is gone, which is normal during a scan). */
ssize_t procscan_read(const struct procscan *ps, pid_t pid, const char *file, char *buf, size_t len);

/* Parsers, separated from the I/O so they can be tested on sample text. The command name may hold
 * spaces and parentheses, so stat is split at the LAST ')'. Return 0 or -EINVAL. */
int procscan_parse_stat(const char *buf, struct proc_stat *st);
int procscan_parse_status(const char *buf, struct proc_status *st);
/* Turn the NUL-separated cmdline of N bytes in BUF into one line (NULs and control characters to
 * blanks, trailing blanks dropped). Returns the new length. */
size_t procscan_cmdline_join(char *buf, size_t n);

#endif
