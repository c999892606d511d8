/* Shared by kernel/netlink*.c: the socket and one request/ack round trip. */
#ifndef VSM_KERNEL_NETLINK_INTERNAL_H
#define VSM_KERNEL_NETLINK_INTERNAL_H

#include <libmnl/libmnl.h>
#include "kernel/netlink.h"

struct nl_sock {
	struct mnl_socket *mnl;
	unsigned portid;
	unsigned seq;
	char buf[32768]; /* big enough for one dump batch */
};

/* A fresh request of TYPE with FLAGS (NLM_F_REQUEST | NLM_F_ACK are added) in S->buf. */
struct nlmsghdr *nl_msg_start(struct nl_sock *s, int type, int flags);
/* Send NLH, run CB over the answers (dumps: every part), return 0 or -errno from the ack. */
int nl_talk(struct nl_sock *s, struct nlmsghdr *nlh, mnl_cb_t cb, void *data);

#endif
