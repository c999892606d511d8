/* Guest lookup, the running init, and the final exec for the chain tools. */
#include "backend/chain.h"
#include "backend/config.h"
#include "backend/runrecord.h"
#include "kernel/ns.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

int chain_guest_resolve(const char *arg, char *name, size_t len, struct vsm_error *err)
{
	struct vsm_error e = {0};
	int r = guest_lookup(arg, name, len, &e);
	if (r == -ENOENT)
		return vsm_error_set(err, ENOENT, "'%s': no guest has this name or context id", arg);
	if (r < 0) {
		if (err)
			*err = e;
		return r;
	}
	return 0;
}

int chain_guest_init(const char *name, pid_t *init, int *pidfd, struct vsm_error *err)
{
	struct run_record rec;
	if (runrecord_read(name, &rec, NULL) < 0 || !runrecord_init_alive(&rec))
		return vsm_error_set(err, ESRCH, "%s: the guest is not running", name);
	int fd = ns_pidfd_open(rec.init_pid, err);
	if (fd < 0)
		return fd;
	/* The pidfd pins the pid: a second start-time check closes the reuse window. */
	if (proc_start_time(rec.init_pid) != rec.init_start) {
		close(fd);
		return vsm_error_set(err, ESRCH, "%s: the guest is not running", name);
	}
	*init = rec.init_pid;
	*pidfd = fd;
	return 0;
}

int chain_exec(char *const argv[], struct vsm_error *err)
{
	if (!argv || !argv[0])
		return vsm_error_set(err, EINVAL, "no program to run");
	execvp(argv[0], argv);
	return vsm_error_sys(err, errno, "execvp %s", argv[0]);
}
