/* Between the config parser files only. */
#ifndef VSM_CONFIG_PARSE_H
#define VSM_CONFIG_PARSE_H

#include "backend/attrs.h"
#include "backend/config_internal.h"

struct guest_iface *config_iface_get(struct guest_config *cfg, const char *id);
int config_parse_list_file(struct guest_config *cfg, const struct attr *a, const char *path,
			   const char *text, size_t len, struct vsm_error *err);
int config_parse_limit_file(struct guest_config *cfg, const struct attr *a, const char *rel,
			    const char *path, const char *text, size_t len, struct vsm_error *err);
/* The reason a util-vserver file vsm knows is not honoured, or NULL. */
const char *config_unsupported_reason(const char *rel);
/* Why REL is not read: a util-vserver key vsm does not support, or simply unknown. */
const char *config_unknown_reason(const char *rel);

#endif
