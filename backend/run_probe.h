/* Is a guest running? Until the runtime's monitor API lands, a guest counts as running when
 * its run record <rundir>/NAME/ holds a pid file naming a live process. */
#ifndef VSM_RUN_PROBE_H
#define VSM_RUN_PROBE_H

#include <stdbool.h>

bool run_probe_is_running(const char *name);

#endif
