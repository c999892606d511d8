/* TCP connect latency for bench_net.sh.
 *   bench_connect server PORT          accept and close connections until killed (v4 and v6)
 *   bench_connect client IP PORT N     N sequential connect()+close(); prints "median_us p99_us" */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static int server(int port)
{
	int s = socket(AF_INET6, SOCK_STREAM, 0), one = 1, zero = 0;
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	struct sockaddr_in6 a = { .sin6_family = AF_INET6, .sin6_port = htons((unsigned short)port),
				  .sin6_addr = IN6ADDR_ANY_INIT };
	if (bind(s, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(s, 128) < 0) {
		perror("bind/listen");
		return 1;
	}
	for (;;) {
		int c = accept(s, NULL, NULL);
		if (c >= 0)
			close(c);
	}
}

static int client(const char *ip, int port, int n)
{
	struct sockaddr_storage ss = { 0 };
	socklen_t len;
	int fam = strchr(ip, ':') ? AF_INET6 : AF_INET;
	if (fam == AF_INET6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((unsigned short)port);
		inet_pton(AF_INET6, ip, &a->sin6_addr);
		len = sizeof(*a);
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)&ss;
		a->sin_family = AF_INET;
		a->sin_port = htons((unsigned short)port);
		inet_pton(AF_INET, ip, &a->sin_addr);
		len = sizeof(*a);
	}
	double *t = calloc((size_t)n, sizeof(double));
	for (int i = 0; i < n; i++) {
		struct timespec t0, t1;
		int s = socket(fam, SOCK_STREAM, 0);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (connect(s, (struct sockaddr *)&ss, len) < 0) {
			perror("connect");
			return 1;
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		/* RST instead of TIME_WAIT: thousands of runs must not exhaust the ports. */
		struct linger lg = { 1, 0 };
		setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		close(s);
		t[i] = (double)(t1.tv_sec - t0.tv_sec) * 1e6 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e3;
	}
	qsort(t, (size_t)n, sizeof(double), cmp);
	printf("%.1f %.1f\n", t[n / 2], t[(n * 99) / 100]);
	free(t);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "server"))
		return server(atoi(argv[2]));
	if (argc == 5 && !strcmp(argv[1], "client"))
		return client(argv[2], atoi(argv[3]), atoi(argv[4]));
	fprintf(stderr, "usage: bench_connect server PORT | client IP PORT N\n");
	return 2;
}
