/* Proves how interfaces/NN/ become links: host-side names within IFNAMSIZ for both prefixes,
 * shared names sharing a link, effective prefixes, stable MACs, and the config errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "backend/net.h"
#include "backend/paths.h"

static struct guest_iface *add(struct guest_config *cfg, const char *id, const char *ip,
			       const char *name, const char *dev, const char *mode)
{
	cfg->ifaces = realloc(cfg->ifaces, (cfg->n_ifaces + 1) * sizeof(*cfg->ifaces));
	struct guest_iface *f = &cfg->ifaces[cfg->n_ifaces++];
	memset(f, 0, sizeof(*f));
	snprintf(f->id, sizeof(f->id), "%s", id);
	snprintf(f->ip, sizeof(f->ip), "%s", ip);
	f->family = strchr(ip, ':') ? AF_INET6 : AF_INET;
	f->prefix = -1;
	snprintf(f->name, sizeof(f->name), "%s", name);
	snprintf(f->dev, sizeof(f->dev), "%s", dev);
	snprintf(f->mode, sizeof(f->mode), "%s", mode);
	return f;
}

static void test_host_names_fit(void **state)
{
	char buf[32];
	assert_int_equal(vsm_paths_set_root(NULL, NULL), 0);
	unsetenv("VSM_ROOT");
	assert_int_equal(vsm_paths_set_root(NULL, NULL), 0);
	assert_int_equal(net_host_ifname(42, 0, buf, sizeof(buf), NULL), 0);
	assert_string_equal(buf, "vsm42-0");
	assert_int_equal(net_host_ifname(49151, 31, buf, sizeof(buf), NULL), 0);
	assert_true(strlen(buf) <= 15);
	assert_int_equal(vsm_paths_set_root("/nonexistent/vsmtest", NULL), 0);
	for (int ctx = 2; ctx <= 49151; ctx += 997) {
		assert_int_equal(net_host_ifname(ctx, 9, buf, sizeof(buf), NULL), 0);
		assert_true(strlen(buf) <= 15);
		assert_memory_equal(buf, vsm_paths()->ifprefix, strlen(vsm_paths()->ifprefix));
	}
	char a[32], b[32];
	net_host_ifname(40000, 0, a, sizeof(a), NULL);
	net_host_ifname(40000, 1, b, sizeof(b), NULL);
	assert_string_not_equal(a, b);
}

static void test_shared_name_shares_link(void **state)
{
	struct guest_config cfg;
	unsetenv("VSM_ROOT");
	assert_int_equal(vsm_paths_set_root(NULL, NULL), 0);
	guest_config_init(&cfg, "web");
	cfg.context = 42;
	snprintf(cfg.iface_dev, sizeof(cfg.iface_dev), "br0");
	add(&cfg, "00", "192.0.2.10", "eth0", "", "");
	add(&cfg, "01", "2001:db8::10", "eth0", "", "");
	add(&cfg, "02", "192.0.2.11", "", "", "bridge");
	add(&cfg, "03", "10.0.0.1", "", "", "")->nodev = true;
	add(&cfg, "04", "192.0.2.12", "", "", "")->disabled = true;
	struct net_plan p;
	struct vsm_error err = {0};
	assert_int_equal(net_plan_make(&cfg, &p, &err), 0);
	assert_int_equal(p.n_links, 3);
	assert_string_equal(p.links[0].guest_name, "eth0");
	assert_int_equal(p.links[0].n_ifs, 2);
	assert_string_equal(p.links[0].mode, "veth");
	assert_string_equal(p.links[0].dev, "br0");
	/* Unnamed links are numbered among themselves. */
	assert_string_equal(p.links[1].mode, "bridge");
	assert_string_equal(p.links[1].host_name, "vsm42-1");
	assert_string_equal(p.links[1].guest_name, "eth1");
	assert_string_equal(p.links[2].mode, "lo");
	assert_memory_equal(p.links[0].mac, "02:", 3);
	assert_memory_equal(p.links[0].host_mac, "fe:", 3);
	struct net_plan q;
	net_plan_make(&cfg, &q, NULL);
	assert_string_equal(p.links[0].mac, q.links[0].mac);	/* stable */
	guest_config_free(&cfg);
}

static void test_errors(void **state)
{
	struct guest_config cfg;
	struct net_plan p;
	struct vsm_error err = {0};
	guest_config_init(&cfg, "web");
	add(&cfg, "00", "192.0.2.10", "", "", "");
	assert_int_equal(net_plan_make(&cfg, &p, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "static context"));
	cfg.context = 42;
	/* An unnamed interface never takes a name another one asks for... */
	add(&cfg, "01", "2001:db8::10", "eth0", "br0", "macvlan");
	assert_int_equal(net_plan_make(&cfg, &p, &err), 0);
	assert_string_equal(p.links[0].guest_name, "eth1");
	/* ...but two asking for one name with different modes clash. */
	snprintf(cfg.ifaces[0].name, sizeof(cfg.ifaces[0].name), "eth0");
	assert_int_equal(net_plan_make(&cfg, &p, &err), -EEXIST);
	assert_non_null(strstr(err.msg, "interfaces/01"));
	cfg.n_ifaces = 1;
	snprintf(cfg.ifaces[0].mode, sizeof(cfg.ifaces[0].mode), "macvlan");
	assert_int_equal(net_plan_make(&cfg, &p, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "needs a host device"));
	guest_config_free(&cfg);
}

static void test_prefix(void **state)
{
	struct guest_config cfg;
	guest_config_init(&cfg, "web");
	add(&cfg, "00", "192.0.2.10", "", "", "");
	add(&cfg, "01", "2001:db8::10", "", "", "");
	struct guest_iface *v4 = &cfg.ifaces[0], *v6 = &cfg.ifaces[1]; /* after the reallocs */
	assert_int_equal(net_iface_prefix(&cfg, v4), 32);
	assert_int_equal(net_iface_prefix(&cfg, v6), 128);
	cfg.iface_prefix = 64;
	assert_int_equal(net_iface_prefix(&cfg, v4), 32);	/* does not fit IPv4 */
	assert_int_equal(net_iface_prefix(&cfg, v6), 64);
	v4->prefix = 24;
	assert_int_equal(net_iface_prefix(&cfg, v4), 24);
	guest_config_free(&cfg);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Another guest's address and the host's loopback address are refused, naming the owner. */
static void test_config_check_duplicates(void **state)
{
	char root[] = "/tmp/vsm-netplan-XXXXXX", path[256];
	assert_non_null(mkdtemp(root));
	assert_int_equal(vsm_paths_set_root(root, NULL), 0);
	snprintf(path, sizeof(path), "mkdir -p %s/etc/vservers/other/interfaces/00", root);
	assert_int_equal(system(path), 0);
	snprintf(path, sizeof(path), "%s/etc/vservers/other/interfaces/00/ip", root);
	write_file(path, "192.0.2.77\n");
	snprintf(path, sizeof(path), "%s/etc/vservers/other/context", root);
	write_file(path, "43\n");

	struct guest_config cfg;
	struct vsm_error err = {0};
	guest_config_init(&cfg, "web");
	cfg.context = 42;
	add(&cfg, "00", "192.0.2.78", "", "", "");
	assert_int_equal(net_config_check(&cfg, &err), 0);
	add(&cfg, "01", "192.0.2.77", "", "", "");
	assert_int_equal(net_config_check(&cfg, &err), -EEXIST);
	assert_non_null(strstr(err.msg, "already used by guest other"));
	snprintf(cfg.ifaces[1].ip, sizeof(cfg.ifaces[1].ip), "127.0.0.1");
	assert_int_equal(net_config_check(&cfg, &err), -EEXIST);
	assert_non_null(strstr(err.msg, "already the host's, on lo"));
	snprintf(cfg.ifaces[1].ip, sizeof(cfg.ifaces[1].ip), "192.0.2.78");
	assert_int_equal(net_config_check(&cfg, &err), -EEXIST);
	assert_non_null(strstr(err.msg, "configured twice"));
	guest_config_free(&cfg);
	snprintf(path, sizeof(path), "rm -rf %s", root);
	assert_int_equal(system(path), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_host_names_fit),
		cmocka_unit_test(test_shared_name_shares_link),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_prefix),
		cmocka_unit_test(test_config_check_duplicates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
