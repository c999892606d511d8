/* The `vserver NAME build …` command line for a struct build_opts, shell-quoted: what the wizard's
 * summary shows and what the same options would be on the command line. */
#ifndef VSM_BUILD_COMMAND_H
#define VSM_BUILD_COMMAND_H

#include <stddef.h>
#include "backend/build.h"

/* Returns the length the full text needs (like snprintf); BUF is always terminated. */
size_t build_command_format(const struct build_opts *o, char *buf, size_t len);

#endif
