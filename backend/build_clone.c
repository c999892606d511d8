/* Method `clone` (being written). */
#include "backend/build_method.h"

static int clone_parse(struct build_ctx *c, int argc, char **argv, struct vsm_error *err)
{
	return vsm_error_set(err, ENOSYS, "method clone is not implemented yet");
}

const struct build_method build_method_clone = {
	.name = "clone",
	.parse = clone_parse,
};
