/* vunify exclude lists in util-vserver's syntax, plus exact paths (dpkg conffiles).
 * One pattern a line, fnmatch(3) on the path from the guest root ("/etc/passwd"); `#` starts a
 * comment line; trailing blanks are trimmed. Prefix `+` includes, `-` (or none) excludes, `~` skips
 * (for vunify the same as exclude). The first matching line wins; a path no line matches inherits
 * the verdict of its directory, so everything below an excluded directory stays excluded unless a
 * `+` line names it. */
#ifndef VSM_UNIFY_EXCLUDE_H
#define VSM_UNIFY_EXCLUDE_H

#include <stdbool.h>
#include <stddef.h>
#include "backend/error.h"

enum unify_verdict {
	UNIFY_NOMATCH = 0,	/* no line matched: inherit the directory's verdict */
	UNIFY_INCLUDE,
	UNIFY_EXCLUDE,
	UNIFY_SKIP,
};

struct unify_rule {
	enum unify_verdict verdict;
	char *pattern;
};

struct unify_exclude {
	struct unify_rule *rules;
	size_t n_rules, cap_rules;
	char **exact;		/* sorted exact excludes (conffiles) */
	size_t n_exact, cap_exact;
	bool exact_sorted;
	bool has_includes;	/* some `+` line: excluded directories must still be walked */
};

void unify_exclude_init(struct unify_exclude *x);
void unify_exclude_free(struct unify_exclude *x);

/* Add the lines of TEXT (LEN bytes); ORIGIN names it in messages. A pattern not starting with `/`
 * is refused (-EINVAL, naming ORIGIN and the line). */
int unify_exclude_parse(struct unify_exclude *x, const char *text, size_t len, const char *origin,
			struct vsm_error *err);
/* Exclude PATH exactly (no pattern characters are interpreted). */
int unify_exclude_add_exact(struct unify_exclude *x, const char *path);

/* The verdict of the first line matching PATH (exact entries count as exclude), or UNIFY_NOMATCH. */
enum unify_verdict unify_exclude_match(struct unify_exclude *x, const char *path);
/* Whether PATH is excluded, given whether its directory is (the walk carries that down). */
bool unify_exclude_is_excluded(struct unify_exclude *x, const char *path, bool dir_excluded);

/* Load the list for guest config dir CFGDIR: CFGDIR/apps/vunify/exclude, else
 * DEFAULTSDIR/apps/vunify/exclude, else the shipped share/vunify-exclude. *SOURCE (may be NULL)
 * gets the file used. */
int unify_exclude_load(struct unify_exclude *x, const char *cfgdir, const char *defaultsdir,
		       char *source, size_t source_len, struct vsm_error *err);

/* The shipped default list's path (build tree first, then the installed data dir). */
void unify_exclude_default_path(char *buf, size_t len);

#endif
