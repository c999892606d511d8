/* Is a guest running, for build --force and delete: its run record names a live monitor or
 * init (same pid and start time, so a recycled pid does not count). */
#include "backend/run_probe.h"
#include "backend/runrecord.h"

bool run_probe_is_running(const char *name)
{
	struct run_record rec;
	if (runrecord_read(name, &rec, NULL) < 0)
		return false;
	return runrecord_monitor_alive(&rec) || runrecord_init_alive(&rec);
}
