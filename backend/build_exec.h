/* Running host programs during a build, output streamed line by line (see build_exec.c). */
#ifndef VSM_BUILD_EXEC_H
#define VSM_BUILD_EXEC_H

#include <stdbool.h>
#include "backend/error.h"

struct build_cmd {
	char *const *argv;
	char *const *env;	/* extra NAME=VALUE entries, NULL-terminated, or NULL */
	bool isolate;		/* own PID and mount namespaces (installers that mount) */
	void (*line)(void *user, const char *line);	/* each output line (stdout and stderr) */
	void *user;
};

/* Run CMD and wait. 0 when it exits 0; otherwise -EIO naming the status and its last error
 * line. */
int build_exec(const struct build_cmd *cmd, struct vsm_error *err);

#endif
