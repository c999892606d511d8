/* Proxy between the caller's terminal and a guest pty master (util-vserver's vlogin, rebuilt): the
 * guest only ever holds its own pty, so nothing inside can push keystrokes into the admin's shell
 * with TIOCSTI or change the admin's terminal (security.md B21). */
#include "cli/vserver/pty_relay.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <termios.h>
#include <unistd.h>

static bool write_all(int fd, const char *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, buf, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		buf += w;
		n -= (size_t)w;
	}
	return true;
}

static void copy_winsize(int from, int to)
{
	struct winsize ws;
	if (ioctl(from, TIOCGWINSZ, &ws) == 0)
		ioctl(to, TIOCSWINSZ, &ws);
}

/* Copy what is readable on FROM to TO; false at EOF or an error (EIO: the pty's last slave
 * closed). */
static bool pump(int from, int to)
{
	char buf[8192];
	ssize_t n = read(from, buf, sizeof(buf));
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	return n > 0 && write_all(to, buf, (size_t)n);
}

/* After the session ended: what the guest wrote last is still in the pty. */
static void drain(int master)
{
	struct pollfd p = { .fd = master, .events = POLLIN };
	for (int i = 0; i < 256 && poll(&p, 1, 0) > 0 && (p.revents & POLLIN); i++)
		if (!pump(master, STDOUT_FILENO))
			break;
}

static void on_signal(int sfd, const struct guest_session *s, int master)
{
	struct signalfd_siginfo si;
	if (read(sfd, &si, sizeof(si)) != sizeof(si))
		return;
	if (si.ssi_signo == SIGWINCH)
		copy_winsize(STDIN_FILENO, master);
	else if (s->pid > 0)
		/* An interactive shell ignores TERM; a hang-up ends it as a closed terminal would. */
		kill(s->pid, si.ssi_signo == SIGTERM ? SIGHUP : (int)si.ssi_signo);
}

static void relay_loop(struct guest_session *s, int sfd, bool tty)
{
	bool in_open = true, master_open = true, eof_pending = false;
	for (;;) {
		struct pollfd p[4] = {
			{ .fd = in_open ? STDIN_FILENO : -1, .events = POLLIN },
			{ .fd = master_open ? s->master : -1, .events = POLLIN },
			{ .fd = s->pidfd, .events = POLLIN },
			{ .fd = sfd, .events = POLLIN },
		};
		int n = poll(p, 4, s->pidfd >= 0 && !eof_pending ? -1 : 200);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		if (n == 0 && eof_pending) {
			/* Input from a pipe or file has ended and the guest side has been quiet for
			 * a moment (a shell waiting at its prompt): send what a terminal user would,
			 * ^D, so it reads an end of file. Again after every burst of output. */
			write_all(s->master, "\004", 1);
			continue;
		}
		if (p[3].revents & POLLIN)
			on_signal(sfd, s, s->master);
		if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			in_open = pump(STDIN_FILENO, s->master);
			eof_pending = !in_open && !tty;
		}
		if (p[1].revents & (POLLIN | POLLHUP | POLLERR))
			master_open = pump(s->master, STDOUT_FILENO);
		if (p[2].revents & POLLIN)
			break;
		if (!master_open && s->pidfd < 0)
			break;
	}
	if (master_open)
		drain(s->master);
}

int pty_relay_run(struct guest_session *s, int *status, struct vsm_error *err)
{
	sigset_t mask, old;
	sigemptyset(&mask);
	sigaddset(&mask, SIGWINCH);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGQUIT);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, &old);
	int sfd = signalfd(-1, &mask, SFD_CLOEXEC);
	struct termios saved, raw;
	bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0;
	if (tty) {
		copy_winsize(STDIN_FILENO, s->master);
		raw = saved;
		cfmakeraw(&raw);
		tcsetattr(STDIN_FILENO, TCSADRAIN, &raw);
	}
	int r = guest_session_go(s, err);
	if (r == 0)
		relay_loop(s, sfd, tty);
	if (tty)
		tcsetattr(STDIN_FILENO, TCSADRAIN, &saved);
	if (sfd >= 0)
		close(sfd);
	int wr = guest_session_wait(s, status, err);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return r < 0 ? r : wr;
}
