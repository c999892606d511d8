/* The host side of `enter` and `exec --tty`: the caller's terminal proxied to the guest pty. */
#ifndef VSM_CLI_PTY_RELAY_H
#define VSM_CLI_PTY_RELAY_H

#include "backend/exec.h"

/* Put the caller's terminal (if stdin is one) in raw mode, give the pty its window size, let the
 * command start, copy bytes both ways and relay SIGWINCH until the session ends; restore the
 * terminal whatever happened (INT/QUIT/TERM/HUP to us are passed on as a hang-up of the guest
 * pty's session, and we wait for it). Returns guest_session_wait's result. */
int pty_relay_run(struct guest_session *s, int *status, struct vsm_error *err);

#endif
