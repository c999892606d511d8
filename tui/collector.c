/* The collector thread and the snapshot hand-over. */
#include "tui/collector.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct collector {
	pthread_t thread;
	pthread_mutex_t lock;	/* held by the thread while it refreshes, by the UI while it copies */
	pthread_cond_t cond;
	struct monitor *mon;
	unsigned interval_ms;
	bool fresh;		/* a snapshot the UI has not taken yet */
	atomic_bool poked;	/* refresh again as soon as the current one ends */
	bool quit;
	int rc;			/* result of the last refresh */
	struct vsm_error err;
	int pipe[2];		/* one byte per new snapshot: wakes the UI's poll() */
};

static void *collector_main(void *arg)
{
	struct collector *c = arg;
	pthread_mutex_lock(&c->lock);
	while (!c->quit) {
		atomic_store(&c->poked, false);
		c->rc = monitor_refresh(c->mon, &c->err);
		c->fresh = true;
		char b = 1;
		/* A full pipe means the UI has a wake-up pending already. */
		if (write(c->pipe[1], &b, 1) < 0 && errno != EAGAIN)
			break;
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += c->interval_ms / 1000;
		until.tv_nsec += (long)(c->interval_ms % 1000) * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		while (!c->quit && !atomic_load(&c->poked) &&
		       pthread_cond_timedwait(&c->cond, &c->lock, &until) != ETIMEDOUT)
			;
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

int collector_start(struct collector **out, unsigned flags, unsigned interval_ms,
		    struct vsm_error *err)
{
	struct collector *c = calloc(1, sizeof(*c));
	if (!c)
		return vsm_error_set(err, ENOMEM, "collector: out of memory");
	int r = monitor_open(&c->mon, flags, err);
	if (r < 0) {
		free(c);
		return r;
	}
	if (pipe2(c->pipe, O_CLOEXEC | O_NONBLOCK) < 0) {
		r = vsm_error_sys(err, errno, "collector: pipe2");
		monitor_close(c->mon);
		free(c);
		return r;
	}
	c->interval_ms = interval_ms;
	pthread_mutex_init(&c->lock, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&c->cond, &ca);
	pthread_condattr_destroy(&ca);
	r = pthread_create(&c->thread, NULL, collector_main, c);
	if (r) {
		close(c->pipe[0]);
		close(c->pipe[1]);
		monitor_close(c->mon);
		free(c);
		return vsm_error_sys(err, r, "collector: pthread_create");
	}
	*out = c;
	return 0;
}

int collector_fd(const struct collector *c)
{
	return c->pipe[0];
}

void snapshot_copy_free(struct snapshot *s)
{
	free(s->guests);
	if (s->procs && s->nprocs)
		free((char *)s->procs[0].cmdline);
	free(s->procs);
	memset(s, 0, sizeof(*s));
}

/* Deep copy: the arrays and every command line (into one block, in process order). */
static int snapshot_copy(struct snapshot *dst, const struct snapshot *src)
{
	struct snapshot n = *src;
	size_t text = 0;
	n.guests = NULL;
	n.procs = NULL;
	for (size_t i = 0; i < src->nprocs; i++)
		text += strlen(src->procs[i].cmdline) + 1;
	n.guests = malloc((src->nguests ? src->nguests : 1) * sizeof(*n.guests));
	n.procs = malloc((src->nprocs ? src->nprocs : 1) * sizeof(*n.procs));
	char *buf = malloc(text ? text : 1);
	if (!n.guests || !n.procs || !buf) {
		free(n.guests);
		free(n.procs);
		free(buf);
		return -ENOMEM;
	}
	memcpy(n.guests, src->guests, src->nguests * sizeof(*n.guests));
	memcpy(n.procs, src->procs, src->nprocs * sizeof(*n.procs));
	char *p = buf;
	for (size_t i = 0; i < src->nprocs; i++) {
		size_t len = strlen(src->procs[i].cmdline) + 1;
		memcpy(p, src->procs[i].cmdline, len);
		n.procs[i].cmdline = p;
		p += len;
	}
	if (!src->nprocs)
		free(buf);
	snapshot_copy_free(dst);
	*dst = n;
	return 0;
}

int collector_take(struct collector *c, struct snapshot *dst, struct vsm_error *err)
{
	char drain[64];
	while (read(c->pipe[0], drain, sizeof(drain)) > 0)
		;
	int r = 0;
	pthread_mutex_lock(&c->lock);
	if (c->fresh) {
		c->fresh = false;
		if (c->rc < 0) {
			r = c->rc;
			if (err)
				*err = c->err;
		} else {
			const struct snapshot *s = monitor_snapshot(c->mon);
			r = s ? snapshot_copy(dst, s) : 0;
			if (r < 0)
				vsm_error_set(err, -r, "snapshot copy: out of memory");
			else if (s)
				r = 1;
		}
	}
	pthread_mutex_unlock(&c->lock);
	return r;
}

void collector_poke(struct collector *c)
{
	/* Never wait for a refresh in progress: the flag is read when it ends. */
	atomic_store(&c->poked, true);
	if (pthread_mutex_trylock(&c->lock) == 0) {
		pthread_cond_signal(&c->cond);
		pthread_mutex_unlock(&c->lock);
	}
}

void collector_stop(struct collector *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	c->quit = true;
	pthread_cond_signal(&c->cond);
	pthread_mutex_unlock(&c->lock);
	pthread_join(c->thread, NULL);
	close(c->pipe[0]);
	close(c->pipe[1]);
	monitor_close(c->mon);
	pthread_mutex_destroy(&c->lock);
	pthread_cond_destroy(&c->cond);
	free(c);
}
