/* Sanitizer hooks for processes that leave the host's view (setns into a guest, non-dumpable).
 * LeakSanitizer's exit-time check stops the world through ptrace and /proc/self/task; in a
 * process that joined a guest's mount/pid namespaces (the guest's /proc) that check spins or
 * hangs. So such a process runs the leak check once, on the host side, just before it joins:
 * leaks up to there are still reported, and the exit-time check is then skipped. A no-op
 * without ASan/LSan. */
#ifndef VSM_KERNEL_SANITIZE_H
#define VSM_KERNEL_SANITIZE_H

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(leak_sanitizer)
#define VSM_LSAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) && !defined(VSM_LSAN)
#define VSM_LSAN 1
#endif

#ifdef VSM_LSAN
#include <sanitizer/lsan_interface.h>
#endif

static inline void san_leak_check_before_join(void)
{
#ifdef VSM_LSAN
	/* Only the first call checks; it also turns the check at exit off. */
	__lsan_do_leak_check();
#endif
}

#endif
