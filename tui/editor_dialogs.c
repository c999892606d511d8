/* The editor's two pickers: the capability bounding set as a checkbox tree grouped by risk, and
 * the context flags (settable ones as checkboxes, the rest listed with why they are fixed or
 * unavailable, as the config module says). Both edit the text of their field. */
#include <newt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "backend/attr_edit.h"
#include "tui/editor.h"
#include "tui/newt_session.h"

struct cap_row {
	const char *name, *what;
	int group;	/* 0 default set, 1 contained additions, 2 weakens isolation */
};

static const struct cap_row caps[] = {
	{ "CHOWN", "change file owners", 0 }, { "DAC_OVERRIDE", "ignore file permissions", 0 },
	{ "FOWNER", "act as a file's owner", 0 }, { "FSETID", "keep setuid bits on change", 0 },
	{ "KILL", "signal any guest process", 0 }, { "SETGID", "change group ids", 0 },
	{ "SETUID", "change user ids", 0 }, { "SETPCAP", "pass on capabilities", 0 },
	{ "NET_BIND_SERVICE", "bind ports below 1024", 0 }, { "SYS_CHROOT", "chroot", 0 },
	{ "SYS_TTY_CONFIG", "vhangup, tty setup", 0 }, { "LEASE", "file leases", 0 },
	{ "SETFCAP", "set file capabilities", 0 }, { "AUDIT_WRITE", "write audit records", 0 },
	{ "SYS_BOOT", "reboot/halt the guest", 0 },
	{ "NET_RAW", "raw sockets: capture, spoofing", 1 },
	{ "NET_ADMIN", "guest's own links, routes, firewall", 1 },
	{ "NET_BROADCAST", "broadcast, multicast", 1 }, { "IPC_LOCK", "lock memory", 1 },
	{ "IPC_OWNER", "bypass SysV IPC permissions", 1 },
	{ "SYS_NICE", "raise priorities (host CPU!)", 1 },
	{ "SYS_RESOURCE", "exceed limits, oom_score_adj", 1 },
	{ "SYS_PTRACE", "trace; bypasses the enter guard", 2 },
	{ "DAC_READ_SEARCH", "open_by_handle_at escapes", 2 },
	{ "SYS_TIME", "set the HOST's clock", 2 }, { "SYSLOG", "host kernel log", 2 },
	{ "MKNOD", "create device nodes", 2 }, { "LINUX_IMMUTABLE", "immutable flags", 2 },
	{ "SYS_ADMIN", "mounts and much more: near host root", 2 },
	{ "SYS_RAWIO", "raw I/O ports and devices", 2 }, { "SYS_MODULE", "load kernel modules", 2 },
	{ "SYS_PACCT", "process accounting", 2 }, { "AUDIT_CONTROL", "host audit rules", 2 },
	{ "MAC_ADMIN", "LSM policy", 2 }, { "MAC_OVERRIDE", "bypass LSM", 2 },
	{ "BPF", "load BPF programs", 2 }, { "PERFMON", "perf events", 2 },
	{ "WAKE_ALARM", "wake the host", 2 }, { "BLOCK_SUSPEND", "block host suspend", 2 },
	{ "CHECKPOINT_RESTORE", "checkpoint/restore", 2 }, { "AUDIT_READ", "read audit log", 2 },
};
#define NCAPS (sizeof(caps) / sizeof(caps[0]))

/* Is NAME named in the comma list TEXT (with '!' prefix when REMOVED)? */
static bool list_has(const char *text, const char *name, bool removed)
{
	char buf[EDIT_TEXT_MAX];
	snprintf(buf, sizeof(buf), "%s", text);
	for (char *t = strtok(buf, ", "); t; t = strtok(NULL, ", ")) {
		bool neg = false;
		while (*t == '!' || *t == '~')
			neg = !neg, t++;
		if (!strncasecmp(t, "CAP_", 4))
			t += 4;
		if (neg == removed && !strcasecmp(t, name))
			return true;
	}
	return false;
}

static void append(char *out, size_t len, const char *prefix, const char *name)
{
	size_t u = strlen(out);
	snprintf(out + u, len - u, "%s%s%s", u ? ", " : "", prefix, name);
}

bool editor_pick_caps(char *text, size_t len)
{
	int w, h;
	newt_session_fit(70, 20, &w, &h);
	newtCenteredWindow(w, h, "Capability bounding set");
	newtComponent tree = newtCheckboxTree(1, 1, h - 4, NEWT_FLAG_SCROLL);
	static const char *const groups[] = { "Default set (uncheck to remove)",
		"Additions contained in the guest", "Additions that WEAKEN ISOLATION" };
	for (int g = 0; g < 3; g++) {
		/* A selected branch is an expanded one. */
		newtCheckboxTreeAddItem(tree, groups[g], (void *)(long)(1000 + g),
					NEWT_FLAG_SELECTED, NEWT_ARG_APPEND, NEWT_ARG_LAST);
		for (size_t i = 0; i < NCAPS; i++) {
			if (caps[i].group != g)
				continue;
			char label[80];
			snprintf(label, sizeof(label), "%-18s %s", caps[i].name, caps[i].what);
			bool on = g == 0 ? !list_has(text, caps[i].name, true) :
					   list_has(text, caps[i].name, false);
			newtCheckboxTreeAddItem(tree, strdup(label), (void *)(long)(i + 1),
						on ? NEWT_FLAG_SELECTED : 0, g, NEWT_ARG_APPEND,
						NEWT_ARG_LAST);
		}
	}
	newtCheckboxTreeSetWidth(tree, w - 3);
	newtComponent ok = newtCompactButton(w / 2 - 12, h - 2, "OK");
	newtComponent cancel = newtCompactButton(w / 2 + 4, h - 2, "Cancel");
	newtComponent form = newtForm(NULL, NULL, 0);
	newtFormAddComponents(form, newtLabel(1, 0, "Space toggles. Default plus additions."), tree,
			      ok, cancel, NULL);
	newtComponent r = newtRunForm(form);
	bool changed = false;
	if (r != cancel) {
		char out[EDIT_TEXT_MAX] = "";
		for (size_t i = 0; i < NCAPS; i++) {
			bool on = newtCheckboxTreeGetEntryValue(tree, (void *)(long)(i + 1)) != ' ';
			if (caps[i].group == 0 && !on)
				append(out, sizeof(out), "!", caps[i].name);
			else if (caps[i].group > 0 && on)
				append(out, sizeof(out), "", caps[i].name);
		}
		snprintf(text, len, "%s", out);
		changed = true;
	}
	newtFormDestroy(form);
	newtPopWindow();
	return changed;
}

bool editor_pick_flags(char *text, size_t len)
{
	int w, h;
	newt_session_fit(74, 20, &w, &h);
	newtCenteredWindow(w, h, "Context flags");
	newtComponent tree = newtCheckboxTree(1, 1, 7, NEWT_FLAG_SCROLL);
	char info[4096] = "";
	size_t u = 0;
	const char *name, *maps, *why;
	bool fixed;
	for (size_t i = 0; edit_cflag_info(i, &name, &maps, &why, &fixed); i++) {
		if (maps && !fixed) {
			char label[120];
			snprintf(label, sizeof(label), "%-13s %.55s", name, maps);
			newtCheckboxTreeAddItem(tree, strdup(label), (void *)(long)(i + 1),
						list_has(text, name, false) ? NEWT_FLAG_SELECTED : 0,
						NEWT_ARG_APPEND, NEWT_ARG_LAST);
		} else if (u < sizeof(info) - 200) {
			u += (size_t)snprintf(info + u, sizeof(info) - u, "%-13s %s: %s\n", name,
					      fixed ? "always on" : "unavailable",
					      fixed ? maps : why);
		}
	}
	newtCheckboxTreeSetWidth(tree, w - 3);
	newtComponent tb = newtTextbox(1, 9, w - 3, h - 12, NEWT_FLAG_SCROLL);
	newtTextboxSetText(tb, info);
	newtComponent ok = newtCompactButton(w / 2 - 12, h - 2, "OK");
	newtComponent cancel = newtCompactButton(w / 2 + 4, h - 2, "Cancel");
	newtComponent form = newtForm(NULL, NULL, 0);
	newtFormAddComponents(form, newtLabel(1, 0, "Settable on this kernel (Space toggles):"),
			      tree, newtLabel(1, 8, "Not settable, and why:"), tb, ok, cancel, NULL);
	newtComponent r = newtRunForm(form);
	bool changed = false;
	if (r != cancel) {
		char out[EDIT_TEXT_MAX] = "";
		for (size_t i = 0; edit_cflag_info(i, &name, &maps, &why, &fixed); i++)
			if (maps && !fixed &&
			    newtCheckboxTreeGetEntryValue(tree, (void *)(long)(i + 1)) != ' ')
				append(out, sizeof(out), "", name);
		snprintf(text, len, "%s", out);
		changed = true;
	}
	newtFormDestroy(form);
	newtPopWindow();
	return changed;
}
