/* The attribute editor's model, driven by the attribute table: a guest's editable keys as text
 * fields, validation of a set of changes (each field by the parser, then the whole directory with
 * its cross-key checks, on a staging copy), the diff, the atomic save, and the live application
 * of what can change on a running guest. No terminal I/O: tui/editor*.c draws it. */
#ifndef VSM_ATTR_EDIT_H
#define VSM_ATTR_EDIT_H

#include <stdbool.h>
#include <stddef.h>
#include "backend/attrs.h"
#include "backend/config.h"
#include "backend/error.h"

#define EDIT_TEXT_MAX 1024

struct edit_field {
	char rel[96];			/* config-relative file: "uts/nodename", "interfaces/00/ip" */
	const struct attr *attr;
	char section[24];		/* "UTS", "Network", ... */
	char old[EDIT_TEXT_MAX];	/* display text of the file ("" = absent) */
	char val[EDIT_TEXT_MAX];	/* the edited text */
	char error[256];		/* set by edit_validate; "" when fine */
	bool saved;			/* changed by the last edit_save */
};

struct edit_session {
	char name[GUEST_NAME_MAX + 1];
	char dir[PATH_MAX];		/* the guest's config directory */
	struct edit_field *f;
	size_t n;
	struct guest_config staged;	/* valid after edit_validate returned 0 */
	bool have_staged;
};

/* Load the fields of guest NAME (the keys the editor shows, every interface plus one empty slot
 * for a new one). Lists show comma-separated, fstab lines separated by " ; ". */
int edit_open(struct edit_session *s, const char *name, struct vsm_error *err);
void edit_close(struct edit_session *s);
bool edit_field_changed(const struct edit_field *f);
size_t edit_count_changes(const struct edit_session *s);

/* Check every changed field (errors into field->error), then the whole config with the changes
 * applied. Returns 0, or -EINVAL with ERR saying how many fields are wrong or the cross-key
 * problem (and, when a file is named, that field's error set too). */
int edit_validate(struct edit_session *s, struct vsm_error *err);
/* "-/+" lines for the changed fields, for the confirmation before writing. */
void edit_diff(const struct edit_session *s, char *buf, size_t len);
/* Write the staged config atomically (guest_config_save). */
int edit_save(struct edit_session *s, struct vsm_error *err);
/* On a running guest apply the live-applicable changes (cgroup limits, nice) and say in NOTES
 * which apply now and which at the next restart. Returns 0 or -errno (ERR names what failed). */
int edit_apply_live(struct edit_session *s, char *notes, size_t len, struct vsm_error *err);

/* Flags for the editor's flag list: every canonical context flag with what it maps to, or why it
 * is unavailable, and whether it is always on. Returns false past the end. */
bool edit_cflag_info(size_t i, const char **name, const char **maps_to, const char **why,
		     bool *fixed);

#endif
