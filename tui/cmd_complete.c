/* Tab completion for the command language (vsm shell and the console's `:` prompt): command
 * names, guest names, attribute names, values of the attribute being set (capability names,
 * init styles, signal names, flags), build options and methods, file paths. */
#include "tui/cmd.h"
#include "backend/attr_list.h"
#include "backend/build.h"
#include "backend/cmd_attr.h"
#include "backend/cmd_attr_walk.h"
#include "backend/config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <readline/readline.h>

struct cand {
	char **v;
	size_t n, cap;
	const char *prefix;
};

static void cand_add(struct cand *c, const char *s)
{
	if (strncmp(s, c->prefix, strlen(c->prefix)) != 0)
		return;
	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->v[i], s))
			return;
	if (c->n + 2 > c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;
		char **v = realloc(c->v, cap * sizeof(*v));
		if (!v)
			return;
		c->v = v;
		c->cap = cap;
	}
	char *d = strdup(s);
	if (d)
		c->v[c->n++] = d;
	c->v[c->n] = NULL;
}

static void add_commands(struct cand *c)
{
	for (size_t i = 0; vsm_commands[i]; i++)
		cand_add(c, vsm_commands[i]->name);
}

static void add_guests(struct cand *c)
{
	char **names;
	size_t n;
	if (guest_list(&names, &n, NULL) < 0)
		return;
	for (size_t i = 0; i < n; i++)
		cand_add(c, names[i]);
	guest_list_free(names, n);
}

static void walk_add(void *p, const char *rel, const struct attr *a, const char *value,
		     const char *skip)
{
	char name[256];
	attr_rel_to_name(rel, name, sizeof(name));
	if (!skip)
		cand_add(p, name);
}

static void add_attrs(struct cand *c, const char *guest)
{
	for (size_t i = 0; i < attr_count; i++)
		if (!strchr(attr_table[i].name, '*'))
			cand_add(c, attr_table[i].name);
	for (size_t i = 0; attr_cgroup_aliases[i]; i++)
		cand_add(c, attr_cgroup_aliases[i]);
	if (guest && guest_exists(guest))
		attr_walk(guest, walk_add, c, NULL);	/* interfaces.00.ip, rlimits.nproc, ... */
}

static void add_caps(struct cand *c)
{
	for (int i = 0; i <= CAP_LAST_CAP; i++) {
		char *n = cap_to_name(i);
		if (!n)
			continue;
		char up[64];
		const char *s = strncmp(n, "cap_", 4) ? n : n + 4;
		size_t k = 0;
		for (; s[k] && k + 1 < sizeof(up); k++)
			up[k] = (char)(s[k] >= 'a' && s[k] <= 'z' ? s[k] - 32 : s[k]);
		up[k] = '\0';
		cap_free(n);
		cand_add(c, up);
	}
}

static void add_bits(struct cand *c, const struct attr_bitname *t)
{
	for (size_t i = 0; t[i].name; i++)
		cand_add(c, t[i].name);
}

static void add_signals(struct cand *c)
{
	for (int i = 1; i < NSIG; i++) {
		const char *n = sigabbrev_np(i);
		if (n)
			cand_add(c, n);
	}
}

/* Values of the attribute named ATTR. */
static bool add_values(struct cand *c, const char *attr)
{
	struct attr_ref ref;
	if (attr_ref_resolve(attr, &ref, NULL) < 0 || !ref.a)
		return false;
	switch (ref.a->type) {
	case ATTR_CAPS: add_caps(c); break;
	case ATTR_ENUM:
		for (size_t i = 1; ref.a->values[i]; i++)
			cand_add(c, ref.a->values[i]);
		break;
	case ATTR_KILLSEQ: add_signals(c); break;
	case ATTR_FLAG: cand_add(c, "on"); cand_add(c, "off"); break;
	case ATTR_FLAGS:
		add_bits(c, !strcmp(ref.rel, "ccapabilities") ? attr_ccap_bits : attr_cflag_bits);
		break;
	case ATTR_SPACE: cand_add(c, "0"); add_guests(c); break;
	case ATTR_NAMES: if (!strcmp(ref.rel, "apps/init/depends")) add_guests(c); break;
	case ATTR_SIZE: case ATTR_U64: cand_add(c, "max"); break;
	case ATTR_LINK: case ATTR_HOOK: return true;	/* paths */
	default: break;
	}
	return false;
}

/* Words of the current command before the one being completed (after the last ';'). */
static int split_words(const char *line, int start, char **w, int max)
{
	int n = 0;
	const char *p = line, *end = line + start;
	for (const char *q = line; q < end; q++)
		if (*q == ';')
			p = q + 1;
	while (p < end && n < max) {
		p += strspn(p, " \t");
		if (p >= end)
			break;
		size_t len = strcspn(p, " \t");
		if (p + len > end)
			len = (size_t)(end - p);
		w[n++] = strndup(p, len);
		p += len;
	}
	return n;
}

static bool complete_build_option(struct cand *c, const char *prev)
{
	if (!strcmp(prev, "-m") || !strcmp(prev, "--method")) {
		for (size_t i = 0; build_method_names[i]; i++)
			cand_add(c, build_method_names[i]);
		return false;
	}
	if (!strcmp(prev, "--initstyle")) {
		for (size_t i = 1; attr_init_styles[i]; i++)
			cand_add(c, attr_init_styles[i]);
		return false;
	}
	/* Templates, root directories and clone sources are paths. */
	return !strcmp(prev, "-t") || !strcmp(prev, "--rootdir") || !strcmp(prev, "--source");
}

char **cmd_complete_candidates(const char *line, int start, const char *text, bool *files)
{
	struct cand c = { .prefix = text };
	char *w[64];
	int n = split_words(line, start, w, 64);
	*files = false;
	if (n == 0) {
		add_commands(&c);
	} else {
		const struct vsm_command *cmd = cmd_find(w[0]);
		int k = n - 1;	/* index of the argument being completed */
		enum cmd_arg kind = CMD_ARG_NONE;
		for (int i = 0; i < CMD_ARGS_MAX && cmd; i++)
			if (cmd->args[i] != CMD_ARG_NONE && i <= k)
				kind = cmd->args[i];
		if (!cmd) {
			/* nothing */
		} else if (cmd->max_args >= 0 && k >= cmd->max_args) {
			/* no more arguments */
		} else if (text[0] == '-' && cmd->options) {
			for (size_t i = 0; cmd->options[i]; i++)
				cand_add(&c, cmd->options[i]);
		} else if (cmd->options && n >= 3 && w[n - 1][0] == '-') {
			*files = complete_build_option(&c, w[n - 1]);
		} else if (kind == CMD_ARG_GUEST) {
			add_guests(&c);
		} else if (kind == CMD_ARG_ATTR) {
			add_attrs(&c, n > 1 ? w[1] : NULL);
		} else if (kind == CMD_ARG_VALUE && n >= 3) {
			*files = add_values(&c, w[2]);
		} else if (kind == CMD_ARG_COMMAND) {
			add_commands(&c);
		} else if (kind == CMD_ARG_FILE) {
			*files = true;
		}
	}
	for (int i = 0; i < n; i++)
		free(w[i]);
	if (*files) {
		for (size_t i = 0; i < c.n; i++)
			free(c.v[i]);
		free(c.v);
		return NULL;
	}
	if (!c.v)
		c.v = calloc(1, sizeof(char *));
	return c.v;
}

static char **gen_list;
static size_t gen_pos;

static char *gen_next(const char *text, int state)
{
	if (!gen_list || !gen_list[gen_pos])
		return NULL;
	return gen_list[gen_pos++];	/* readline frees the strings */
}

static char **vsm_completion(const char *text, int start, int end)
{
	bool files;
	char **v = cmd_complete_candidates(rl_line_buffer, start, text, &files);
	if (files) {
		rl_attempted_completion_over = 0;
		return NULL;
	}
	rl_attempted_completion_over = 1;	/* no file-name fallback for the other kinds */
	gen_list = v;
	gen_pos = 0;
	char **m = rl_completion_matches(text, gen_next);
	for (size_t i = gen_pos; v && v[i]; i++)
		free(v[i]);	/* candidates readline did not take */
	free(v);
	gen_list = NULL;
	return m;
}

void cmd_complete_install(void)
{
	rl_attempted_completion_function = vsm_completion;
	rl_completer_word_break_characters = " \t\n;";
}
