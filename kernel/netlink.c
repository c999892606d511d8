/* The rtnetlink socket: open it (here or inside another network namespace) and do one request
 * with its ack or one dump. Errors come back as the kernel's errno through mnl_cb_run. */
#include "kernel/netlink_internal.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

int nl_open(struct nl_sock **out, struct vsm_error *err)
{
	struct nl_sock *s = calloc(1, sizeof(*s));
	if (!s)
		return vsm_error_set(err, ENOMEM, "netlink: out of memory");
	s->mnl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!s->mnl || mnl_socket_bind(s->mnl, 0, MNL_SOCKET_AUTOPID) < 0) {
		int e = errno;
		if (s->mnl)
			mnl_socket_close(s->mnl);
		free(s);
		return vsm_error_sys(err, e, "netlink: socket(NETLINK_ROUTE)");
	}
	/* A kernel that never answers must not hang a guest's start forever. */
	struct timeval tv = { 10, 0 };
	setsockopt(mnl_socket_get_fd(s->mnl), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	s->portid = mnl_socket_get_portid(s->mnl);
	s->seq = (unsigned)time(NULL);
	*out = s;
	return 0;
}

/* setns there, open, setns back: a netlink socket keeps the namespace it was created in. The
 * caller must be single-threaded (setns moves only the calling thread). */
int nl_open_netns(int nsfd, struct nl_sock **out, struct vsm_error *err)
{
	int self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self < 0)
		return vsm_error_sys(err, errno, "netlink: open /proc/thread-self/ns/net");
	int r;
	if (setns(nsfd, CLONE_NEWNET) < 0) {
		r = vsm_error_sys(err, errno, "netlink: setns into the guest's network namespace");
		close(self);
		return r;
	}
	r = nl_open(out, err);
	if (setns(self, CLONE_NEWNET) < 0) {
		/* Staying in the guest's namespace would misconfigure the host: give up loudly. */
		abort();
	}
	close(self);
	return r;
}

void nl_close(struct nl_sock *s)
{
	if (!s)
		return;
	mnl_socket_close(s->mnl);
	free(s);
}

struct nlmsghdr *nl_msg_start(struct nl_sock *s, int type, int flags)
{
	memset(s->buf, 0, sizeof(s->buf));
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(s->buf);
	nlh->nlmsg_type = (unsigned short)type;
	nlh->nlmsg_flags = (unsigned short)(NLM_F_REQUEST | NLM_F_ACK | flags);
	nlh->nlmsg_seq = ++s->seq;
	return nlh;
}

int nl_talk(struct nl_sock *s, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	unsigned seq = nlh->nlmsg_seq;
	if (mnl_socket_sendto(s->mnl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		ssize_t n = mnl_socket_recvfrom(s->mnl, s->buf, sizeof(s->buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		int r = mnl_cb_run(s->buf, (size_t)n, seq, s->portid, cb, data);
		if (r < 0)
			return errno ? -errno : -EIO;
		if (r == MNL_CB_STOP)
			return 0;
	}
}

const char *nl_addr_str(int family, const void *addr, char *buf, size_t len)
{
	if (!inet_ntop(family, addr, buf, (socklen_t)len))
		snprintf(buf, len, "?");
	return buf;
}
