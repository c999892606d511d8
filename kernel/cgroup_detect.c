/* Which cgroup hierarchies exist: the mode by statfs (systemd's and crun's recipe), the hierarchies
 * from mountinfo (v1 controllers may be mounted one per hierarchy or co-mounted, anywhere). */
#include "kernel/cgroup_internal.h"

#include <errno.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

/* mountinfo escapes space, tab, newline and backslash as \ooo. */
static void unescape(char *s)
{
	char *w = s;
	for (char *p = s; *p; p++) {
		if (p[0] == '\\' && p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7' &&
		    p[3] >= '0' && p[3] <= '7') {
			*w++ = (char)((p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0'));
			p += 3;
		} else {
			*w++ = *p;
		}
	}
	*w = '\0';
}

/* Keep the controller and name= words of v1 super options, dropping rw/ro and mount flags. */
static void v1_controllers(const char *opts, char *out, size_t len)
{
	static const char *const flags[] = { "rw", "ro", "xattr", "noprefix", "clone_children",
					     "cpuset_v2_mode", "favordynmods", "none", "all" };
	size_t o = 0;
	out[0] = '\0';
	for (const char *p = opts; *p;) {
		size_t l = strcspn(p, ",");
		bool keep = l > 0 && strncmp(p, "release_agent=", 14) != 0;
		for (size_t i = 0; keep && i < sizeof(flags) / sizeof(flags[0]); i++)
			if (strlen(flags[i]) == l && strncmp(p, flags[i], l) == 0)
				keep = false;
		if (keep && o + l + 2 < len)
			o += (size_t)snprintf(out + o, len - o, "%s%.*s", o ? "," : "", (int)l, p);
		p += l;
		p += strspn(p, ",");
	}
}

static void v2_controllers(const char *mount, char *out, size_t len)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/cgroup.controllers", mount);
	if (cg_read_path(path, out, len, NULL) < 0)
		out[0] = '\0'; /* a mountinfo sample naming a path that is not here */
}

static int layout_add(struct cg_layout *lay, const char *mount, const char *ctrls, bool v2,
		      struct vsm_error *err)
{
	if (lay->n == CG_MAX_HIERARCHIES)
		return vsm_error_set(err, E2BIG, "more than %d cgroup hierarchies", CG_MAX_HIERARCHIES);
	struct cg_hierarchy *h = &lay->h[lay->n];
	if (snprintf(h->mount, sizeof(h->mount), "%s", mount) >= (int)sizeof(h->mount))
		return vsm_error_set(err, ENAMETOOLONG, "%s: cgroup mount path too long", mount);
	snprintf(h->controllers, sizeof(h->controllers), "%s", ctrls);
	h->v2 = v2;
	lay->n++;
	return 0;
}

struct mount_row {
	char dev[32], mount[4096], fstype[32], opts[512];
};

/* Parse one mountinfo line: "id parent maj:min root mountpoint opts [optional…] - fstype src super". */
static bool parse_row(char *line, struct mount_row *m)
{
	char *save, *f[6] = { 0 };
	int i = 0;
	for (char *t = strtok_r(line, " \n", &save); t; t = i < 6 ? strtok_r(NULL, " \n", &save) : NULL)
		f[i++] = t;
	if (i < 6)
		return false;
	char *t;
	while ((t = strtok_r(NULL, " \n", &save)) && strcmp(t, "-") != 0)
		; /* optional fields */
	char *fstype = strtok_r(NULL, " \n", &save), *src = strtok_r(NULL, " \n", &save);
	char *super = strtok_r(NULL, " \n", &save);
	if (!t || !fstype || !src || !super)
		return false;
	snprintf(m->dev, sizeof(m->dev), "%s", f[2]);
	snprintf(m->mount, sizeof(m->mount), "%s", f[4]);
	unescape(m->mount);
	snprintf(m->fstype, sizeof(m->fstype), "%s", fstype);
	snprintf(m->opts, sizeof(m->opts), "%s", super);
	return true;
}

static bool is_cgroup2(const char *path)
{
	struct statfs sf;
	return statfs(path, &sf) == 0 && sf.f_type == CGROUP2_SUPER_MAGIC;
}

int cg_layout_v2_at(struct cg_layout *lay, const char *dir, struct vsm_error *err)
{
	memset(lay, 0, sizeof(*lay));
	lay->mode = CG_MODE_UNIFIED;
	struct stat st;
	if (stat(dir, &st) < 0)
		return vsm_error_sys(err, errno, "%s: stat", dir);
	char ctrls[128];
	v2_controllers(dir, ctrls, sizeof(ctrls));
	return layout_add(lay, dir, ctrls, true, err);
}

int cg_detect(struct cg_layout *lay, const char *fsroot, const char *mountinfo,
	      struct vsm_error *err)
{
	memset(lay, 0, sizeof(*lay));
	bool sample = mountinfo != NULL;
	if (fsroot && !sample) {
		char probe[4096];
		snprintf(probe, sizeof(probe), "%s/cgroup.controllers", fsroot);
		if (access(probe, F_OK) == 0 && !is_cgroup2(fsroot))
			return cg_layout_v2_at(lay, fsroot, err); /* fixture tree */
	}
	if (!fsroot)
		fsroot = "/sys/fs/cgroup";
	if (!mountinfo)
		mountinfo = "/proc/self/mountinfo";

	FILE *f = fopen(mountinfo, "re");
	if (!f)
		return vsm_error_sys(err, errno, "%s: open", mountinfo);
	char line[8192], seen[CG_MAX_HIERARCHIES][32], v2mount[4096] = "";
	int nseen = 0, r = 0;
	bool v2_at_root = false, any_v1 = false;
	struct mount_row m;
	while (r == 0 && fgets(line, sizeof(line), f)) {
		if (!parse_row(line, &m))
			continue;
		if (strcmp(m.fstype, "cgroup2") == 0) {
			/* Prefer the mount at FSROOT (unified) or FSROOT/unified (hybrid) over others. */
			char hyb[4096];
			snprintf(hyb, sizeof(hyb), "%s/unified", fsroot);
			if (strcmp(m.mount, fsroot) == 0)
				v2_at_root = true;
			if (!v2mount[0] || strcmp(m.mount, fsroot) == 0 || strcmp(m.mount, hyb) == 0)
				snprintf(v2mount, sizeof(v2mount), "%s", m.mount);
			continue;
		}
		if (strcmp(m.fstype, "cgroup") != 0)
			continue;
		/* The same hierarchy bind-mounted twice has one device: keep its first mount. */
		bool dup = false;
		for (int i = 0; i < nseen; i++)
			dup = dup || strcmp(seen[i], m.dev) == 0;
		if (dup)
			continue;
		if (nseen < CG_MAX_HIERARCHIES)
			snprintf(seen[nseen++], sizeof(seen[0]), "%s", m.dev);
		char ctrls[128];
		v1_controllers(m.opts, ctrls, sizeof(ctrls));
		r = layout_add(lay, m.mount, ctrls, false, err);
		any_v1 = true;
	}
	fclose(f);
	if (r < 0)
		return r;

	if (sample) {
		/* A sample file cannot be statfs'd: its mount table decides. */
		lay->mode = v2_at_root || !any_v1 ? CG_MODE_UNIFIED
			    : v2mount[0]	      ? CG_MODE_HYBRID
						      : CG_MODE_LEGACY;
	} else if (is_cgroup2(fsroot)) {
		lay->mode = CG_MODE_UNIFIED;
		snprintf(v2mount, sizeof(v2mount), "%s", fsroot);
	} else {
		char hyb[4096];
		snprintf(hyb, sizeof(hyb), "%s/unified", fsroot);
		lay->mode = is_cgroup2(hyb) ? CG_MODE_HYBRID : CG_MODE_LEGACY;
		if (lay->mode == CG_MODE_HYBRID)
			snprintf(v2mount, sizeof(v2mount), "%s", hyb);
		else
			v2mount[0] = '\0'; /* legacy: v1 only, whatever else is mounted */
	}
	if (lay->mode == CG_MODE_UNIFIED) {
		/* A v1 hierarchy mounted beside a unified root is someone else's business. */
		lay->n = 0;
		if (!v2mount[0])
			return vsm_error_set(err, ENOENT, "%s: no cgroup2 mount in %s", fsroot, mountinfo);
	}
	if (v2mount[0]) {
		char ctrls[128];
		v2_controllers(v2mount, ctrls, sizeof(ctrls));
		r = layout_add(lay, v2mount, ctrls, true, err);
	}
	if (r == 0 && lay->n == 0)
		return vsm_error_set(err, ENOENT, "no cgroup hierarchy mounted (read %s)", mountinfo);
	return r;
}
