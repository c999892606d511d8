/* Which guest a process belongs to: the one whose cgroup `<cgroup_base>/<NAME>` holds it (or a
 * cgroup below it, as systemd or an init inside the guest may create). */
#ifndef VSM_GUEST_OF_PID_H
#define VSM_GUEST_OF_PID_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

/* Match one cgroup path (as /proc/PID/cgroup shows it, e.g. "/vsm/web/sub") against BASE ("vsm").
 * Returns 1 and copies NAME when the path is /BASE/NAME or below, else 0. */
int guest_of_cgroup_path(const char *path, const char *base, char *name, size_t len);

/* Same over the whole text of /proc/PID/cgroup ("ID:CONTROLLERS:PATH" lines): the first line whose
 * path is inside a guest decides (vsm places a guest in every hierarchy). */
int guest_of_cgroup_file(const char *text, const char *base, char *name, size_t len);

/* Read /proc/PID/cgroup and decide, with the process-wide cgroup base; a process in no guest
 * cgroup still belongs to a running guest when it shares the pid namespace of the guest's init
 * (a guest started where no cgroup could be made). 1 found, 0 host, -errno when the process
 * cannot be read (-ENOENT: it is gone). */
int guest_of_pid(pid_t pid, char *name, size_t len);

/* The inode of PID's pid namespace, read relative to PROCFD (AT_FDCWD with "/proc" paths when
 * PROCFD < 0); 0 when it cannot be read. */
ino_t guest_pidns_of(int procfd, pid_t pid);
/* The pid namespace of guest NAME's init from its run record, 0 when it does not run (or its init
 * shares the host's namespace, which must never claim host processes). */
ino_t guest_pidns_of_guest(const char *name);

#endif
