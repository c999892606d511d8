/* vapt-get's preparation (see apt_unshare.h). apt's simulation names the packages; dpkg's file
 * lists, read on the host side inside the guest root, name their files. */
#include "backend/apt_unshare.h"
#include "backend/exec.h"
#include "backend/unify.h"
#include "backend/unify_file.h"
#include "backend/unify_guest.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define SIM_MAX (16u << 20)
#define LIST_MAX (64u << 20)

int apt_sim_parse(const char *text, size_t len, apt_pkg_fn fn, void *user)
{
	const char *p = text, *end = text + len;
	int count = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *s = p;
		p = nl ? nl + 1 : end;
		if ((size_t)(le - s) < 6 || (strncmp(s, "Inst ", 5) && strncmp(s, "Remv ", 5) &&
					      strncmp(s, "Purg ", 5)))
			continue;
		s += 5;
		const char *e = s;
		while (e < le && *e != ' ' && *e != '\t' && *e != '\r')
			e++;
		char pkg[256];
		size_t n = (size_t)(e - s);
		if (n == 0 || n >= sizeof(pkg))
			continue;
		memcpy(pkg, s, n);
		pkg[n] = '\0';
		/* A package name is [a-z0-9.+-] (plus ":arch"); anything else is not a name. */
		if (strspn(pkg, "abcdefghijklmnopqrstuvwxyz0123456789.+-:") != n)
			continue;
		int r = fn(pkg, user);
		if (r < 0)
			return r;
		count++;
	}
	return count;
}

static int read_fd_all(int fd, size_t max, char **out, size_t *len)
{
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (n == cap) {
			if (cap >= max) {
				free(buf);
				return -EFBIG;
			}
			char *nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				return -ENOMEM;
			}
			buf = nb;
			cap *= 2;
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			free(buf);
			return -e;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	*out = buf;
	*len = n;
	return 0;
}

static int list_feed(int fd, apt_path_fn fn, void *user)
{
	char *buf;
	size_t len;
	int r = read_fd_all(fd, LIST_MAX, &buf, &len);
	if (r < 0)
		return r;
	int count = 0;
	for (char *p = buf, *end = buf + len; p < end && r >= 0;) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *le = nl ? nl : end;
		*le = '\0';
		if (*p == '/' && p[1]) {
			r = fn(p, user);
			count++;
		}
		p = le + 1;
	}
	free(buf);
	return r < 0 ? r : count;
}

int apt_pkg_files(int rootfd, const char *pkg, apt_path_fn fn, void *user, struct vsm_error *err)
{
	if (strchr(pkg, '/') || pkg[0] == '.')
		return vsm_error_set(err, EINVAL, "'%s' is not a package name", pkg);
	int dfd = unify_open_strict(rootfd, "/var/lib/dpkg/info", O_RDONLY | O_DIRECTORY);
	if (dfd < 0)
		return dfd == -ENOENT ? 0 : vsm_error_sys(err, -dfd, "/var/lib/dpkg/info: open");
	DIR *d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		return vsm_error_sys(err, errno, "/var/lib/dpkg/info: opendir");
	}
	size_t pl = strlen(pkg);
	bool qualified = strchr(pkg, ':') != NULL;
	int total = 0, r = 0;
	struct dirent *de;
	while (r >= 0 && (de = readdir(d))) {
		const char *n = de->d_name;
		size_t nl = strlen(n);
		/* PKG.list, or PKG:ARCH.list when the name was given without its arch. */
		if (nl < 6 || strcmp(n + nl - 5, ".list") || strncmp(n, pkg, pl) ||
		    !(n[pl] == '.' ? nl == pl + 5 : (!qualified && n[pl] == ':')))
			continue;
		int fd = openat(dirfd(d), n, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		struct stat st;
		if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
			if (fd >= 0)
				close(fd);
			continue;
		}
		r = list_feed(fd, fn, user);
		close(fd);
		if (r > 0)
			total += r;
	}
	closedir(d);
	if (r < 0)
		return vsm_error_sys(err, -r, "/var/lib/dpkg/info/%s.list", pkg);
	return total;
}

/* Run apt-get with ARGS (after PREFIX args) in guest NAME from a child, stdout to OUTFD when
 * >= 0. guest_exec joins the guest's namespaces for good, hence the fork. */
static pid_t spawn_apt(const char *name, const char *prefix, char *const args[], int outfd)
{
	size_t n = 0;
	while (args[n])
		n++;
	char **argv = calloc(n + 3, sizeof(*argv));
	if (!argv)
		return -ENOMEM;
	size_t k = 0;
	argv[k++] = "apt-get";
	if (prefix)
		argv[k++] = (char *)prefix;
	for (size_t i = 0; i < n; i++)
		argv[k++] = args[i];
	pid_t pid = fork();
	if (pid == 0) {
		if (outfd >= 0) {
			dup2(outfd, 1);
			close(outfd);
			int nul = open("/dev/null", O_RDONLY);
			if (nul >= 0)
				dup2(nul, 0);
		}
		int status = 127;
		struct vsm_error e = {0};
		if (guest_exec(name, argv, &status, &e) < 0) {
			dprintf(2, "%s: %s\n", name, e.msg);
			_exit(126);
		}
		_exit(status > 255 ? 255 : status);
	}
	free(argv);
	return pid < 0 ? -errno : pid;
}

static int wait_status(pid_t pid)
{
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return 255;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int apt_run(const char *name, char *const args[], int *status, struct vsm_error *err)
{
	pid_t pid = spawn_apt(name, NULL, args, -1);
	if (pid < 0)
		return vsm_error_sys(err, (int)-pid, "%s: fork", name);
	*status = wait_status(pid);
	return 0;
}

struct collect {
	char **v;
	size_t n, cap;
};

static int collect_add(const char *s, void *user)
{
	struct collect *c = user;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 256;
		char **v = realloc(c->v, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		c->v = v;
		c->cap = cap;
	}
	if (!(c->v[c->n] = strdup(s)))
		return -ENOMEM;
	c->n++;
	return 0;
}

static void collect_free(struct collect *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i]);
	free(c->v);
}

int apt_unshare_for(const char *name, char *const args[], bool dry, unsigned long *files,
		    unsigned long *pkgs, struct vsm_error *err)
{
	*files = *pkgs = 0;
	/* A simulation asked for by the caller changes nothing: nothing to un-share. */
	static const char *const sim[] = { "-s", "--simulate", "--just-print", "--dry-run",
					   "--recon", "--no-act", NULL };
	for (size_t i = 0; args[i]; i++)
		for (size_t k = 0; sim[k]; k++)
			if (!strcmp(args[i], sim[k]))
				return 0;
	int pfd[2];
	if (pipe2(pfd, O_CLOEXEC) < 0)
		return vsm_error_sys(err, errno, "pipe");
	pid_t pid = spawn_apt(name, "-s", args, pfd[1]);
	close(pfd[1]);
	if (pid < 0) {
		close(pfd[0]);
		return vsm_error_sys(err, (int)-pid, "%s: fork", name);
	}
	char *out = NULL;
	size_t len = 0;
	int r = read_fd_all(pfd[0], SIM_MAX, &out, &len);
	close(pfd[0]);
	int st = wait_status(pid);
	if (r < 0)
		return vsm_error_sys(err, -r, "%s: apt-get -s output", name);
	struct collect p = {0}, f = {0};
	if (st != 0) {
		/* Not an install/remove (update, clean, ...) or a failing request: nothing to
		 * prepare; the real run reports apt's own error. */
		free(out);
		return 0;
	}
	r = apt_sim_parse(out, len, collect_add, &p);
	free(out);
	if (r < 0) {
		collect_free(&p);
		return vsm_error_sys(err, -r, "%s: apt-get -s output", name);
	}
	*pkgs = p.n;
	if (p.n == 0) {
		collect_free(&p);
		return 0;
	}
	r = 0;
	int rootfd = unify_guest_rootfd(name, err);
	if (rootfd < 0) {
		collect_free(&p);
		return rootfd;
	}
	for (size_t i = 0; i < p.n && r >= 0; i++)
		r = apt_pkg_files(rootfd, p.v[i], collect_add, &f, err);
	close(rootfd);
	if (r >= 0)
		r = unify_unshare_paths(name, (const char *const *)f.v, f.n, dry, files, err);
	collect_free(&p);
	collect_free(&f);
	return r < 0 ? r : 0;
}
