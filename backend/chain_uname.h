/* vuname's operations: a running guest's UTS names read and changed through its UTS namespace
 * (setns by pidfd in a short-lived child), and the uts/ keys of its config. */
#ifndef VSM_CHAIN_UNAME_H
#define VSM_CHAIN_UNAME_H

#include <stdbool.h>
#include <stddef.h>
#include "backend/error.h"

enum uname_tag { UTAG_CONTEXT, UTAG_SYSNAME, UTAG_NODENAME, UTAG_RELEASE, UTAG_VERSION,
		 UTAG_MACHINE, UTAG_DOMAINNAME, UTAG_COUNT };
extern const char *const uname_tag_names[UTAG_COUNT];

/* The tag for NAME (case-insensitive), or -1. */
int uname_tag_from_name(const char *name);

/* All tags of running guest NAME as the guest sees them (context: its config directory). */
int uname_get(const char *name, char vals[UTAG_COUNT][65], struct vsm_error *err);

/* Set the tags in SET (VALS[t] for each t with SET[t]) on guest NAME: live in its UTS namespace
 * when it runs (LIVE), and in its config uts/ files when CONFIG. Only nodename and domainname can
 * be changed in a UTS namespace; the others are refused with the reason. *APPLIED_LIVE says
 * whether the guest ran. */
int uname_set(const char *name, const bool set[UTAG_COUNT], char vals[UTAG_COUNT][65], bool live,
	      bool config, bool *applied_live, struct vsm_error *err);

#endif
