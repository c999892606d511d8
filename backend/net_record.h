/* The run-directory record of what guest networking made on the host (links, proxy entries),
 * written before each object is made so that a crash leaves nothing unlisted. Internal to net*.c. */
#ifndef VSM_NET_RECORD_H
#define VSM_NET_RECORD_H

#include <limits.h>
#include <stddef.h>
#include "backend/error.h"

struct net_record {
	char path[PATH_MAX];
	char text[4096];
	size_t len;
};

int net_record_path(const char *name, char *buf, size_t len, struct vsm_error *err);
/* Start an empty record for NAME (the file is written on the first add). */
int net_record_begin(const char *name, struct net_record *rec, struct vsm_error *err);
/* Append one line and rewrite the file atomically. */
int net_record_add(struct net_record *rec, struct vsm_error *err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
