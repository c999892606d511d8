/* Running a command inside a running guest (`vserver NAME exec|enter|suexec`). */
#ifndef VSM_EXEC_H
#define VSM_EXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "backend/error.h"
#include "backend/guest_cgroup.h"
#include "backend/runconf.h"

#define GUEST_EXEC_MAX_GROUPS 256

/* Who the command runs as and how it is connected. Zeroed = root, the caller's stdio, HOME=/root. */
struct guest_exec_opts {
	bool has_ids;			/* else uid 0, gid 0, no supplementary groups */
	uid_t uid;
	gid_t gid;
	gid_t groups[GUEST_EXEC_MAX_GROUPS];
	size_t ngroups;
	char home[256];			/* HOME=; "" = /root */
	bool cd_home;			/* start in HOME (when it exists) instead of / */
	char user[64];			/* USER= and LOGNAME= when set */
	bool pty;			/* a fresh pty from the guest's devpts (guest_session_open) */
	bool login;			/* argv[0] of the command gets the login '-' prefix */
};

/* A command started in a guest by guest_session_open: PID is the host-side joining child (it
 * waits for the command and exits with its status); MASTER the pty master when opts.pty. */
struct guest_session {
	pid_t pid;
	int pidfd;			/* of PID: poll it to see the session end */
	int master;			/* -1 without a pty */
	int errfd;			/* setup errors, read by guest_session_wait */
	int sockfd;			/* the go-ahead for the command (pty mode), -1 after */
};

/* Join the guest whose init INIT_PIDFD refers to (cgroup, then every namespace at once through the
 * pidfd), fork a child inside its PID namespace and run ARGV there with the guest's capability set
 * and seccomp filter, fds above 2 closed and the DESIGN.md environment. Waits for it and returns
 * its status the shell way (exit code, or 128 + signal) in *STATUS. Changes the calling process's
 * namespaces for good: callers fork first if they need the host afterwards. */
int guest_exec_run(const struct run_config *rc, struct guest_cgroup *gc, int init_pidfd,
		   char *const argv[], int *status, struct vsm_error *err);

/* Same, with the command running as UID (and gid UID, no supplementary groups); UID < 0: root. */
int guest_exec_run_as(const struct run_config *rc, struct guest_cgroup *gc, int init_pidfd,
		      char *const argv[], long uid, int *status, struct vsm_error *err);

/* The `exec` command: look up the running guest NAME and run ARGV in it as root, on the caller's
 * stdio, in a session of its own. */
int guest_exec(const char *name, char *const argv[], int *status, struct vsm_error *err);

/* The same with OPTS (user, groups, HOME; not pty). */
int guest_exec_with(const char *name, char *const argv[], const struct guest_exec_opts *opts,
		    int *status, struct vsm_error *err);

/* Start ARGV in the running guest NAME as OPTS says, from a child of the caller (which stays in
 * the host's namespaces). With OPTS->pty the command's stdio is a new pty of the guest's own
 * devpts and S->master its master, verified to be a devpts pty; the caller's stdio never reaches
 * the guest. The command starts when guest_session_go is called (after the caller set the window
 * size). */
int guest_session_open(const char *name, char *const argv[], const struct guest_exec_opts *opts,
		       struct guest_session *s, struct vsm_error *err);
int guest_session_go(struct guest_session *s, struct vsm_error *err);
/* Wait for the session's end: the command's status the shell way; a setup error as -errno. Closes
 * every fd of S. */
int guest_session_wait(struct guest_session *s, int *status, struct vsm_error *err);

#endif
