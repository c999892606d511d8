/* Method `template` (being written). */
#include "backend/build_method.h"

static int template_parse(struct build_ctx *c, int argc, char **argv, struct vsm_error *err)
{
	return vsm_error_set(err, ENOSYS, "method template is not implemented yet");
}

const struct build_method build_method_template = {
	.name = "template",
	.parse = template_parse,
};
