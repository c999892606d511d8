/* Wizard steps 5-9: network, resources, capabilities and flags, init and autostart, summary. */
#include <arpa/inet.h>
#include <newt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "backend/build_command.h"
#include "backend/cgroup_limits.h"
#include "backend/config.h"
#include "backend/host_info.h"
#include "backend/net.h"
#include "tui/wizard.h"

/* Index 0 leaves the choice to the build method (busybox: its own init; debootstrap: sysv). */
const char *const wizard_init_styles[] = { "(the method's default)", "plain", "sysv", "minit",
					    "gentoo", "openrc", "arch", NULL };

static char verdict[300];
static newtComponent e1, e2, e3, e4, lb, cb[6];

static void copy_entry(char *dst, size_t len, newtComponent e)
{
	snprintf(dst, len, "%s", newtEntryGetValue(e));
}

/* --- network ------------------------------------------------------------------------------ */

static char devs[32][HOST_DEV_NAME];
static int ndevs;

static const char *net_validate(struct wizard *w)
{
	long i = (long)newtListboxGetCurrent(lb);
	snprintf(w->dev, sizeof(w->dev), "%s", i > 0 && i <= ndevs ? devs[i - 1] : "");
	copy_entry(w->ip, sizeof(w->ip), e1);
	copy_entry(w->prefix, sizeof(w->prefix), e2);
	if (!w->ip[0])
		return NULL;	/* no interface: loopback only */
	unsigned char buf[16];
	int fam = inet_pton(AF_INET, w->ip, buf) == 1 ? AF_INET :
		  inet_pton(AF_INET6, w->ip, buf) == 1 ? AF_INET6 : 0;
	if (!fam) {
		snprintf(verdict, sizeof(verdict), "address '%.64s' is not an IPv4 or IPv6 address",
			 w->ip);
		return verdict;
	}
	char *end;
	long p = strtol(w->prefix, &end, 10);
	int max = fam == AF_INET ? 32 : 128;
	if (!w->prefix[0] || *end || p < 1 || p > max) {
		snprintf(verdict, sizeof(verdict), "prefix: expected 1..%d for this address", max);
		return verdict;
	}
	struct guest_iface g;
	memset(&g, 0, sizeof(g));
	snprintf(g.id, sizeof(g.id), "00");
	snprintf(g.ip, sizeof(g.ip), "%s", w->ip);
	g.family = fam;
	g.prefix = (int)p;
	struct vsm_error err = { 0 };
	if (net_check_duplicates(w->name, &g, 1, &err) < 0) {
		snprintf(verdict, sizeof(verdict), "%s", err.msg);
		return verdict;
	}
	return NULL;
}

enum wiz_result wizard_step_network(struct wizard *w)
{
	struct wiz_frame f;
	wiz_frame_open(&f, 5, "Network",
		       "One interface for the guest (more can be added in the attribute editor). "
		       "With no host device the guest gets a routed veth pair; with a device, its "
		       "address is reached through it. Leave the address empty for loopback only.\n\n"
		       "An address another guest or the host already has is refused.", NULL);
	struct vsm_error err = { 0 };
	ndevs = host_devices_list(devs, 32, &err);
	if (ndevs < 0)
		ndevs = 0;
	newtFormAddComponent(f.form, newtLabel(1, 2, "Host device:"));
	lb = newtListbox(1, 3, 7, NEWT_FLAG_BORDER | NEWT_FLAG_SCROLL);
	newtListboxSetWidth(lb, 26);
	newtListboxAppendEntry(lb, "(none: routed veth)", (void *)0L);
	int cur = 0;
	for (long i = 0; i < ndevs; i++) {
		newtListboxAppendEntry(lb, devs[i], (void *)(i + 1));
		if (w->dev[0] && !strcmp(w->dev, devs[i]))
			cur = (int)i + 1;
	}
	newtListboxSetCurrent(lb, cur);
	newtFormAddComponent(f.form, newtLabel(30, 2, "IPv4/IPv6 address (empty: none):"));
	e1 = newtEntry(30, 3, w->ip, 40, NULL, NEWT_FLAG_SCROLL | NEWT_FLAG_RETURNEXIT);
	newtFormAddComponent(f.form, newtLabel(30, 5, "Prefix length:"));
	if (!w->prefix[0])
		snprintf(w->prefix, sizeof(w->prefix), "24");
	e2 = newtEntry(46, 5, w->prefix, 5, NULL, NEWT_FLAG_RETURNEXIT);
	newtFormAddComponents(f.form, lb, e1, e2, NULL);
	enum wiz_result r = wiz_frame_run(&f, net_validate, w);
	if (r == WIZ_BACK)
		net_validate(w);
	wiz_frame_close(&f);
	return r;
}

/* --- resources ---------------------------------------------------------------------------- */

static const char *size_problem(const char *s, const char *what, uint64_t min)
{
	uint64_t v;
	if (!*s)
		return NULL;
	if (guest_limits_parse(s, &v) < 0) {
		snprintf(verdict, sizeof(verdict), "%s: '%.40s' is not a size (digits with K, M, G "
			 "or T, or max)", what, s);
		return verdict;
	}
	if (v != CGL_MAX && v < min) {
		snprintf(verdict, sizeof(verdict), "%s: at least %llu", what,
			 (unsigned long long)min);
		return verdict;
	}
	return NULL;
}

static const char *range_problem(const char *s, const char *what, long lo, long hi)
{
	char *end;
	if (!*s)
		return NULL;
	long v = strtol(s, &end, 10);
	if (*end || v < lo || v > hi) {
		snprintf(verdict, sizeof(verdict), "%s: expected a number %ld..%ld", what, lo, hi);
		return verdict;
	}
	return NULL;
}

static const char *res_validate(struct wizard *w)
{
	copy_entry(w->memory, sizeof(w->memory), e1);
	copy_entry(w->cpu_percent, sizeof(w->cpu_percent), e2);
	copy_entry(w->cpu_weight, sizeof(w->cpu_weight), e3);
	copy_entry(w->pids, sizeof(w->pids), e4);
	const char *p = size_problem(w->memory, "memory", 4 << 20);
	if (!p)
		p = range_problem(w->cpu_percent, "CPU quota", 1, 100000);
	if (!p)
		p = range_problem(w->cpu_weight, "CPU weight", 1, 10000);
	if (!p && strcmp(w->pids, "max"))
		p = range_problem(w->pids, "max processes", 1, 4194304);
	return p;
}

enum wiz_result wizard_step_resources(struct wizard *w)
{
	struct wiz_frame f;
	wiz_frame_open(&f, 6, "Resources",
		       "Limits for the guest's cgroup; empty means no limit.\n\nMemory: bytes with "
		       "K, M, G (memory.max / memory.limit_in_bytes). CPU quota: percent of one CPU "
		       "(200 = two CPUs). CPU weight: 1..10000, 100 is the default share. Max "
		       "processes: pids.max.\n\nAll of these can be changed on a running guest in "
		       "the attribute editor.", NULL);
	struct host_totals t;
	struct vsm_error err = { 0 };
	char host[120] = "Host: unknown";
	if (host_totals_read(&t, &err) == 0)
		snprintf(host, sizeof(host), "Host: %llu MiB memory, %d CPUs, pid_max %llu",
			 (unsigned long long)(t.mem_bytes >> 20), t.cpus,
			 (unsigned long long)t.pid_max);
	newtFormAddComponent(f.form, newtLabel(1, 2, host));
	newtFormAddComponent(f.form, newtLabel(1, 4, "Memory limit:"));
	e1 = newtEntry(26, 4, w->memory, 12, NULL, NEWT_FLAG_RETURNEXIT);
	newtFormAddComponent(f.form, newtLabel(40, 4, "e.g. 256M"));
	newtFormAddComponent(f.form, newtLabel(1, 6, "CPU quota (% of a CPU):"));
	e2 = newtEntry(26, 6, w->cpu_percent, 8, NULL, NEWT_FLAG_RETURNEXIT);
	newtFormAddComponent(f.form, newtLabel(1, 8, "CPU weight (1..10000):"));
	e3 = newtEntry(26, 8, w->cpu_weight, 8, NULL, NEWT_FLAG_RETURNEXIT);
	newtFormAddComponent(f.form, newtLabel(1, 10, "Max processes:"));
	e4 = newtEntry(26, 10, w->pids, 8, NULL, NEWT_FLAG_RETURNEXIT);
	newtFormAddComponents(f.form, e1, e2, e3, e4, NULL);
	enum wiz_result r = wiz_frame_run(&f, res_validate, w);
	if (r == WIZ_BACK)
		res_validate(w);
	wiz_frame_close(&f);
	return r;
}

/* --- capabilities and flags --------------------------------------------------------------- */

static const char *caps_validate(struct wizard *w)
{
	w->cap_net_raw = newtCheckboxGetValue(cb[0]) == '*';
	w->cap_net_admin = newtCheckboxGetValue(cb[1]) == '*';
	w->cap_sys_time = newtCheckboxGetValue(cb[2]) == '*';
	w->cap_sys_ptrace = newtCheckboxGetValue(cb[3]) == '*';
	w->flag_no_new_privs = newtCheckboxGetValue(cb[4]) == '*';
	w->flag_virt_uptime = newtCheckboxGetValue(cb[5]) == '*';
	return NULL;
}

enum wiz_result wizard_step_caps(struct wizard *w)
{
	struct wiz_frame f;
	wiz_frame_open(&f, 7, "Capabilities and flags",
		       "The default bounding set (util-vserver's secure set without DAC_READ_SEARCH "
		       "and SYS_PTRACE) is enough for ordinary services. Each addition is written "
		       "to bcapabilities.\n\nNET_RAW: raw sockets (ping works without it). "
		       "NET_ADMIN: configure the guest's own interfaces, routes, firewall. "
		       "SYS_TIME: set the clock - of the whole host. SYS_PTRACE: trace processes; it "
		       "bypasses the guard when a host process enters the guest.", NULL);
	newtFormAddComponent(f.form, newtLabel(1, 2, "Default: CHOWN DAC_OVERRIDE FOWNER FSETID KILL "
				  "SETGID SETUID SETPCAP"));
	newtFormAddComponent(f.form, newtLabel(1, 3, "  NET_BIND_SERVICE SYS_CHROOT SYS_TTY_CONFIG "
				  "LEASE SETFCAP AUDIT_WRITE SYS_BOOT"));
	static const char *const text[6] = {
		"NET_RAW     raw sockets: packet capture, spoofing",
		"NET_ADMIN   own interfaces, routes and firewall",
		"SYS_TIME    set the clock (! changes the HOST's clock)",
		"SYS_PTRACE  trace processes (! weakens the enter guard)",
		"flag no_new_privs  setuid programs gain nothing",
		"flag virt_uptime   uptime counts from the guest's start",
	};
	bool on[6] = { w->cap_net_raw, w->cap_net_admin, w->cap_sys_time, w->cap_sys_ptrace,
		       w->flag_no_new_privs, w->flag_virt_uptime };
	for (int i = 0; i < 6; i++) {
		cb[i] = newtCheckbox(1, 5 + i, text[i], on[i] ? '*' : ' ', NULL, NULL);
		newtFormAddComponent(f.form, cb[i]);
	}
	newtFormAddComponent(f.form, newtLabel(1, 12, "Items marked ! weaken the isolation from "
				  "the host."));
	enum wiz_result r = wiz_frame_run(&f, caps_validate, w);
	caps_validate(w);
	wiz_frame_close(&f);
	return r;
}

/* --- init style and autostart ------------------------------------------------------------- */

static const char *init_validate(struct wizard *w)
{
	w->initstyle = (int)(long)newtListboxGetCurrent(lb);
	w->autostart = newtCheckboxGetValue(cb[0]) == '*';
	return NULL;
}

enum wiz_result wizard_step_init(struct wizard *w)
{
	struct wiz_frame f;
	wiz_frame_open(&f, 8, "Init and autostart",
		       "The method's default suits most guests. plain: the guest's /sbin/init is "
		       "its init. sysv: the host starts /etc/init.d/rc RUNLEVEL inside the guest. "
		       "minit/gentoo/openrc/arch: those init systems.\n\nAutostart puts the guest "
		       "in the `default` mark (apps/init/mark), started at host boot.", NULL);
	newtFormAddComponent(f.form, newtLabel(1, 2, "Init style:"));
	lb = newtListbox(1, 3, 7, NEWT_FLAG_BORDER);
	for (long i = 0; wizard_init_styles[i]; i++)
		newtListboxAppendEntry(lb, wizard_init_styles[i], (void *)i);
	newtListboxSetCurrent(lb, w->initstyle);
	cb[0] = newtCheckbox(30, 3, "Start at host boot (mark: default)", w->autostart ? '*' : ' ',
			     NULL, NULL);
	newtFormAddComponents(f.form, lb, cb[0], NULL);
	enum wiz_result r = wiz_frame_run(&f, init_validate, w);
	init_validate(w);
	wiz_frame_close(&f);
	return r;
}

/* --- summary ------------------------------------------------------------------------------ */

enum wiz_result wizard_step_summary(struct wizard *w)
{
	struct wiz_frame f;
	wiz_frame_open(&f, 9, "Summary",
		       "This is the exact build command the wizard runs, followed by the settings "
		       "it writes into the new guest's config once the build succeeded. Build "
		       "starts it; Back changes answers; nothing exists until then.", "Build");
	wizard_make_opts(w);
	char cmd[2048], rest[1024], all[3200];
	build_command_format(&w->opts, cmd, sizeof(cmd));
	wizard_describe_settings(w, rest, sizeof(rest));
	snprintf(all, sizeof(all), "Command:\n  %s\n\nThen written to the config:\n%s", cmd, rest);
	newtComponent tb = newtTextbox(1, 2, f.w - 3, f.h - 6, NEWT_FLAG_WRAP | NEWT_FLAG_SCROLL);
	newtTextboxSetText(tb, all);
	newtFormAddComponent(f.form, tb);
	enum wiz_result r = wiz_frame_run(&f, NULL, w);
	wiz_frame_close(&f);
	return r;
}
