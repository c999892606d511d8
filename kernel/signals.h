/* Signal state handed to programs started in a guest. */
#ifndef VSM_KERNEL_SIGNALS_H
#define VSM_KERNEL_SIGNALS_H

/* Unblock every signal and put every disposition back to SIG_DFL. The blocked mask and ignored
 * signals survive execve: a SysV init started with SIGCHLD still blocked (as the monitor keeps it
 * for its signalfd) never reaps its sysinit script and hangs in "boot". */
void sig_reset_all(void);

#endif
