/* Tokenizer and parser of the command language (syntax in cmd_parse.h). One pass over the bytes;
 * a script is parsed whole before anything runs, so an ill-formed script changes nothing. */
#include "backend/cmd_parse.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

enum quote { Q_NONE, Q_SINGLE, Q_DOUBLE };

struct parser {
	struct cmd_script *out;
	char *word;		/* current word */
	size_t wlen, wcap;
	bool in_word;
	char **argv;		/* current command */
	int argc, argvcap;
	int cmd_line, cmd_col;
	int line, col;		/* position of the byte being read */
};

static int word_add(struct parser *p, char c)
{
	if (p->wlen + 2 > p->wcap) {
		size_t cap = p->wcap ? p->wcap * 2 : 64;
		char *w = realloc(p->word, cap);
		if (!w)
			return -ENOMEM;
		p->word = w;
		p->wcap = cap;
	}
	p->word[p->wlen++] = c;
	return 0;
}

static int word_start(struct parser *p)
{
	if (!p->in_word && p->argc == 0) {
		p->cmd_line = p->line;
		p->cmd_col = p->col;
	}
	p->in_word = true;
	return 0;
}

static int word_end(struct parser *p, struct vsm_error *err)
{
	if (!p->in_word)
		return 0;
	if (p->argc + 2 > CMD_PARSE_WORDS_MAX)
		return vsm_error_set(err, EINVAL, "column %d: more than %d words in one command",
				     p->col, CMD_PARSE_WORDS_MAX);
	if (p->argc + 2 > p->argvcap) {
		int cap = p->argvcap ? p->argvcap * 2 : 8;
		char **v = realloc(p->argv, (size_t)cap * sizeof(*v));
		if (!v)
			return vsm_error_set(err, ENOMEM, "out of memory");
		p->argv = v;
		p->argvcap = cap;
	}
	char *w = malloc(p->wlen + 1);
	if (!w)
		return vsm_error_set(err, ENOMEM, "out of memory");
	if (p->wlen)
		memcpy(w, p->word, p->wlen);
	w[p->wlen] = '\0';
	p->argv[p->argc++] = w;
	p->argv[p->argc] = NULL;
	p->wlen = 0;
	p->in_word = false;
	return 0;
}

static int command_end(struct parser *p, struct vsm_error *err)
{
	int r = word_end(p, err);
	if (r < 0)
		return r;
	if (p->argc == 0)
		return 0;	/* empty command: blank line, `;;`, a comment */
	struct cmd_line *v = realloc(p->out->cmds, (p->out->n + 1) * sizeof(*v));
	if (!v)
		return vsm_error_set(err, ENOMEM, "out of memory");
	p->out->cmds = v;
	v[p->out->n++] = (struct cmd_line){ p->argv, p->argc, p->cmd_line, p->cmd_col };
	p->argv = NULL;
	p->argc = p->argvcap = 0;
	return 0;
}

static void parser_free(struct parser *p)
{
	for (int i = 0; i < p->argc; i++)
		free(p->argv[i]);
	free(p->argv);
	free(p->word);
}

/* A byte no script should hold: NUL and control characters other than tab, CR and newline. */
static bool byte_is_garbage(unsigned char c)
{
	return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
}

static int parse_bytes(struct parser *p, const char *t, size_t len, int *err_line,
		       struct vsm_error *err)
{
	enum quote q = Q_NONE;
	int qline = 0, qcol = 0;
	int r;
	for (size_t i = 0; i < len; i++, p->col++) {
		unsigned char c = (unsigned char)t[i];
		*err_line = p->line;
		if (byte_is_garbage(c))
			return vsm_error_set(err, EINVAL, "column %d: %s byte 0x%02x (binary data?)",
					     p->col, c ? "control" : "NUL", c);
		if (p->col > CMD_PARSE_LINE_MAX)
			return vsm_error_set(err, EINVAL, "line longer than %d bytes",
					     CMD_PARSE_LINE_MAX);
		if (q == Q_SINGLE) {
			if (c == '\'')
				q = Q_NONE;
			else if ((r = word_add(p, (char)c)) < 0)
				goto nomem;
		} else if (q == Q_DOUBLE) {
			if (c == '"') {
				q = Q_NONE;
			} else if (c == '\\' && i + 1 < len && t[i + 1] == '\n') {
				i++;
				p->line++;
				p->col = 0;
				continue;
			} else if (c == '\\' && i + 1 < len && strchr("$`\"\\", t[i + 1])) {
				if ((r = word_add(p, t[++i])) < 0)
					goto nomem;
				p->col++;
			} else if ((r = word_add(p, (char)c)) < 0) {
				goto nomem;
			}
		} else if (c == ' ' || c == '\t' || c == '\r') {
			if ((r = word_end(p, err)) < 0)
				return r;
		} else if (c == '\n' || c == ';') {
			if ((r = command_end(p, err)) < 0)
				return r;
		} else if (c == '#' && !p->in_word) {
			while (i + 1 < len && t[i + 1] != '\n')
				i++;	/* the comment's bytes are not checked: any text may follow # */
		} else if (c == '\\') {
			if (i + 1 >= len)
				return vsm_error_set(err, EAGAIN, "column %d: backslash at the end of the "
						     "input (a continuation needs another line)", p->col);
			if (t[i + 1] == '\n') {
				i++;
			} else {
				word_start(p);
				if (byte_is_garbage((unsigned char)t[i + 1]))
					continue;	/* reported on the next round */
				if ((r = word_add(p, t[++i])) < 0)
					goto nomem;
				p->col++;
				continue;
			}
		} else if (c == '\'' || c == '"') {
			word_start(p);
			q = c == '\'' ? Q_SINGLE : Q_DOUBLE;
			qline = p->line;
			qcol = p->col;
		} else {
			word_start(p);
			if ((r = word_add(p, (char)c)) < 0)
				goto nomem;
		}
		if (c == '\n' || (c == '\\' && t[i] == '\n')) {
			p->line++;
			p->col = 0;
		}
	}
	if (q != Q_NONE) {
		*err_line = qline;
		return vsm_error_set(err, EAGAIN, "column %d: unterminated %s quote", qcol,
				     q == Q_SINGLE ? "single" : "double");
	}
	return command_end(p, err);
nomem:
	return vsm_error_set(err, ENOMEM, "out of memory");
}

int cmd_parse(const char *text, size_t len, int first_line, struct cmd_script *out, int *err_line,
	      struct vsm_error *err)
{
	struct parser p = { .out = out, .line = first_line, .col = 1 };
	int dummy;
	if (!err_line)
		err_line = &dummy;
	*err_line = first_line;
	out->cmds = NULL;
	out->n = 0;
	if (len > CMD_PARSE_TEXT_MAX)
		return vsm_error_set(err, EINVAL, "input longer than %d bytes", CMD_PARSE_TEXT_MAX);
	int r = parse_bytes(&p, text, len, err_line, err);
	parser_free(&p);
	if (r < 0)
		cmd_script_free(out);
	return r;
}

void cmd_script_free(struct cmd_script *s)
{
	for (size_t i = 0; i < s->n; i++) {
		for (int k = 0; k < s->cmds[i].argc; k++)
			free(s->cmds[i].argv[k]);
		free(s->cmds[i].argv);
	}
	free(s->cmds);
	s->cmds = NULL;
	s->n = 0;
}

char *cmd_quote(const char *s)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "0123456789_@%+=:,./-";
	size_t n = strlen(s);
	if (n && strspn(s, safe) == n && s[0] != '#')
		return strdup(s);
	size_t quotes = 0;
	for (const char *c = s; *c; c++)
		quotes += *c == '\'';
	char *q = malloc(n + quotes * 3 + 3), *o = q;
	if (!q)
		return NULL;
	*o++ = '\'';
	for (const char *c = s; *c; c++) {
		if (*c == '\'') {
			memcpy(o, "'\\''", 4);	/* close, escaped quote, reopen */
			o += 4;
		} else {
			*o++ = *c;
		}
	}
	*o++ = '\'';
	*o = '\0';
	return q;
}
