/* The error object every fallible function below the front ends fills. */
#include "backend/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int error_vset(struct vsm_error *err, int code, int with_errno, const char *fmt, va_list ap)
{
	if (code < 0)
		code = -code;
	if (code == 0)
		code = EINVAL;
	if (!err)
		return -code;
	err->code = code;
	int n = vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	if (with_errno && n >= 0 && (size_t)n < sizeof(err->msg))
		snprintf(err->msg + n, sizeof(err->msg) - n, ": %s", strerror(code));
	return -code;
}

int vsm_error_set(struct vsm_error *err, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = error_vset(err, code, 0, fmt, ap);
	va_end(ap);
	return r;
}

int vsm_error_sys(struct vsm_error *err, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = error_vset(err, code, 1, fmt, ap);
	va_end(ap);
	return r;
}

int vsm_error_prefix(struct vsm_error *err, const char *fmt, ...)
{
	if (!err)
		return -EINVAL;
	char prefix[128], old[sizeof(err->msg)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	snprintf(err->msg, sizeof(err->msg), "%s: %s", prefix, old);
	return -(err->code ? err->code : EINVAL);
}

void vsm_error_clear(struct vsm_error *err)
{
	if (err) {
		err->code = 0;
		err->msg[0] = '\0';
	}
}
