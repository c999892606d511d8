/* exec NAME [--] CMD [ARGS...]: run a program inside a running guest (backend/exec.c). Its stdin
 * is /dev/null (in `vsm < script` stdin is the script itself), its stdout and stderr come back
 * through the command's output, and its exit status is the command's. */
#include "backend/cmd_common.h"
#include "backend/exec.h"
#include "backend/json_out.h"
#include "backend/status.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define EXEC_JSON_OUTPUT_MAX (1 << 20)

/* The child: guest_exec joins the guest's namespaces for good, hence the fork. */
static void exec_child(int outfd, const char *name, char **argv)
{
	int null = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (null < 0 || dup2(null, 0) < 0 || dup2(outfd, 1) < 0 || dup2(outfd, 2) < 0)
		_exit(127);
	struct vsm_error e = { 0 };
	int status = 127;
	if (guest_exec(name, argv, &status, &e) < 0) {
		dprintf(2, "exec: %s\n", e.msg);
		_exit(126);
	}
	_exit(status & 0xff);
}

struct capture {
	char *buf;
	size_t len, cap;
};

static void capture_add(struct capture *c, const char *b, size_t n)
{
	if (c->len + n > EXEC_JSON_OUTPUT_MAX)
		n = EXEC_JSON_OUTPUT_MAX - c->len;
	if (c->len + n + 1 > c->cap) {
		size_t cap = (c->len + n + 1) * 2;
		char *p = realloc(c->buf, cap);
		if (!p)
			return;
		c->buf = p;
		c->cap = cap;
	}
	memcpy(c->buf + c->len, b, n);
	c->len += n;
	c->buf[c->len] = '\0';
}

static int exec_exec(struct cmd_ctx *cx, int argc, char **argv, struct vsm_error *err)
{
	const char *name = argv[1];
	char **prog = argv + 2;
	if (argc > 2 && !strcmp(prog[0], "--"))
		prog++;
	if (!*prog) {
		vsm_error_set(err, EINVAL, "exec: no command given (usage: exec NAME [--] CMD...)");
		return CMD_USAGE;
	}
	if (cmd_guest_check(name, err) < 0)
		return CMD_FAIL;
	if (!guest_is_running(name)) {
		vsm_error_set(err, ESRCH, "%s: exec: the guest is not running", name);
		return CMD_FAIL;
	}
	int p[2];
	if (pipe2(p, O_CLOEXEC) < 0) {
		vsm_error_sys(err, errno, "exec: pipe");
		return CMD_FAIL;
	}
	pid_t pid = fork();
	if (pid < 0) {
		vsm_error_sys(err, errno, "exec: fork");
		close(p[0]);
		close(p[1]);
		return CMD_FAIL;
	}
	if (pid == 0) {
		close(p[0]);
		exec_child(p[1], name, prog);
	}
	close(p[1]);
	struct capture cap = { 0 };
	char buf[4096];
	ssize_t n;
	while ((n = read(p[0], buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (cx->out->json)
			capture_add(&cap, buf, (size_t)n);
		else
			cmd_out_write(cx->out, buf, (size_t)n);
	}
	close(p[0]);
	int ws = 0;
	while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
		;
	int status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	if (cx->out->json) {
		json_t *o = cmd_json_result("exec", name, status == 0, "");
		json_object_set_new(o, "status", json_integer(status));
		json_object_set_new(o, "output", json_stringn(cap.buf ? cap.buf : "", cap.len));
		cmd_out_json(cx->out, o, NULL);
	}
	free(cap.buf);
	if (status != 0)
		vsm_error_set(err, ECHILD, "%s: exec: %s exited with status %d", name, prog[0], status);
	return status;
}

const struct vsm_command cmd_exec = {
	.name = "exec",
	.min_args = 2, .max_args = -1,
	.args = { CMD_ARG_GUEST, CMD_ARG_ANY },
	.usage = "exec NAME [--] CMD [ARGS...]",
	.help = "Run CMD inside the running guest with the guest's capabilities and seccomp filter, "
		"stdin from /dev/null; its output is the command's output and its exit status the "
		"command's status. Use -- before a CMD whose arguments start with '-'.",
	.exec = exec_exec,
};
