/* Shared bits of the runtime commands (start/stop/status/exec). */
#ifndef VSM_CLI_RUNTIME_COMMON_H
#define VSM_CLI_RUNTIME_COMMON_H

/* 0 if NAME has a configuration directory; otherwise prints util-vserver's message and returns
 * its exit code 5. */
int runtime_check_guest(const char *name);

#endif
