/* Wizard steps 1-4: name, method, host name and domain, context id. Each validates on Next and
 * puts the reason on the step's error line. */
#include <arpa/inet.h>
#include <newt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/config.h"
#include "backend/guest_name.h"
#include "tui/wizard.h"

static char verdict[300];
static newtComponent e1, e2, e3, lb1, lb2, live;

static void copy_entry(char *dst, size_t len, newtComponent e)
{
	snprintf(dst, len, "%s", newtEntryGetValue(e));
}

/* --- name --------------------------------------------------------------------------------- */

static const char *name_problem(const char *name)
{
	struct vsm_error err = { 0 };
	if (!*name)
		return "Enter a name for the guest.";
	if (guest_name_check(name, &err) < 0) {
		snprintf(verdict, sizeof(verdict), "%s", err.msg);
		return verdict;
	}
	if (guest_exists(name)) {
		snprintf(verdict, sizeof(verdict), "a guest named '%s' already exists", name);
		return verdict;
	}
	return NULL;
}

static void name_verdict(const char *name)
{
	const char *p = name_problem(name);
	newtTextboxSetText(live, p ? p : "ok: the name is free");
}

/* newt's entry filter sees each key before the entry does: work out the text it will hold, so
 * the verdict follows the typing. */
static int name_filter(newtComponent co, void *data, int ch, int cursor)
{
	const char *v = newtEntryGetValue(co);
	size_t n = strlen(v), c = (size_t)cursor <= n ? (size_t)cursor : n;
	char next[80];
	if (ch >= 0x20 && ch < 0x7f && n < sizeof(next) - 2)
		snprintf(next, sizeof(next), "%.*s%c%s", (int)c, v, ch, v + c);
	else if (ch == NEWT_KEY_BKSPC && c > 0)
		snprintf(next, sizeof(next), "%.*s%s", (int)c - 1, v, v + c);
	else if (ch == NEWT_KEY_DELETE && c < n)
		snprintf(next, sizeof(next), "%.*s%s", (int)c, v, v + c + 1);
	else
		return ch;
	name_verdict(next);
	return ch;
}

static const char *name_validate(struct wizard *w)
{
	copy_entry(w->name, sizeof(w->name), e1);
	return name_problem(w->name);
}

enum wiz_result wizard_step_name(struct wizard *w)
{
	struct wiz_frame f;
	wiz_frame_open(&f, 1, "Name",
		       "The guest's name is its identity: the directory under /etc/vservers, its "
		       "cgroup and part of its host-side interface names.\n\n1 to 32 characters of "
		       "A-Z a-z 0-9 _ . -, starting with a letter or digit. It must not be in use.",
		       NULL);
	newtFormAddComponent(f.form, newtLabel(1, 2, "Guest name:"));
	e1 = newtEntry(14, 2, w->name, 34, NULL, NEWT_FLAG_SCROLL | NEWT_FLAG_RETURNEXIT);
	live = newtTextbox(14, 4, f.w - 16, 2, NEWT_FLAG_WRAP);
	newtEntrySetFilter(e1, name_filter, NULL);
	newtFormAddComponents(f.form, e1, live, NULL);
	name_verdict(w->name);
	enum wiz_result r = wiz_frame_run(&f, name_validate, w);
	copy_entry(w->name, sizeof(w->name), e1);
	wiz_frame_close(&f);
	return r;
}

/* --- method ------------------------------------------------------------------------------- */

static const char *method_help =
	"busybox: a small guest from the host's busybox-static (seconds).\n"
	"skeleton: only the config and an empty root, to fill yourself.\n"
	"debootstrap: a Debian system from the archive; suite and mirror come from "
	"share/distributions (packages are cached and shared).\n"
	"clone: copy an existing guest (name) or a directory.\n"
	"template: unpack a root filesystem tarball.\n\n"
	"Mirror / source: for debootstrap the mirror URL, for clone the guest or directory, for "
	"template the tarball path.";

static const char *method_validate(struct wizard *w)
{
	w->method = (int)(long)newtListboxGetCurrent(lb1);
	w->distro = lb2 ? (int)(long)newtListboxGetCurrent(lb2) : 0;
	const char *m = build_method_names[w->method];
	char arg[WIZ_FIELD];
	copy_entry(arg, sizeof(arg), e2);
	if (!strcmp(m, "debootstrap")) {
		if (!w->n_distros)
			return "no distribution definitions found (share/distributions)";
		if (strncmp(arg, "http://", 7) && strncmp(arg, "https://", 8) &&
		    strncmp(arg, "file:/", 6))
			return "mirror: expected an http://, https:// or file:/ URL";
		snprintf(w->mirror, sizeof(w->mirror), "%s", arg);
	} else if (!strcmp(m, "clone")) {
		if (!*arg)
			return "clone: enter the guest (or directory) to copy";
		if (arg[0] != '/' && !guest_exists(arg)) {
			snprintf(verdict, sizeof(verdict), "clone: there is no guest named '%s'", arg);
			return verdict;
		}
		snprintf(w->source, sizeof(w->source), "%s", arg);
	} else if (!strcmp(m, "template")) {
		if (arg[0] != '/')
			return "template: enter the absolute path of a tarball";
		FILE *t = fopen(arg, "r");
		if (!t) {
			snprintf(verdict, sizeof(verdict), "template: cannot read %s", arg);
			return verdict;
		}
		fclose(t);
		snprintf(w->tarball, sizeof(w->tarball), "%s", arg);
	}
	return NULL;
}

enum wiz_result wizard_step_method(struct wizard *w)
{
	struct wiz_frame f;
	wiz_frame_open(&f, 2, "Build method", method_help, NULL);
	newtFormAddComponent(f.form, newtLabel(1, 2, "Method:"));
	lb1 = newtListbox(1, 3, 7, NEWT_FLAG_BORDER);
	for (long i = 0; build_method_names[i]; i++)
		newtListboxAppendEntry(lb1, build_method_names[i], (void *)i);
	newtListboxSetCurrent(lb1, w->method);
	newtFormAddComponent(f.form, newtLabel(22, 2, "Distribution (debootstrap):"));
	lb2 = NULL;
	if (w->n_distros) {
		lb2 = newtListbox(22, 3, 7, NEWT_FLAG_BORDER | NEWT_FLAG_SCROLL);
		for (size_t i = 0; i < w->n_distros; i++)
			newtListboxAppendEntry(lb2, w->distros[i].name, (void *)(long)i);
		newtListboxSetCurrent(lb2, w->distro);
	} else {
		newtFormAddComponent(f.form, newtLabel(22, 3, "(no share/distributions found)"));
	}
	newtFormAddComponent(f.form, newtLabel(1, 10, "Mirror / source / tarball:"));
	const char *m = build_method_names[w->method];
	const char *init = !strcmp(m, "clone") ? w->source : !strcmp(m, "template") ? w->tarball :
			   w->mirror;
	if (!*init && w->n_distros && !strcmp(m, "debootstrap"))
		init = w->distros[w->distro].mirror;
	if (!w->mirror[0] && w->n_distros)
		snprintf(w->mirror, sizeof(w->mirror), "%s", w->distros[0].mirror);
	e2 = newtEntry(1, 11, *init ? init : w->mirror, f.w - 3, NULL, NEWT_FLAG_SCROLL);
	newtFormAddComponent(f.form, lb1);
	if (lb2)
		newtFormAddComponent(f.form, lb2);
	newtFormAddComponent(f.form, e2);
	enum wiz_result r = wiz_frame_run(&f, method_validate, w);
	if (r == WIZ_BACK)
		method_validate(w);
	wiz_frame_close(&f);
	return r;
}

/* --- host name and domain ------------------------------------------------------------------- */

static const char *label_problem(const char *s, const char *what)
{
	size_t n = strlen(s);
	if (n > 64) {
		snprintf(verdict, sizeof(verdict), "%s: at most 64 characters", what);
		return verdict;
	}
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '.')) {
			snprintf(verdict, sizeof(verdict),
				 "%s: '%c' is not allowed (letters, digits, - and . only)", what, *p);
			return verdict;
		}
	if (n && (s[0] == '-' || s[0] == '.' || s[n - 1] == '.' || strstr(s, ".."))) {
		snprintf(verdict, sizeof(verdict), "%s: must not start with - or . nor have empty "
			 "labels", what);
		return verdict;
	}
	return NULL;
}

static const char *host_validate(struct wizard *w)
{
	copy_entry(w->hostname, sizeof(w->hostname), e1);
	copy_entry(w->domain, sizeof(w->domain), e2);
	if (!w->hostname[0])
		return "host name: enter one (the guest name is a good default)";
	const char *p = label_problem(w->hostname, "host name");
	return p ? p : label_problem(w->domain, "domain");
}

enum wiz_result wizard_step_host(struct wizard *w)
{
	struct wiz_frame f;
	wiz_frame_open(&f, 3, "Host name and domain",
		       "The host name (uts/nodename) the guest sees with hostname(1), and its "
		       "domain name (uts/domainname, may stay empty).", NULL);
	if (!w->hostname[0])
		snprintf(w->hostname, sizeof(w->hostname), "%s", w->name);
	newtFormAddComponent(f.form, newtLabel(1, 2, "Host name:"));
	e1 = newtEntry(14, 2, w->hostname, 40, NULL, NEWT_FLAG_SCROLL | NEWT_FLAG_RETURNEXIT);
	newtFormAddComponent(f.form, newtLabel(1, 4, "Domain:"));
	e2 = newtEntry(14, 4, w->domain, 40, NULL, NEWT_FLAG_SCROLL | NEWT_FLAG_RETURNEXIT);
	newtFormAddComponents(f.form, e1, e2, NULL);
	enum wiz_result r = wiz_frame_run(&f, host_validate, w);
	copy_entry(w->hostname, sizeof(w->hostname), e1);
	copy_entry(w->domain, sizeof(w->domain), e2);
	wiz_frame_close(&f);
	return r;
}

/* --- context id --------------------------------------------------------------------------- */

static const char *context_validate(struct wizard *w)
{
	copy_entry(w->context, sizeof(w->context), e1);
	char *end;
	long v = strtol(w->context, &end, 10);
	if (!w->context[0] || *end) {
		snprintf(verdict, sizeof(verdict), "context: expected a number %d..%d", CONTEXT_MIN,
			 CONTEXT_MAX);
		return verdict;
	}
	struct vsm_error err = { 0 };
	if (config_context_check((int)v, NULL, &err) < 0) {
		snprintf(verdict, sizeof(verdict), "%s", err.msg);
		return verdict;
	}
	return NULL;
}

enum wiz_result wizard_step_context(struct wizard *w)
{
	struct wiz_frame f;
	wiz_frame_open(&f, 4, "Context id",
		       "The static context id names the guest in vps and vserver-stat and derives "
		       "its user-namespace range. The suggestion is the next free id; it is taken "
		       "only when the build runs. An id another guest uses is refused.", NULL);
	if (!w->context[0]) {
		int c = 0;
		struct vsm_error err = { 0 };
		if (config_context_peek(&c, &err) == 0)
			snprintf(w->context, sizeof(w->context), "%d", c);
	}
	char hint[80];
	snprintf(hint, sizeof(hint), "(%d..%d; suggested: the next free id)", CONTEXT_MIN,
		 CONTEXT_MAX);
	newtFormAddComponent(f.form, newtLabel(1, 2, "Context id:"));
	e1 = newtEntry(14, 2, w->context, 8, NULL, NEWT_FLAG_RETURNEXIT);
	newtFormAddComponents(f.form, e1, newtLabel(24, 2, hint), NULL);
	enum wiz_result r = wiz_frame_run(&f, context_validate, w);
	copy_entry(w->context, sizeof(w->context), e1);
	wiz_frame_close(&f);
	(void)e3;
	return r;
}
