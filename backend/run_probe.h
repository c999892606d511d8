/* Is a guest running? Its run record (backend/runrecord.h) names a live monitor or init. */
#ifndef VSM_RUN_PROBE_H
#define VSM_RUN_PROBE_H

#include <stdbool.h>

bool run_probe_is_running(const char *name);

#endif
