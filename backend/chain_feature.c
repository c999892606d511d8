/* Answers from the same tables and parser the tools use, so the answer and the tool agree. */
#include "backend/chain_feature.h"
#include "backend/chain_limit.h"
#include "backend/config.h"

#include <string.h>

int chain_feature(const char *spec, struct vsm_error *err)
{
	static const struct { const char *prefix, *rel; } lists[] = {
		{ "cflag:", "cflags" }, { "ccap:", "ccapabilities" }, { "nflag:", "nflags" },
		{ "bcap:", "bcapabilities" },
	};
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		size_t n = strlen(lists[i].prefix);
		if (strncmp(spec, lists[i].prefix, n) != 0)
			continue;
		const char *name = spec + n;
		if (!*name || strchr(name, '\n'))
			return 0;
		struct guest_config cfg;
		guest_config_init(&cfg, "feature");
		int r = guest_config_parse_file(&cfg, lists[i].rel, lists[i].rel, name, strlen(name),
						NULL, NULL, err);
		guest_config_free(&cfg);
		return r == 0 ? 1 : 0;
	}
	if (!strncmp(spec, "vlimit:", 7)) {
		const struct vlimit_res *r = vlimit_find(spec + 7);
		if (!r)
			return vsm_error_set(err, EINVAL, "unknown resource '%s'", spec + 7), 0;
		if (r->kind == VLIMIT_NONE)
			return vsm_error_set(err, EOPNOTSUPP, "%s: %s", r->name, r->why), 0;
		return 1;
	}
	return -ENOENT;
}
