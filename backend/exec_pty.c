/* A fresh pty from the guest's devpts for `enter` (DESIGN.md: never a host pty). The process that
 * joined the guest opens /dev/pts/ptmx there — the guest's own devpts instance — and passes the
 * master back; the host proxies between its terminal and that master, so the guest never holds a
 * host tty (security.md B21). */
#include "backend/exec_pty.h"

#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#ifndef DEVPTS_SUPER_MAGIC
#define DEVPTS_SUPER_MAGIC 0x1cd1
#endif
#ifndef TIOCGPTPEER
#define TIOCGPTPEER _IO('T', 0x41)
#endif

/* A pty master is a character device on a devpts mount (the guest cannot mount: no CAP_SYS_ADMIN,
 * but it can put another file at /dev/pts/ptmx's path in a tmpfs it owns). */
static int pty_check_master(int fd, const char *who, struct vsm_error *err)
{
	struct statfs sfs;
	struct stat st;
	if (fstatfs(fd, &sfs) < 0 || fstat(fd, &st) < 0)
		return vsm_error_sys(err, errno, "%s: fstat of the pty master", who);
	if (sfs.f_type != DEVPTS_SUPER_MAGIC || !S_ISCHR(st.st_mode))
		return vsm_error_set(err, EPERM, "%s: the guest's /dev/pts/ptmx is not a devpts pty "
				     "multiplexer", who);
	return 0;
}

int exec_pty_open_send(int sockfd, struct vsm_error *err)
{
	int m = open("/dev/pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC | O_NOFOLLOW);
	if (m < 0)
		return vsm_error_sys(err, errno, "open /dev/pts/ptmx in the guest");
	int r = pty_check_master(m, "guest", err);
	int unlock = 0;
	if (r == 0 && ioctl(m, TIOCSPTLCK, &unlock) < 0)
		r = vsm_error_sys(err, errno, "unlock the guest pty");
	/* TIOCGPTPEER opens the slave through the master: no path lookup of /dev/pts/N a guest
	 * process could race. */
	int slave = r == 0 ? ioctl(m, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC) : -1;
	if (r == 0 && slave < 0)
		r = vsm_error_sys(err, errno, "open the guest pty's slave");
	if (r == 0) {
		char byte = 'm';
		struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
		union {
			struct cmsghdr h;
			char buf[CMSG_SPACE(sizeof(int))];
		} u;
		memset(&u, 0, sizeof(u));
		struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
				      .msg_controllen = sizeof(u.buf) };
		struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &m, sizeof(int));
		if (sendmsg(sockfd, &msg, MSG_NOSIGNAL) != 1)
			r = vsm_error_sys(err, errno, "send the pty master to the host");
	}
	close(m);
	if (r < 0) {
		if (slave >= 0)
			close(slave);
		return r;
	}
	return slave;
}

int exec_pty_receive(int sockfd, struct vsm_error *err)
{
	char byte;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	memset(&u, 0, sizeof(u));
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf,
			      .msg_controllen = sizeof(u.buf) };
	ssize_t n;
	while ((n = recvmsg(sockfd, &msg, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR)
		;
	if (n < 0)
		return vsm_error_sys(err, errno, "receive the guest pty");
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	if (n == 0 || !c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS ||
	    c->cmsg_len != CMSG_LEN(sizeof(int)))
		return vsm_error_set(err, EIO, "the guest side ended before its pty was opened");
	int fd;
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	int r = pty_check_master(fd, "host", err);
	if (r < 0) {
		close(fd);
		return r;
	}
	return fd;
}
