/* A default-allow deny-list filter (LXC's model: system containers run whole distributions). */
#include "kernel/seccomp.h"

#include <errno.h>
#include <sched.h>
#include <seccomp.h>

#ifndef MNT_FORCE
#define MNT_FORCE 1
#endif

static int add_rules(scmp_filter_ctx ctx, const char *const *names, size_t n,
		     struct vsm_error *err)
{
	for (size_t i = 0; i < n; i++) {
		int nr = seccomp_syscall_resolve_name(names[i]);
		if (nr == __NR_SCMP_ERROR)
			continue; /* not on this architecture (e.g. vm86 on x86_64 native) */
		int r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), nr, 0);
		if (r < 0 && r != -EDOM && r != -EFAULT)
			return vsm_error_sys(err, -r, "seccomp_rule_add(%s)", names[i]);
	}
	/* New user namespaces give back every capability inside them (B14, rule 4). */
	int r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(unshare), 1,
				 SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_NEWUSER, CLONE_NEWUSER));
	if (r == 0)
		r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
				     SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_NEWUSER, CLONE_NEWUSER));
	if (r == 0)
		r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
	if (r == 0)
		r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(umount2), 1,
				     SCMP_A1(SCMP_CMP_MASKED_EQ, MNT_FORCE, MNT_FORCE));
	if (r < 0)
		return vsm_error_sys(err, -r, "seccomp_rule_add(argument rules)");
	return 0;
}

int seccomp_filter_build(const char *const *names, size_t n, void **out, struct vsm_error *err)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx)
		return vsm_error_set(err, ENOMEM, "seccomp_init");
	int r;
	/* NNP on would strip setuid binaries (su, passwd, ping) inside the guest. */
	if ((r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0)) < 0) {
		r = vsm_error_sys(err, -r, "seccomp_attr_set(NNP off)");
		goto fail;
	}
	if (seccomp_arch_native() == SCMP_ARCH_X86_64) {
		/* Unlisted ABIs would be killed by the bad-arch action: i386 binaries must run. */
		r = seccomp_arch_add(ctx, SCMP_ARCH_X86);
		if (r == 0 || r == -EEXIST)
			r = seccomp_arch_add(ctx, SCMP_ARCH_X32);
		if (r < 0 && r != -EEXIST) {
			r = vsm_error_sys(err, -r, "seccomp_arch_add");
			goto fail;
		}
	}
	if ((r = add_rules(ctx, names, n, err)) < 0)
		goto fail;
	*out = ctx;
	return 0;
fail:
	seccomp_release(ctx);
	return r;
}

int seccomp_filter_load(void *filter, struct vsm_error *err)
{
	int r = seccomp_load((scmp_filter_ctx)filter);
	if (r < 0)
		return vsm_error_sys(err, -r, "seccomp_load");
	return 0;
}

void seccomp_filter_free(void *filter)
{
	if (filter)
		seccomp_release((scmp_filter_ctx)filter);
}
