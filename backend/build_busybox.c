/* Method `busybox`: the skeleton plus Debian's busybox-static binary, its applet links and an
 * inittab, so busybox init boots the guest, runs syslogd, crond and httpd, and stops cleanly
 * (SIGUSR2: power off; SIGTERM would reboot it). No network needed: the demo and test guest. */
#include "backend/build_exec.h"
#include "backend/build_method.h"
#include "backend/fsutil.h"

#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const busybox_candidates[] = { "/bin/busybox", "/usr/bin/busybox", NULL };

static const char inittab[] =
	"# busybox init of a vsm guest (written by vsm build -m busybox).\n"
	"# SIGUSR2 (the first signal of apps/init/killseq) powers off; SIGTERM reboots.\n"
	"::sysinit:/etc/init.d/rcS\n"
	"::respawn:/sbin/syslogd -n -O /var/log/messages\n"
	"::respawn:/usr/sbin/crond -f -c /var/spool/cron/crontabs\n"
	"::respawn:/usr/sbin/httpd -f -p 80 -h /var/www\n"
	"::shutdown:/etc/init.d/rcK\n";

static const char rcS[] =
	"#!/bin/sh\n"
	"# Boot script of a vsm busybox guest: the host has mounted /proc, /sys and /dev.\n"
	"PATH=/sbin:/bin:/usr/sbin:/usr/bin\n"
	"export PATH\n"
	"mkdir -p /run /var/log /var/spool/cron/crontabs\n"
	"ip link set lo up 2>/dev/null || ifconfig lo 127.0.0.1 up 2>/dev/null\n"
	"date +%s >/run/booted\n"
	"echo \"vsm busybox guest $(hostname) up\"\n";

static const char rcK[] =
	"#!/bin/sh\n"
	"# Shutdown script of a vsm busybox guest; busybox init then signals every process.\n"
	"echo \"vsm busybox guest $(hostname) stopping\"\n"
	"rm -f /run/booted\n";

static const char crontab[] =
	"# A heartbeat proving crond runs.\n"
	"* * * * * date +\\%s >/var/log/heartbeat\n";

static const char profile[] =
	"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n"
	"export PATH\n"
	"PS1='\\u@\\h:\\w\\$ '\n";

static const char index_html[] =
	"<html><body><h1>vsm busybox guest</h1><p>Served by busybox httpd inside the guest.</p>"
	"</body></html>\n";

/* A busybox is usable only if statically linked: the guest has no libc. */
static bool elf_is_static(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	Elf64_Ehdr eh;
	bool ok = false;
	if (pread(fd, &eh, sizeof(eh), 0) == sizeof(eh) && !memcmp(eh.e_ident, ELFMAG, SELFMAG) &&
	    eh.e_ident[EI_CLASS] == ELFCLASS64 && eh.e_phentsize == sizeof(Elf64_Phdr)) {
		ok = true;
		for (int i = 0; i < eh.e_phnum && ok; i++) {
			Elf64_Phdr ph;
			if (pread(fd, &ph, sizeof(ph), (off_t)(eh.e_phoff + (size_t)i * sizeof(ph))) !=
			    sizeof(ph) || ph.p_type == PT_INTERP)
				ok = false;
		}
	}
	close(fd);
	return ok;
}

static int busybox_find(char *buf, size_t len, struct vsm_error *err)
{
	const char *env = getenv("VSM_BUSYBOX");
	if (env && *env) {
		if (!elf_is_static(env))
			return vsm_error_set(err, ENOEXEC, "VSM_BUSYBOX=%s: not a statically linked "
					     "64-bit ELF program", env);
		snprintf(buf, len, "%s", env);
		return 0;
	}
	for (size_t i = 0; busybox_candidates[i]; i++) {
		if (elf_is_static(busybox_candidates[i])) {
			snprintf(buf, len, "%s", busybox_candidates[i]);
			return 0;
		}
	}
	return vsm_error_set(err, ENOENT, "no statically linked busybox in /bin or /usr/bin: "
			     "install Debian's busybox-static package (apt-get install busybox-static)");
}

struct busybox_state {
	char path[PATH_MAX];
};

static int busybox_parse(struct build_ctx *c, int argc, char **argv, struct vsm_error *err)
{
	if (argc > 0)
		return vsm_error_set(err, EINVAL, "method busybox takes no arguments after --, got '%s'",
				     argv[0]);
	struct busybox_state *s = calloc(1, sizeof(*s));
	if (!s)
		return vsm_error_set(err, ENOMEM, "out of memory");
	c->mdata = s;
	return busybox_find(s->path, sizeof(s->path), err);
}

static void busybox_release(struct build_ctx *c)
{
	free(c->mdata);
	c->mdata = NULL;
}

static int copy_fd(int in, int out)
{
	char buf[65536];
	for (;;) {
		ssize_t n = read(in, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : 0;
		for (ssize_t o = 0; o < n;) {
			ssize_t w = write(out, buf + o, (size_t)(n - o));
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0)
				return -errno;
			o += w;
		}
	}
}

static int busybox_install_binary(struct build_ctx *c, const char *src, struct vsm_error *err)
{
	int in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return vsm_error_sys(err, errno, "open %s", src);
	int out = fs_open_in_root(c->rootfd, "bin/busybox", O_WRONLY | O_CREAT | O_EXCL, 0755, err);
	if (out < 0) {
		close(in);
		return out;
	}
	int r = copy_fd(in, out);
	if (r == 0 && fchmod(out, 0755) < 0)
		r = -errno;
	close(in);
	if (close(out) < 0 && r == 0)
		r = -errno;
	return r < 0 ? vsm_error_sys(err, -r, "copy %s into the guest's /bin/busybox", src) : 0;
}

struct applet_ctx {
	struct build_ctx *c;
	struct vsm_error *err;
	int r;
	int count;
};

/* One line of `busybox --list-full`, e.g. "usr/bin/wget": link it to /bin/busybox. */
static void applet_link(void *user, const char *line)
{
	struct applet_ctx *a = user;
	if (a->r < 0 || line[0] == '/' || strstr(line, "..") || !strchr(line, '/'))
		return;	/* "linuxrc" and anything odd stay out */
	if (!strcmp(line, "bin/busybox"))
		return;
	struct vsm_error e = {0};
	int r = build_root_symlink(a->c, "/bin/busybox", line, &e);
	if (r < 0 && e.code != EEXIST) {
		if (a->err)
			*a->err = e;
		a->r = r;
	} else if (r == 0) {
		a->count++;
	}
}

static int busybox_populate(struct build_ctx *c, struct vsm_error *err)
{
	struct busybox_state *s = c->mdata;
	int r = build_skeleton_populate(c, err);
	if (r < 0)
		return r;
	if ((r = busybox_install_binary(c, s->path, err)) < 0)
		return r;
	build_report(c, "busybox", 30, "installed %s as /bin/busybox", s->path);
	struct applet_ctx a = { .c = c, .err = err };
	char *argv[] = { s->path, "--list-full", NULL };
	struct build_cmd cmd = { .argv = argv, .line = applet_link, .user = &a };
	if ((r = build_exec(&cmd, err)) < 0)
		return r;
	if (a.r < 0)
		return a.r;
	build_report(c, "busybox", 60, "linked %d applets", a.count);
	static const struct {
		const char *path;
		const char *text;
		mode_t mode;
	} files[] = {
		{ "etc/inittab", inittab, 0644 },
		{ "etc/init.d/rcS", rcS, 0755 },
		{ "etc/init.d/rcK", rcK, 0755 },
		{ "etc/profile", profile, 0644 },
		{ "var/spool/cron/crontabs/root", crontab, 0600 },
		{ "var/www/index.html", index_html, 0644 },
	};
	if ((r = build_root_mkdir(c, "var/spool/cron/crontabs", 0755, err)) < 0 ||
	    (r = build_root_mkdir(c, "var/www", 0755, err)) < 0)
		return r;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if ((r = build_root_write(c, files[i].path, files[i].text, files[i].mode, err)) < 0)
			return r;
	build_report(c, "busybox", 90, "inittab, boot scripts and daemons configured");
	return 0;
}

const struct build_method build_method_busybox = {
	.name = "busybox",
	/* busybox init is a real init: it runs as the guest's PID 1 (util-vserver's "plain"). */
	.initstyle = "plain",
	.killseq = "USR2\n10\nKILL\n",
	.parse = busybox_parse,
	.populate = busybox_populate,
	.release = busybox_release,
};
