/* The guest pty of `enter`: opened inside the guest's mount namespace, master handed to the host. */
#ifndef VSM_EXEC_PTY_H
#define VSM_EXEC_PTY_H

#include "backend/error.h"

/* In the guest: open a new pty of the devpts at /dev/pts (the guest's own instance), send its
 * master over SOCKFD (SCM_RIGHTS) and return the slave (close-on-exec, not yet a controlling tty). */
int exec_pty_open_send(int sockfd, struct vsm_error *err);

/* On the host: receive the master from SOCKFD and check that it is a devpts pty master. */
int exec_pty_receive(int sockfd, struct vsm_error *err);

#endif
