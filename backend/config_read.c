/* Config file reading primitives: lines, first-line scalars, numbers, sizes, error prefixes. */
#include "backend/config_internal.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int config_error(struct vsm_error *err, const char *path, int line, const char *fmt, ...)
{
	char msg[sizeof(err->msg)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (line > 0)
		return vsm_error_set(err, EINVAL, "%s:%d: %s", path, line, msg);
	return vsm_error_set(err, EINVAL, "%s: %s", path, msg);
}

void config_warnf(config_warn_fn warn, void *ctx, const char *fmt, ...)
{
	if (!warn)
		return;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	warn(ctx, msg);
}

int config_lines_open(struct config_lines *it, const char *path, const char *text, size_t len,
		      struct vsm_error *err)
{
	memset(it, 0, sizeof(*it));
	it->path = path;
	if (len >= 3 && (unsigned char)text[0] == 0xef && (unsigned char)text[1] == 0xbb &&
	    (unsigned char)text[2] == 0xbf) {
		text += 3;
		len -= 3;
	}
	/* A NUL byte means a binary file: refuse rather than read a truncated value. */
	const char *nul = memchr(text, '\0', len);
	if (nul) {
		int line = 1;
		for (const char *p = text; p < nul; p++)
			line += *p == '\n';
		return config_error(err, path, line, "expected text, found a NUL byte");
	}
	it->buf = malloc(len + 1);
	if (!it->buf)
		return vsm_error_set(err, ENOMEM, "%s: out of memory", path);
	memcpy(it->buf, text, len);
	it->buf[len] = '\0';
	it->next = it->buf;
	it->end = it->buf + len;
	return 0;
}

static char *lines_next_raw(struct config_lines *it)
{
	if (!it->next || it->next >= it->end)
		return NULL;
	char *line = it->next;
	char *nl = memchr(line, '\n', (size_t)(it->end - line));
	if (nl) {
		*nl = '\0';
		it->next = nl + 1;
	} else {
		it->next = it->end;
	}
	it->lineno++;
	size_t n = strlen(line);
	while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
		line[--n] = '\0';
	return line;
}

char *config_lines_next(struct config_lines *it, bool skip)
{
	for (;;) {
		char *line = lines_next_raw(it);
		if (!line || !skip)
			return line;
		while (*line == ' ' || *line == '\t')
			line++;
		if (*line && *line != '#')
			return line;
	}
}

void config_lines_close(struct config_lines *it)
{
	free(it->buf);
	it->buf = it->next = it->end = NULL;
}

int config_first_line(const char *path, const char *text, size_t len, char *out, size_t outlen,
		      struct vsm_error *err)
{
	struct config_lines it;
	int r = config_lines_open(&it, path, text, len, err);
	if (r < 0)
		return r;
	char *line = config_lines_next(&it, false);
	if (!line)
		line = "";
	while (*line == ' ' || *line == '\t')
		line++;
	size_t n = strlen(line);
	if (n >= outlen)
		r = config_error(err, path, 1, "expected at most %zu characters, got %zu",
				 outlen - 1, n);
	else
		memcpy(out, line, n + 1);
	config_lines_close(&it);
	return r;
}

int config_parse_int(const char *path, int line, const char *s, long long min, long long max,
		     long long *out, struct vsm_error *err)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (!*s || *end || errno || isspace((unsigned char)*s) || v < min || v > max)
		return config_error(err, path, line, "expected an integer %lld..%lld, got '%.40s'",
				    min, max, s);
	*out = v;
	return 0;
}

static bool is_unlimited_word(const char *s)
{
	return !strcasecmp(s, "inf") || !strcasecmp(s, "max") || !strcasecmp(s, "unlimited") ||
	       !strcasecmp(s, "infinity");
}

int config_parse_u64_inf(const char *path, int line, const char *s, uint64_t *out,
			 struct vsm_error *err)
{
	if (is_unlimited_word(s)) {
		*out = CONFIG_UNLIMITED;
		return 0;
	}
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (!isdigit((unsigned char)*s) || *end || errno || v == CONFIG_UNLIMITED)
		return config_error(err, path, line,
				    "expected a non-negative integer or 'inf', got '%.40s'", s);
	*out = v;
	return 0;
}

int config_parse_size(const char *path, int line, const char *s, uint64_t *out,
		      struct vsm_error *err)
{
	if (is_unlimited_word(s)) {
		*out = CONFIG_UNLIMITED;
		return 0;
	}
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	unsigned shift = 0;
	if (isdigit((unsigned char)*s) && !errno) {
		switch (toupper((unsigned char)*end)) {
		case 'K': shift = 10; end++; break;
		case 'M': shift = 20; end++; break;
		case 'G': shift = 30; end++; break;
		case 'T': shift = 40; end++; break;
		default: break;
		}
		if (shift && (*end == 'B' || *end == 'b'))
			end++;
	}
	if (!isdigit((unsigned char)*s) || *end || errno || (shift && v > (UINT64_MAX >> shift)) ||
	    (v << shift) == CONFIG_UNLIMITED)
		return config_error(err, path, line,
				    "expected a size in bytes (suffix K, M, G or T allowed) or "
				    "'max', got '%.40s'", s);
	*out = (uint64_t)v << shift;
	return 0;
}

int config_format_u64_inf(uint64_t v, char *buf, size_t len)
{
	if (v == CONFIG_UNLIMITED)
		return snprintf(buf, len, "inf");
	return snprintf(buf, len, "%llu", (unsigned long long)v);
}

bool config_is_hostname(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 64)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isgraph((unsigned char)s[i]) || !isascii((unsigned char)s[i]))
			return false;
	return true;
}

bool config_is_ifname(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 15 || !strcmp(s, ".") || !strcmp(s, ".."))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!isascii(c) || !(isalnum(c) || c == '_' || c == '-' || c == '.' || c == '@'))
			return false;
	}
	return true;
}

bool config_is_token(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (!isascii(c) || !(isalnum(c) || strchr("_.:+-", c)))
			return false;
	}
	return true;
}
