/* Errors below the front ends: returned, never printed (crun's libcrun_error_t is the model). */
#ifndef VSM_ERROR_H
#define VSM_ERROR_H

#include <errno.h>

struct vsm_error {
	int code;	/* positive errno value, 0 when no error */
	char msg[256];	/* names the thing: file and line, guest, syscall, what was expected */
};

/* Fill ERR (may be NULL) and return -CODE, so callers can write `return vsm_error_set(...)`. */
int vsm_error_set(struct vsm_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Like vsm_error_set, appending ": strerror(code)". */
int vsm_error_sys(struct vsm_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Prepend "PREFIX: " to an already set message (adds context on the way up). */
int vsm_error_prefix(struct vsm_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void vsm_error_clear(struct vsm_error *err);

#endif
