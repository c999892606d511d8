/* Method `debootstrap` (being written). */
#include "backend/build_method.h"

static int debootstrap_parse(struct build_ctx *c, int argc, char **argv, struct vsm_error *err)
{
	return vsm_error_set(err, ENOSYS, "method debootstrap is not implemented yet");
}

const struct build_method build_method_debootstrap = {
	.name = "debootstrap",
	.parse = debootstrap_parse,
};
