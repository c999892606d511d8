/* libFuzzer target for the config parser: each input is one or more config files. A record is
 * a selector byte (which key: an index into the file list below) and the file's bytes; records
 * are separated by 0xff. Every record is parsed into one struct, then the cross-key checks run,
 * as a load would. Crashes, leaks and undefined behaviour are the failures. The seeds in
 * tests/fuzz/corpus/config start with their selector byte: after changing this list, rerun
 * tests/fuzz/make_seeds.py. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "backend/config.h"

static const char *const files[] = {
	"context", "name", "disabled", "uts/nodename", "uts/domainname", "uts/release",
	"uts/machine", "interfaces/dev", "interfaces/prefix", "interfaces/mask", "interfaces/bcast",
	"interfaces/00/ip",
	"interfaces/00/prefix", "interfaces/00/mask", "interfaces/00/dev", "interfaces/00/name",
	"interfaces/00/mac", "interfaces/00/bcast", "interfaces/00/nodev", "interfaces/01/ip",
	"interfaces/x/ip", "bcapabilities", "ccapabilities", "cflags", "nflags", "personality",
	"nice", "rlimits/nproc", "rlimits/rss.min", "rlimits/as.hard", "rlimits/nofile",
	"ulimits/nofile", "ulimits/nofile.soft", "ulimits/core.hard", "ulimits/x.min",
	"cgroup/memory_max", "cgroup/memory_high", "cgroup/memory_swap_max", "cgroup/cpu_quota",
	"cgroup/cpu_period", "cgroup/cpu_weight", "cgroup/pids_max", "cgroup/cpu.shares",
	"cgroup/memory.max", "cgroup/bad", "cgroup/name", "apps/init/style", "apps/init/mark",
	"apps/init/depends", "apps/init/killseq", "apps/init/cmd.start", "apps/init/cmd.stop",
	"apps/init/cmd.prepare", "apps/init/environment", "apps/init/runlevel",
	"apps/init/runlevel.start", "apps/init/runlevel.stop", "fstab", "spaces/pid",
	"spaces/net", "spaces/user", "spaces/time", "spaces/ipc", "spaces/user.range",
	"spaces/bogus", "sched/fill-rate", "unknown",
};

static void ignore_warning(void *ctx, const char *msg)
{
	(void)ctx;
	(void)msg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct guest_config cfg;
	struct vsm_error err = {0};
	guest_config_init(&cfg, "fuzz");
	const uint8_t *p = data, *end = data + size;
	int r = 0;
	while (p < end && r == 0) {
		const uint8_t *sep = memchr(p, 0xff, (size_t)(end - p));
		const uint8_t *rec_end = sep ? sep : end;
		const char *rel = files[*p % (sizeof(files) / sizeof(files[0]))];
		r = guest_config_parse_file(&cfg, rel, rel, (const char *)p + 1,
					    (size_t)(rec_end - p - 1), ignore_warning, NULL, &err);
		p = sep ? sep + 1 : end;
	}
	if (r == 0)
		r = guest_config_validate(&cfg, "fuzz", &err);
	if (r == 0) {
		/* What the runtime derives from a config that loaded. */
		uint64_t caps, base, count;
		struct guest_iface f;
		guest_config_bounding_set(&cfg, &caps, &err);
		guest_config_userns_range(&cfg, &base, &count, &err);
		(void)guest_config_wants_timens(&cfg);
		(void)guest_config_has_cflag(&cfg, "private");
		unsigned long persona;
		(void)guest_config_personality(&cfg, &persona);
		for (size_t i = 0; i < cfg.n_ifaces; i++)
			guest_config_iface_effective(&cfg, i, &f);
	}
	/* The message is always terminated. */
	if (strnlen(err.msg, sizeof(err.msg)) == sizeof(err.msg))
		abort();
	guest_config_free(&cfg);
	return 0;
}
