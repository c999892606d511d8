/* Formatting build options as a command line (see build_command.h). */
#include "backend/build_command.h"

#include <stdio.h>
#include <string.h>

struct out {
	char *buf;
	size_t len, used;
};

static void out_put(struct out *o, const char *s)
{
	size_t n = strlen(s);
	if (o->used < o->len) {
		size_t room = o->len - o->used - 1;
		memcpy(o->buf + o->used, s, n < room ? n : room);
		o->buf[o->used + (n < room ? n : room)] = '\0';
	}
	o->used += n;
}

/* One word, single-quoted when the shell would otherwise split or expand it. */
static void out_word(struct out *o, const char *w)
{
	out_put(o, " ");
	if (*w && strspn(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
			   "_.,:/=@%+-") == strlen(w)) {
		out_put(o, w);
		return;
	}
	out_put(o, "'");
	for (const char *p = w; *p; p++) {
		char c[2] = { *p, 0 };
		out_put(o, *p == '\'' ? "'\\''" : c);
	}
	out_put(o, "'");
}

size_t build_command_format(const struct build_opts *b, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };
	if (len)
		buf[0] = '\0';
	out_put(&o, "vserver");
	out_word(&o, b->name);
	out_word(&o, "build");
	out_word(&o, "-m");
	out_word(&o, b->method);
	if (b->hostname) {
		out_word(&o, "--hostname");
		out_word(&o, b->hostname);
	}
	if (b->context) {
		char n[16];
		snprintf(n, sizeof(n), "%d", b->context);
		out_word(&o, "--context");
		out_word(&o, n);
	}
	for (size_t i = 0; i < b->n_ifaces; i++) {
		const struct build_iface *f = &b->ifaces[i];
		char s[160];
		snprintf(s, sizeof(s), "%s%s%s%s%s", f->name, f->name[0] ? "=" : "", f->dev,
			 f->dev[0] ? ":" : "", f->ip);
		if (f->prefix >= 0)
			snprintf(s + strlen(s), sizeof(s) - strlen(s), "/%d", f->prefix);
		out_word(&o, "--interface");
		out_word(&o, s);
	}
	if (b->flags) {
		out_word(&o, "--flags");
		out_word(&o, b->flags);
	}
	if (b->initstyle) {
		out_word(&o, "--initstyle");
		out_word(&o, b->initstyle);
	}
	if (b->margc > 0) {
		out_word(&o, "--");
		for (int i = 0; i < b->margc; i++)
			out_word(&o, b->margv[i]);
	}
	return o.used;
}
