/* Shared bits of the runtime commands (start/stop/status/exec). */
#ifndef VSM_CLI_RUNTIME_COMMON_H
#define VSM_CLI_RUNTIME_COMMON_H

/* 0 if NAME has a configuration directory; otherwise prints util-vserver's message and returns
 * its exit code 5. */
int runtime_check_guest(const char *name);

/* "vserver: NAME: CMD: MSG" on stderr (a leading "NAME: " in the message is not repeated). */
struct vsm_error;
void runtime_print_error(const char *name, const char *cmd, const struct vsm_error *err);

#endif
