/* Host side of the TIOCSTI test (B21): runs a command on a pty this program owns, as that pty's
 * controlling terminal, and afterwards reads what is left in the terminal's input queue. Anything
 * a guest pushed with TIOCSTI would be read by the next program on the terminal (the admin's
 * shell); here it is read by us. Prints the command's output, then "injected: <bytes>" or
 * "clean", and exits 1 if MARKER was injected. Usage: sec-pty MARKER CMD [ARGS...]
 * SPDX-License-Identifier: GPL-3.0-or-later */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static void drain(int fd, int ms, char *keep, size_t keeplen, size_t *used, int echo)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	while (poll(&p, 1, ms) > 0 && (p.revents & POLLIN)) {
		char buf[512];
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n <= 0)
			break;
		if (echo && write(1, buf, (size_t)n) < 0)
			break;
		if (keep && *used + (size_t)n < keeplen) {
			memcpy(keep + *used, buf, (size_t)n);
			*used += (size_t)n;
			keep[*used] = 0;
		}
	}
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: sec-pty MARKER CMD [ARGS...]\n");
		return 2;
	}
	int m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (m < 0 || grantpt(m) < 0 || unlockpt(m) < 0)
		return perror("pty"), 2;
	const char *sname = ptsname(m);
	int s = open(sname, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (s < 0)
		return perror(sname), 2;
	struct termios t;
	tcgetattr(s, &t);
	cfmakeraw(&t);
	tcsetattr(s, TCSANOW, &t);
	pid_t pid = fork();
	if (pid == 0) {
		setsid();
		ioctl(s, TIOCSCTTY, 0);
		for (int fd = 0; fd < 3; fd++)
			dup2(s, fd);
		execvp(argv[2], argv + 2);
		_exit(127);
	}
	int st;
	char out[4096];
	size_t used = 0;
	while (waitpid(pid, &st, WNOHANG) == 0)
		drain(m, 50, NULL, 0, &used, 1);
	drain(m, 100, NULL, 0, &used, 1);
	/* What is queued on the terminal's input side now: read it as the next program would. */
	fcntl(s, F_SETFL, O_NONBLOCK);
	used = 0;
	out[0] = 0;
	drain(s, 300, out, sizeof(out) - 1, &used, 0);
	if (strstr(out, argv[1])) {
		printf("injected: %s\n", out);
		return 1;
	}
	printf("clean (%zu bytes queued)\n", used);
	return 0;
}
