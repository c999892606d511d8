/* Proves that a config written by vsm reads back identically: every key, set from the struct
 * side and from the file side, survives save+load; saving an unset key removes its file. */
#include "config_fixture.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>

static void assert_list_equal(const struct str_list *a, const struct str_list *b)
{
	assert_int_equal(a->n, b->n);
	for (size_t i = 0; i < a->n; i++)
		assert_string_equal(a->v[i], b->v[i]);
}

/* Field by field, so a failure names the field (and memcmp would compare pointers). */
static void assert_config_equal(const struct guest_config *a, const struct guest_config *b)
{
	assert_string_equal(a->name, b->name);
	assert_string_equal(a->display_name, b->display_name);
	assert_int_equal(a->context, b->context);
	assert_string_equal(a->vdir, b->vdir);
	assert_string_equal(a->run, b->run);
	assert_string_equal(a->cache, b->cache);
	assert_int_equal(a->disabled, b->disabled);
	assert_string_equal(a->uts_nodename, b->uts_nodename);
	assert_string_equal(a->uts_domainname, b->uts_domainname);
	assert_string_equal(a->uts_sysname, b->uts_sysname);
	assert_string_equal(a->uts_release, b->uts_release);
	assert_string_equal(a->uts_version, b->uts_version);
	assert_string_equal(a->uts_machine, b->uts_machine);
	assert_string_equal(a->iface_dev, b->iface_dev);
	assert_int_equal(a->iface_prefix, b->iface_prefix);
	assert_string_equal(a->iface_bcast, b->iface_bcast);
	assert_int_equal(a->n_ifaces, b->n_ifaces);
	if (a->n_ifaces)
		assert_memory_equal(a->ifaces, b->ifaces, a->n_ifaces * sizeof(*a->ifaces));
	assert_list_equal(&a->bcaps, &b->bcaps);
	assert_list_equal(&a->ccaps, &b->ccaps);
	assert_list_equal(&a->cflags, &b->cflags);
	assert_list_equal(&a->nflags, &b->nflags);
	assert_int_equal(a->n_rlimits, b->n_rlimits);
	assert_int_equal(a->n_ulimits, b->n_ulimits);
	/* The saver writes resources in name order: compare as sets. */
	for (int pass = 0; pass < 2; pass++) {
		const struct guest_limit *la = pass ? a->ulimits : a->rlimits;
		const struct guest_limit *lb = pass ? b->ulimits : b->rlimits;
		size_t n = pass ? a->n_ulimits : a->n_rlimits;
		for (size_t i = 0; i < n; i++) {
			size_t j = 0;
			while (j < n && lb[j].resource != la[i].resource)
				j++;
			assert_true(j < n);
			assert_memory_equal(&la[i], &lb[j], sizeof(la[i]));
		}
	}
	assert_int_equal(a->n_knobs, b->n_knobs);
	for (size_t i = 0; i < a->n_knobs; i++) {
		size_t j = 0;
		while (j < b->n_knobs && strcmp(a->knobs[i].name, b->knobs[j].name))
			j++;
		assert_true(j < b->n_knobs);
		assert_string_equal(a->knobs[i].value, b->knobs[j].value);
	}
	assert_memory_equal(&a->cg, &b->cg, sizeof(a->cg));
	assert_int_equal(a->init.style, b->init.style);
	assert_list_equal(&a->init.mark, &b->init.mark);
	assert_list_equal(&a->init.depends, &b->init.depends);
	assert_list_equal(&a->init.killseq, &b->init.killseq);
	assert_list_equal(&a->init.cmd_start, &b->init.cmd_start);
	assert_list_equal(&a->init.cmd_stop, &b->init.cmd_stop);
	assert_list_equal(&a->init.cmd_prepare, &b->init.cmd_prepare);
	assert_list_equal(&a->init.environment, &b->init.environment);
	assert_string_equal(a->init.runlevel, b->init.runlevel);
	assert_string_equal(a->init.runlevel_start, b->init.runlevel_start);
	assert_string_equal(a->init.runlevel_stop, b->init.runlevel_stop);
	assert_int_equal(a->n_fstab, b->n_fstab);
	if (a->n_fstab)
		assert_memory_equal(a->fstab, b->fstab, a->n_fstab * sizeof(*a->fstab));
	assert_memory_equal(a->spaces, b->spaces, sizeof(a->spaces));
	assert_int_equal(a->userns_base, b->userns_base);
	assert_int_equal(a->userns_count, b->userns_count);
	assert_int_equal(a->has_nice, b->has_nice);
	assert_int_equal(a->nice, b->nice);
	assert_list_equal(&a->personality, &b->personality);
}

static void add(struct str_list *l, const char *s)
{
	assert_int_equal(str_list_add(l, s), 0);
}

/* Every key set through the struct, the way the build method and the editor will. */
static void fill_struct(struct guest_config *c)
{
	guest_config_init(c, "rt");
	snprintf(c->display_name, sizeof(c->display_name), "Round trip");
	c->context = 1234;
	snprintf(c->vdir, PATH_MAX, "%s/vservers/rt", fx_root);
	snprintf(c->run, PATH_MAX, "%s/run/vservers/rt", fx_root);
	snprintf(c->cache, PATH_MAX, "%s/var/cache/vservers/rt", fx_root);
	c->disabled = true;
	strcpy(c->uts_nodename, "rt.example");
	strcpy(c->uts_domainname, "example");
	strcpy(c->uts_sysname, "Linux");
	strcpy(c->uts_release, "6.1.0");
	strcpy(c->uts_version, "#1");
	strcpy(c->uts_machine, "x86_64");
	strcpy(c->iface_dev, "br0");
	c->iface_prefix = 24;
	strcpy(c->iface_bcast, "10.1.255.255");
	c->ifaces = calloc(2, sizeof(*c->ifaces));
	c->n_ifaces = 2;
	struct guest_iface *f = &c->ifaces[0];
	strcpy(f->id, "00");
	strcpy(f->ip, "10.1.2.3");
	f->family = AF_INET;
	f->prefix = 16;
	strcpy(f->dev, "eth0");
	strcpy(f->name, "web0");
	strcpy(f->mac, "02:00:00:00:00:01");
	strcpy(f->bcast, "10.1.255.255");
	f->down = true;
	f = &c->ifaces[1];
	strcpy(f->id, "01");
	strcpy(f->ip, "fd00::5");
	f->family = AF_INET6;
	f->prefix = -1;
	f->nodev = f->disabled = true;
	add(&c->bcaps, "NET_RAW");
	add(&c->bcaps, "!KILL");
	add(&c->ccaps, "raw_icmp");
	add(&c->cflags, "virt_uptime");
	add(&c->cflags, "!virt_uptime");
	add(&c->nflags, "hide_lback");
	c->rlimits = calloc(2, sizeof(*c->rlimits));
	c->n_rlimits = 2;
	c->rlimits[0].resource = RLIMIT_NPROC;
	c->rlimits[0].set[LIMIT_SOFT] = c->rlimits[0].set[LIMIT_HARD] = true;
	c->rlimits[0].val[LIMIT_SOFT] = 100;
	c->rlimits[0].val[LIMIT_HARD] = CONFIG_UNLIMITED;
	c->rlimits[1].resource = RLIMIT_RSS;
	c->rlimits[1].set[LIMIT_BOTH] = c->rlimits[1].set[LIMIT_MIN] = true;
	c->rlimits[1].val[LIMIT_BOTH] = 100000;
	c->rlimits[1].val[LIMIT_MIN] = 5000;
	c->ulimits = calloc(1, sizeof(*c->ulimits));
	c->n_ulimits = 1;
	c->ulimits[0].resource = RLIMIT_NOFILE;
	c->ulimits[0].set[LIMIT_BOTH] = true;
	c->ulimits[0].val[LIMIT_BOTH] = 65536;
	c->knobs = calloc(2, sizeof(*c->knobs));
	c->n_knobs = 2;
	strcpy(c->knobs[0].name, "cpuset.cpus");
	strcpy(c->knobs[0].value, "0");
	strcpy(c->knobs[1].name, "io.weight");
	strcpy(c->knobs[1].value, "default 100");
	c->cg = (struct guest_cglimits){
		.memory_max = 1ull << 30, .memory_high = 1ull << 29,
		.memory_swap_max = CONFIG_UNLIMITED, .cpu_quota = CONFIG_UNLIMITED,
		.cpu_period = 50000, .cpu_weight = 50, .pids_max = 500,
		.has_memory_max = true, .has_memory_high = true, .has_memory_swap_max = true,
		.has_cpu_quota = true, .has_cpu_period = true, .has_cpu_weight = true,
		.has_pids_max = true,
	};
	c->init.style = INIT_STYLE_OPENRC;
	add(&c->init.mark, "default");
	add(&c->init.depends, "db");
	add(&c->init.killseq, "12");
	add(&c->init.killseq, "20");
	add(&c->init.killseq, "9");
	add(&c->init.cmd_start, "/sbin/init");
	add(&c->init.cmd_start, "");
	add(&c->init.cmd_start, "# not a comment");
	add(&c->init.cmd_stop, "/sbin/halt");
	add(&c->init.cmd_prepare, "/bin/true");
	add(&c->init.environment, "A=1");
	strcpy(c->init.runlevel, "default");
	strcpy(c->init.runlevel_start, "3");
	strcpy(c->init.runlevel_stop, "0");
	c->fstab = calloc(1, sizeof(*c->fstab));
	c->n_fstab = 1;
	*c->fstab = (struct guest_fstab_entry){ "tmpfs", "/tmp", "tmpfs", "size=16m,mode=1777",
						 0, 2 };
	c->spaces[SPACE_NET].mode = SPACE_HOST;
	c->spaces[SPACE_USER].mode = SPACE_NEW;
	c->spaces[SPACE_UTS].mode = SPACE_SHARE;
	strcpy(c->spaces[SPACE_UTS].share, "db");
	c->userns_base = 1ull << 20;
	c->userns_count = 65536;
	c->has_nice = true;
	c->nice = 0;
	add(&c->personality, "LINUX32");
	add(&c->personality, "UNAME26");
}

static void test_struct_save_load_identical(void **state)
{
	struct guest_config a, b;
	struct vsm_error err = {0};
	fill_struct(&a);
	if (guest_config_save(&a, &err) < 0)
		fail_msg("save: %s", err.msg);
	fx_load("rt", &b);
	assert_config_equal(&a, &b);
	/* uts/sysname, release and version are kept but cannot be applied: said so, once each. */
	assert_int_equal(fx_nwarnings, 3);
	assert_non_null(strstr(fx_warnings, "/rt/uts/release: mainline Linux cannot change"));
	/* And once more: a second save of what was loaded changes nothing. */
	if (guest_config_save(&b, &err) < 0)
		fail_msg("save: %s", err.msg);
	struct guest_config c;
	fx_load("rt", &c);
	assert_config_equal(&a, &c);
	guest_config_free(&a);
	guest_config_free(&b);
	guest_config_free(&c);
}

/* A hand-written util-vserver config: load, save, load gives the same struct. */
static void test_file_load_save_load_identical(void **state)
{
	fx_put("hw/context", "77\n");
	fx_put("hw/interfaces/00/ip", "192.0.2.1\n");
	fx_put("hw/interfaces/00/mask", "255.255.0.0\n");
	fx_put("hw/interfaces/00/dev", "eth0\n");
	fx_put("hw/bcapabilities", "cap_sys_time\n!!NET_RAW\n");
	fx_put("hw/apps/init/killseq", "term\n3\nSIGKILL\n");
	fx_put("hw/apps/init/style", "\n");
	fx_put("hw/cgroup/memory_max", "2G\n");
	fx_put("hw/ulimits/nofile.hard", "INF\n");
	fx_put("hw/fstab", "proc /proc proc defaults\n");
	fx_put("hw/spaces/pid", "\n");
	fx_put("hw/nice", "19\n");
	struct guest_config a, b;
	struct vsm_error err = {0};
	fx_load("hw", &a);
	assert_int_equal(a.ifaces[0].prefix, 16);
	assert_string_equal(a.bcaps.v[1], "NET_RAW");
	if (guest_config_save(&a, &err) < 0)
		fail_msg("save: %s", err.msg);
	fx_load("hw", &b);
	assert_config_equal(&a, &b);
	guest_config_free(&a);
	guest_config_free(&b);
	/* The mask file became a prefix file; the killseq is written with names. */
	char path[PATH_MAX * 2], *text;
	snprintf(path, sizeof(path), "%s/hw/interfaces/00/mask", vsm_paths()->confdir);
	assert_int_equal(access(path, F_OK), -1);
	snprintf(path, sizeof(path), "%s/hw/apps/init/killseq", vsm_paths()->confdir);
	assert_int_equal(fs_read_file_at(AT_FDCWD, path, 100, &text, NULL, NULL), 0);
	assert_string_equal(text, "TERM\n3\nKILL\n");
	free(text);
}

static void test_unset_keys_are_removed(void **state)
{
	struct guest_config a, b;
	struct vsm_error err = {0};
	fill_struct(&a);
	assert_int_equal(guest_config_save(&a, &err), 0);
	guest_config_free(&a);
	fx_put("rt/scripts/pre-start", "#!/bin/sh\n");	/* not ours: kept */
	fx_put("rt/cgroup/name", "x\n");		/* not a knob: kept */
	guest_config_init(&a, "rt");
	strcpy(a.vdir, "/srv/rt");
	a.ifaces = calloc(1, sizeof(*a.ifaces));
	a.n_ifaces = 1;
	strcpy(a.ifaces[0].id, "01");
	strcpy(a.ifaces[0].ip, "fd00::5");
	a.ifaces[0].family = AF_INET6;
	a.ifaces[0].prefix = -1;
	assert_int_equal(guest_config_save(&a, &err), 0);
	fx_load("rt", &b);
	snprintf(a.run, PATH_MAX, "%s", b.run); /* run/cache links were removed: defaults */
	snprintf(a.cache, PATH_MAX, "%s", b.cache);
	assert_config_equal(&a, &b);
	char path[PATH_MAX * 2];
	snprintf(path, sizeof(path), "%s/rt/interfaces/00", vsm_paths()->confdir);
	assert_int_equal(access(path, F_OK), -1);
	snprintf(path, sizeof(path), "%s/rt/scripts/pre-start", vsm_paths()->confdir);
	assert_int_equal(access(path, F_OK), 0);
	snprintf(path, sizeof(path), "%s/rt/cgroup/name", vsm_paths()->confdir);
	assert_int_equal(access(path, F_OK), 0);
	guest_config_free(&a);
	guest_config_free(&b);
}

static void test_save_refuses_invalid(void **state)
{
	struct guest_config a;
	struct vsm_error err = {0};
	guest_config_init(&a, "bad");
	a.context = 1;
	assert_int_equal(guest_config_save(&a, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "/bad/context"));
	guest_config_init(&a, "../x");
	assert_int_equal(guest_config_save(&a, &err), -EINVAL);
	guest_config_free(&a);

	/* Each value goes through the parser before anything is written. */
	static const char *const what[] = {
		"/bad/nice:1: expected an integer -20..19", "/bad/uts/nodename:1: expected a host",
		"/bad/bcapabilities:2: unknown capability", "/bad/cflags:1: ",
		"/bad/apps/init/killseq:1: expected a signal", "/bad/interfaces/x y/ip",
		"/bad/cgroup/frob.x", "/bad/vdir", "/bad/fstab:1: expected an absolute mount",
	};
	for (size_t i = 0; i < sizeof(what) / sizeof(what[0]); i++) {
		guest_config_init(&a, "bad");
		switch (i) {
		case 0: a.has_nice = true; a.nice = 100; break;
		case 1: strcpy(a.uts_nodename, "a b"); break;
		case 2: str_list_add(&a.bcaps, "KILL"); str_list_add(&a.bcaps, "FLY"); break;
		case 3: str_list_add(&a.cflags, "virt_mem"); break;
		case 4: str_list_add(&a.init.killseq, "0"); break;
		case 5:
			a.ifaces = calloc(1, sizeof(*a.ifaces));
			a.n_ifaces = 1;
			strcpy(a.ifaces[0].id, "x y");
			strcpy(a.ifaces[0].ip, "10.0.0.1");
			break;
		case 6:
			a.knobs = calloc(1, sizeof(*a.knobs));
			a.n_knobs = 1;
			strcpy(a.knobs[0].name, "frob.x");
			strcpy(a.knobs[0].value, "1");
			break;
		case 7: strcpy(a.vdir, "relative"); break;
		case 8:
			a.fstab = calloc(1, sizeof(*a.fstab));
			a.n_fstab = 1;
			*a.fstab = (struct guest_fstab_entry){ "x", "../etc", "none", "bind", 0, 0 };
			break;
		}
		assert_int_equal(guest_config_save(&a, &err), -EINVAL);
		if (!strstr(err.msg, what[i]))
			fail_msg("case %zu: '%s' lacks '%s'", i, err.msg, what[i]);
		guest_config_free(&a);
		char path[PATH_MAX * 2];
		snprintf(path, sizeof(path), "%s/bad", vsm_paths()->confdir);
		assert_int_equal(access(path, F_OK), -1); /* nothing was written */
	}
}

/* The writes are atomic: nothing but the final files is left in the directory. */
static void test_save_leaves_no_temporaries(void **state)
{
	struct guest_config a;
	struct vsm_error err = {0};
	fill_struct(&a);
	assert_int_equal(guest_config_save(&a, &err), 0);
	guest_config_free(&a);
	char cmd[PATH_MAX * 2];
	snprintf(cmd, sizeof(cmd), "find %s -name '*.tmp*' | grep -q .", fx_root);
	assert_int_not_equal(system(cmd), 0);
}

/* The editor's path: visit lists every set key as file text, get returns one, and parsing each
 * visited text into a fresh struct (what `set` does) rebuilds the same config. */
static int rebuild(void *ctx, const char *rel, const char *text, size_t len, bool link,
		   struct vsm_error *err)
{
	struct guest_config *c = ctx;
	if (link) {
		char *field = !strcmp(rel, "vdir") ? c->vdir : !strcmp(rel, "run") ? c->run : c->cache;
		snprintf(field, PATH_MAX, "%.*s", (int)len, text);
		return 0;
	}
	return guest_config_parse_file(c, rel, rel, text, len, NULL, NULL, err);
}

static void test_visit_and_get(void **state)
{
	struct guest_config a, b;
	struct vsm_error err = {0};
	fill_struct(&a);
	guest_config_init(&b, "rt");
	if (guest_config_visit(&a, rebuild, &b, &err) < 0)
		fail_msg("visit: %s", err.msg);
	assert_config_equal(&a, &b);
	char *text;
	assert_int_equal(guest_config_get_file(&a, "nice", &text, &err), 0);
	assert_string_equal(text, "0\n");
	free(text);
	assert_int_equal(guest_config_get_file(&a, "interfaces/00/prefix", &text, &err), 0);
	assert_string_equal(text, "16\n");
	free(text);
	assert_int_equal(guest_config_get_file(&a, "cgroup/cpu_quota", &text, &err), 0);
	assert_string_equal(text, "max\n");
	free(text);
	assert_int_equal(guest_config_get_file(&a, "apps/init/killseq", &text, &err), 0);
	assert_string_equal(text, "USR2\n20\nKILL\n");
	free(text);
	assert_int_equal(guest_config_get_file(&a, "spaces/user", &text, &err), 0);
	assert_string_equal(text, "");
	free(text);
	assert_int_equal(guest_config_get_file(&a, "vdir", &text, &err), 0);
	assert_string_equal(text, a.vdir);
	free(text);
	assert_int_equal(guest_config_get_file(&a, "spaces/pid", &text, &err), -ENOENT);
	assert_null(text);
	assert_int_equal(guest_config_get_file(&a, "frob", &text, &err), -ENOENT);
	/* Nothing reached the disk. */
	char path[PATH_MAX * 2];
	snprintf(path, sizeof(path), "%s/rt", vsm_paths()->confdir);
	assert_int_equal(access(path, F_OK), -1);
	guest_config_free(&a);
	guest_config_free(&b);
}

static int collect(void *ctx, const char *rel, const char *text, size_t len, bool link,
		   struct vsm_error *err)
{
	assert_int_equal(str_list_add(ctx, rel), 0);
	return 0;
}

/* Every file a config renders to can be unset one by one, until nothing is left. */
static void test_unset_every_key(void **state)
{
	struct guest_config a;
	struct str_list rels = {0};
	struct vsm_error err = {0};
	fill_struct(&a);
	assert_int_equal(guest_config_visit(&a, collect, &rels, &err), 0);
	assert_true(rels.n > 60);
	for (size_t i = 0; i < rels.n; i++) {
		char *text;
		if (guest_config_unset_file(&a, rels.v[i], &err) < 0)
			fail_msg("unset %s: %s", rels.v[i], err.msg);
		if (guest_config_get_file(&a, rels.v[i], &text, &err) != -ENOENT)
			fail_msg("%s still set after unset", rels.v[i]);
	}
	str_list_free(&rels);
	assert_int_equal(guest_config_visit(&a, collect, &rels, &err), 0);
	/* Only the interface directories remain (their ids), with no files. */
	assert_int_equal(rels.n, 0);
	assert_int_equal(a.n_ifaces, 2);
	assert_int_equal(guest_config_unset_file(&a, "interfaces/00", &err), 0);
	assert_int_equal(guest_config_unset_file(&a, "interfaces/00", &err), -ENOENT);
	assert_int_equal(a.n_ifaces, 1);
	assert_string_equal(a.ifaces[0].id, "01");
	assert_int_equal(guest_config_unset_file(&a, "frob", &err), -ENOENT);
	assert_int_equal(guest_config_unset_file(&a, "sched/fill-rate", &err), -ENOENT);
	assert_int_equal(a.n_rlimits + a.n_ulimits + a.n_knobs + a.n_fstab, 0);
	str_list_free(&rels);
	guest_config_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_struct_save_load_identical, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_file_load_save_load_identical, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_unset_keys_are_removed, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_save_refuses_invalid, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_save_leaves_no_temporaries, fx_setup,
						fx_teardown),
		cmocka_unit_test_setup_teardown(test_visit_and_get, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_unset_every_key, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
