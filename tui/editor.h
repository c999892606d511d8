/* The attribute editor's newt screens (editor.c, editor_dialogs.c). */
#ifndef VSM_TUI_EDITOR_H
#define VSM_TUI_EDITOR_H

#include <stdbool.h>
#include <stddef.h>

/* Edit guest NAME in an active newt session. Returns 0 when saved or left unchanged, 1 when
 * cancelled, -1 when the guest could not be opened; STATUS says what happened. */
int editor_run(const char *name, char *status, size_t len);

/* Pickers editing a field's display text; true when the user pressed OK. */
bool editor_pick_caps(char *text, size_t len);
bool editor_pick_flags(char *text, size_t len);

#endif
