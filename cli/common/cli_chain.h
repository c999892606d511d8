/* The chain tools' common ending and guest lookup, with util-vserver's exit codes. */
#ifndef VSM_CLI_CHAIN_H
#define VSM_CLI_CHAIN_H

#include <stddef.h>

/* Exec ARGV[IND..] when present (never returns then; exit 255 when the exec fails); otherwise
 * exit with RC. */
__attribute__((noreturn)) void cli_chain(int argc, char **argv, int ind, int rc);
/* Resolve --xid ARG to a guest name or exit 255 with a message. */
void cli_chain_guest(const char *arg, char *name, size_t len);

#endif
