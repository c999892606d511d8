/* UTS names of a guest. A child joins the guest's UTS namespace (only that one: no guest code
 * runs and no other namespace is entered) and reports back through a pipe. */
#include "backend/chain_uname.h"
#include "backend/chain.h"
#include "backend/config.h"
#include "backend/paths.h"
#include "kernel/ns.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

const char *const uname_tag_names[UTAG_COUNT] = {
	"context", "sysname", "nodename", "release", "version", "machine", "domainname",
};

int uname_tag_from_name(const char *name)
{
	for (int t = 0; t < UTAG_COUNT; t++)
		if (!strcasecmp(name, uname_tag_names[t]))
			return t;
	return -1;
}

/* Run in a child inside the UTS namespace of PIDFD's process: with NODE/DOMAIN non-NULL set them,
 * then send struct utsname back through the pipe. */
static int uts_child(int pidfd, const char *node, const char *domain, struct utsname *out,
		     struct vsm_error *err)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0)
		return vsm_error_sys(err, errno, "pipe");
	pid_t pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return vsm_error_sys(err, errno, "fork");
	}
	if (pid == 0) {
		close(p[0]);
		int rc = 0;
		if (setns(pidfd, CLONE_NEWUTS) < 0)
			rc = errno;
		else if (node && sethostname(node, strlen(node)) < 0)
			rc = errno;
		else if (domain && setdomainname(domain, strlen(domain)) < 0)
			rc = errno;
		struct utsname u;
		memset(&u, 0, sizeof(u));
		uname(&u);
		if (!rc && write(p[1], &u, sizeof(u)) != (ssize_t)sizeof(u))
			rc = EIO;
		_exit(rc);
	}
	close(p[1]);
	ssize_t n = read(p[0], out, sizeof(*out));
	close(p[0]);
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	int code = WIFEXITED(st) ? WEXITSTATUS(st) : EIO;
	if (code)
		return vsm_error_sys(err, code, "setting UTS names in the guest's UTS namespace");
	if (n != (ssize_t)sizeof(*out))
		return vsm_error_set(err, EIO, "reading the guest's UTS names");
	return 0;
}

int uname_get(const char *name, char vals[UTAG_COUNT][65], struct vsm_error *err)
{
	pid_t init;
	int pidfd;
	int r = chain_guest_init(name, &init, &pidfd, err);
	if (r < 0)
		return r;
	struct utsname u;
	r = uts_child(pidfd, NULL, NULL, &u, err);
	close(pidfd);
	if (r < 0)
		return r;
	char dir[PATH_MAX];
	vsm_path_guest_conf(vsm_paths(), name, dir, sizeof(dir));
	snprintf(vals[UTAG_CONTEXT], 65, "%s", dir);
	snprintf(vals[UTAG_SYSNAME], 65, "%s", u.sysname);
	snprintf(vals[UTAG_NODENAME], 65, "%s", u.nodename);
	snprintf(vals[UTAG_RELEASE], 65, "%s", u.release);
	snprintf(vals[UTAG_VERSION], 65, "%s", u.version);
	snprintf(vals[UTAG_MACHINE], 65, "%s", u.machine);
	snprintf(vals[UTAG_DOMAINNAME], 65, "%s", u.domainname);
	return 0;
}

int uname_set(const char *name, const bool set[UTAG_COUNT], char vals[UTAG_COUNT][65], bool live,
	      bool config, bool *applied_live, struct vsm_error *err)
{
	*applied_live = false;
	for (int t = UTAG_SYSNAME; t < UTAG_COUNT; t++)
		if (set[t] && t != UTAG_NODENAME && t != UTAG_DOMAINNAME)
			return vsm_error_set(err, EOPNOTSUPP,
					     "%s: a UTS namespace only has its own nodename and "
					     "domainname; %s is the host kernel's (for release, "
					     "personality UNAME26 is all mainline offers)",
					     name, uname_tag_names[t]);
	int r;
	if (config) {
		struct guest_config cfg;
		r = guest_config_load(name, &cfg, CONFIG_LOAD_NO_DEFAULTS, NULL, NULL, err);
		if (r < 0)
			return r;
		char dir[PATH_MAX], path[PATH_MAX + 32];
		vsm_path_guest_conf(vsm_paths(), name, dir, sizeof(dir));
		/* Through the parser: it checks the value the way the loader would. */
		for (int t = UTAG_NODENAME; r == 0 && t <= UTAG_DOMAINNAME; t += UTAG_DOMAINNAME - UTAG_NODENAME) {
			if (!set[t])
				continue;
			char rel[32];
			snprintf(rel, sizeof(rel), "uts/%s", uname_tag_names[t]);
			snprintf(path, sizeof(path), "%s/%s", dir, rel);
			r = guest_config_parse_file(&cfg, rel, path, vals[t], strlen(vals[t]), NULL, NULL,
						    err);
		}
		if (r == 0)
			r = guest_config_save(&cfg, err);
		guest_config_free(&cfg);
		if (r < 0)
			return r;
	}
	if (!live)
		return 0;
	pid_t init;
	int pidfd;
	if (chain_guest_init(name, &init, &pidfd, NULL) < 0)
		return config ? 0 : vsm_error_set(err, ESRCH, "%s: the guest is not running", name);
	struct utsname u;
	r = uts_child(pidfd, set[UTAG_NODENAME] ? vals[UTAG_NODENAME] : NULL,
		      set[UTAG_DOMAINNAME] ? vals[UTAG_DOMAINNAME] : NULL, &u, err);
	close(pidfd);
	if (r == 0)
		*applied_live = true;
	return r;
}
