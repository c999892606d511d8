/* vspace and vnamespace share one implementation (vnamespace = vspace with the mount namespace as
 * its default list and util-vserver's --cleanup). */
#ifndef VSM_CLI_SPACE_H
#define VSM_CLI_SPACE_H

#include <stdbool.h>

int cli_space_main(int argc, char **argv, bool vnamespace);

#endif
