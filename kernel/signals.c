/* Signal state handed to programs started in a guest. */
#include "kernel/signals.h"

#include <signal.h>
#include <stddef.h>

void sig_reset_all(void)
{
	struct sigaction sa = { .sa_handler = SIG_DFL };
	sigemptyset(&sa.sa_mask);
	for (int s = 1; s < NSIG; s++)
		if (s != SIGKILL && s != SIGSTOP)
			sigaction(s, &sa, NULL); /* EINVAL for the few reserved numbers: fine */
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}
