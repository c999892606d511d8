/* start-vservers: which guests to start or stop at boot, in what order (apps/init/mark,
 * apps/init/depends), as a small scheduler the front end drives with its own processes. */
#ifndef VSM_BOOT_PLAN_H
#define VSM_BOOT_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include "backend/error.h"

enum boot_state { BOOT_WAIT, BOOT_ACTIVE, BOOT_OK, BOOT_FAILED };

struct boot_guest {
	char *name;
	char **marks, **deps;	/* NULL-terminated lines of apps/init/mark and apps/init/depends */
	bool selected;
	enum boot_state state;
	char why[96];		/* for BOOT_FAILED without running: "dependency X failed" */
};

struct boot_plan {
	struct boot_guest *g;
	size_t n;
	bool stop;		/* dependencies stop after their dependents */
};

/* Every guest util-vserver would consider: a config dir with a `vdir` and no `disabled` file. */
int boot_plan_load(struct boot_plan *p, bool stop, struct vsm_error *err);
void boot_plan_free(struct boot_plan *p);
struct boot_guest *boot_plan_find(struct boot_plan *p, const char *name);

/* Does G carry the marks SPEC asks for: a comma-separated list, each an exact line of
 * apps/init/mark, or with a '!' or '~' prefix one it must not carry; every item must hold. */
bool boot_marks_match(const struct boot_guest *g, const char *spec);
bool boot_is_marked(const struct boot_guest *g);

/* For a start, select what the selected guests depend on (transitively): it must run first.
 * A dependency that names no guest is an error. */
int boot_plan_add_deps(struct boot_plan *p, struct vsm_error *err);

/* The next selected guest that may begin now (its prerequisites are done), or NULL. Guests whose
 * prerequisites failed become BOOT_FAILED on the way. */
struct boot_guest *boot_plan_next(struct boot_plan *p);
/* Nothing active and nothing can begin: what still waits is in a dependency cycle. The guest to
 * begin anyway (as make drops a circular dependency), or NULL. */
struct boot_guest *boot_plan_break_cycle(struct boot_plan *p);
bool boot_plan_finished(const struct boot_plan *p);

#endif
