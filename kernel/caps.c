/* libcap wrappers: the IAB API sets bounding, inheritable and ambient as one tuple. */
#include "kernel/caps.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>

int caps_count(void)
{
	return (int)cap_max_bits();
}

int caps_from_name(const char *name)
{
	char buf[64];
	/* cap_from_name takes plain numbers past the kernel's maximum: refuse digits outright. */
	if (!*name || isdigit((unsigned char)*name))
		return -EINVAL;
	if (strncasecmp(name, "cap_", 4) == 0)
		snprintf(buf, sizeof(buf), "%s", name);
	else
		snprintf(buf, sizeof(buf), "cap_%s", name);
	cap_value_t v;
	if (cap_from_name(buf, &v) < 0 || v < 0 || v >= caps_count())
		return -EINVAL;
	return (int)v;
}

int caps_limit_to(uint64_t keep, struct vsm_error *err)
{
	int r = 0, max = caps_count();
	cap_iab_t iab = cap_iab_init(); /* I = A = 0; bounding filled below */
	cap_t c = cap_init();
	if (!iab || !c) {
		r = vsm_error_sys(err, ENOMEM, "cap_iab_init");
		goto out;
	}
	for (int i = 0; i < max && i < 64; i++) {
		if (keep & (1ULL << i)) {
			cap_value_t v = i;
			cap_set_flag(c, CAP_PERMITTED, 1, &v, CAP_SET);
			cap_set_flag(c, CAP_EFFECTIVE, 1, &v, CAP_SET);
		} else if (cap_iab_set_vector(iab, CAP_IAB_BOUND, (cap_value_t)i, CAP_SET) < 0) {
			r = vsm_error_sys(err, errno, "cap_iab_set_vector(bound %d)", i);
			goto out;
		}
	}
	/* Order matters: dropping the bounding set needs CAP_SETPCAP, which the trim may remove. */
	if (cap_iab_set_proc(iab) < 0) {
		r = vsm_error_sys(err, errno, "cap_iab_set_proc");
		goto out;
	}
	if (cap_set_proc(c) < 0)
		r = vsm_error_sys(err, errno, "cap_set_proc");
out:
	if (iab)
		cap_free(iab);
	if (c)
		cap_free(c);
	return r;
}

uint64_t caps_bounding_read(void)
{
	uint64_t m = 0;
	for (int i = 0; i < caps_count() && i < 64; i++)
		if (prctl(PR_CAPBSET_READ, i, 0, 0, 0) == 1)
			m |= 1ULL << i;
	return m;
}
