/* The command language's syntax: POSIX-shell-like words (single quotes literal, double quotes with
 * \" \\ \$ \` escapes, backslash outside quotes), `;` or newline between commands, `#` comments at
 * the start of a word, backslash-newline continuation. No expansion of any kind: `$x` and `*` are
 * plain text, so a script means the same on every host. */
#ifndef VSM_CMD_PARSE_H
#define VSM_CMD_PARSE_H
#include <stddef.h>
#include "backend/error.h"

#define CMD_PARSE_LINE_MAX 65536	/* bytes in one physical line */
#define CMD_PARSE_WORDS_MAX 4096	/* words in one command */
#define CMD_PARSE_TEXT_MAX (16 << 20)	/* a whole script */

struct cmd_line {
	char **argv;	/* NULL-terminated */
	int argc;
	int line, col;	/* where the command starts, 1-based */
};
struct cmd_script {
	struct cmd_line *cmds;
	size_t n;
};

/* Parse LEN bytes of TEXT whose first line is number FIRST_LINE. All or nothing: on error OUT is
 * empty, *ERR_LINE is the offending line and ERR says "column C: what" . -EAGAIN means the text
 * ends inside a quote or after a backslash (a shell may read another line and try again);
 * -EINVAL any other error (NUL or control bytes, overlong lines, too many words). */
int cmd_parse(const char *text, size_t len, int first_line, struct cmd_script *out, int *err_line,
	      struct vsm_error *err);
void cmd_script_free(struct cmd_script *s);
/* S as one word of the language (quoted only when it must be); malloc'd, NULL on ENOMEM. */
char *cmd_quote(const char *s);
#endif
