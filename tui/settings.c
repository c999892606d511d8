/* The console's per-user settings file. One `key = value` per line, `#` starts a comment line.
 * A bad line is reported with the file and line number and skipped: the console still starts. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tui/console.h"
#include "tui/settings.h"
#include "tui/tables.h"

int settings_path(char *buf, size_t len)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	int n;
	if (xdg && xdg[0] == '/')
		n = snprintf(buf, len, "%s/vsm/vsmrc", xdg);
	else if (home && home[0] == '/')
		n = snprintf(buf, len, "%s/.config/vsm/vsmrc", home);
	else
		return -ENOENT;
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

static int parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	for (size_t i = 0; i < 4; i++) {
		if (!strcasecmp(v, yes[i]))
			return *out = true, 0;
		if (!strcasecmp(v, no[i]))
			return *out = false, 0;
	}
	return -1;
}

/* Sort columns are named by their titles in the process pane, plus "none". */
static int parse_sort(const char *v, int *col)
{
	if (!strcasecmp(v, "none"))
		return *col = -1, 0;
	if (!strcasecmp(v, "cpu"))
		return *col = PC_CPU, 0;
	for (int i = 0; i < PC_N; i++)
		if (!strcasecmp(v, proc_cols[i].title) && i != PC_STATE && i != PC_GUEST)
			return *col = i, 0;
	return -1;
}

/* One line, already stripped. Returns NULL or what is wrong with it. */
static const char *settings_apply(struct console_options *o, const char *key, const char *val)
{
	bool b;
	if (!strcmp(key, "delay")) {
		char *end;
		errno = 0;
		double s = strtod(val, &end);
		if (errno || end == val || *end || s < 0.1 || s > 3600)
			return "delay: expected seconds between 0.1 and 3600";
		o->interval_ms = (unsigned)(s * 1000 + 0.5);
		return NULL;
	}
	if (!strcmp(key, "sort"))
		return parse_sort(val, &o->sort_col) < 0 ?
		       "sort: expected pid, gpid, user, cpu, rss, command or none" :
		       (o->sort_set = true, NULL);
	if (!strcmp(key, "sort-order")) {
		if (!strcasecmp(val, "ascending"))
			o->sort_desc = false;
		else if (!strcasecmp(val, "descending"))
			o->sort_desc = true;
		else
			return "sort-order: expected ascending or descending";
		o->sort_order_set = true;
		return NULL;
	}
	bool *flag = !strcmp(key, "ascii") ? &o->ascii :
		     !strcmp(key, "mono") ? &o->mono :
		     !strcmp(key, "read-only") ? &o->read_only :
		     !strcmp(key, "tree") ? &o->tree :
		     !strcmp(key, "all-guests") ? &o->all_guests : NULL;
	if (!flag)
		return "unknown key (known: delay, ascii, mono, read-only, tree, all-guests, sort, sort-order)";
	if (parse_bool(val, &b) < 0)
		return "expected yes or no";
	*flag = b;
	return NULL;
}

static char *strip(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

int settings_load(const char *path, struct console_options *o,
		  void (*report)(void *arg, const char *msg), void *arg)
{
	char msg[1024];
	FILE *f = fopen(path, "re");
	if (!f) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		snprintf(msg, sizeof(msg), "%s: cannot read: %s", path, strerror(errno));
		report(arg, msg);
		return 1;
	}
	int bad = 0;
	char *line = NULL;
	size_t cap = 0;
	unsigned no = 0;
	while (getline(&line, &cap, f) >= 0) {
		no++;
		char *s = strip(line);
		if (!*s || *s == '#')
			continue;
		const char *why;
		char *eq = strchr(s, '=');
		if (!eq) {
			why = "expected 'key = value'";
		} else {
			*eq = '\0';
			char *key = strip(s), *val = strip(eq + 1);
			why = !*key || !*val ? "expected 'key = value'" : settings_apply(o, key, val);
		}
		if (why) {
			snprintf(msg, sizeof(msg), "%s:%u: %s", path, no, why);
			report(arg, msg);
			bad++;
		}
	}
	if (ferror(f)) {
		snprintf(msg, sizeof(msg), "%s: read error after line %u", path, no);
		report(arg, msg);
		bad++;
	}
	free(line);
	fclose(f);
	return bad;
}
