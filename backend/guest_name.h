/* Guest names: a strict character set, so a name is always a safe path component, cgroup name and
 * part of an interface name. */
#ifndef VSM_GUEST_NAME_H
#define VSM_GUEST_NAME_H

#include <stdbool.h>
#include "backend/error.h"

#define GUEST_NAME_MAX 32

/* 1..32 chars of [A-Za-z0-9_.-], starting with a letter or digit, not ending in '.',
 * not containing "..", and not "." / "..". Fills ERR with what is wrong. */
int guest_name_check(const char *name, struct vsm_error *err);
bool guest_name_is_valid(const char *name);

#endif
