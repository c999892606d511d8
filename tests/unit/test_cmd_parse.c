/* Proves the command language's tokenizer: shell-like quoting, separators, comments, continuation,
 * line numbers, incomplete input (-EAGAIN), and that garbage, huge lines and too many words are
 * refused with a message and no partial result; cmd_quote's output parses back to its input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "backend/cmd_parse.h"

static struct cmd_script parse_ok(const char *t)
{
	struct cmd_script s;
	struct vsm_error err = { 0 };
	int line;
	int r = cmd_parse(t, strlen(t), 1, &s, &line, &err);
	if (r != 0)
		fail_msg("'%s': %d line %d: %s", t, r, line, err.msg);
	return s;
}

static void expect_words(const struct cmd_line *c, const char *const *w)
{
	int n = 0;
	for (; w[n]; n++) {
		assert_true(n < c->argc);
		assert_string_equal(c->argv[n], w[n]);
	}
	assert_int_equal(c->argc, n);
	assert_null(c->argv[n]);
}

static void test_words_and_quotes(void **state)
{
	struct cmd_script s = parse_ok("set web uts.nodename 'a b' \"c \\\"d\\\" $x\" e\\ f '' \"\"");
	assert_int_equal(s.n, 1);
	expect_words(&s.cmds[0], (const char *const[]){ "set", "web", "uts.nodename", "a b",
			"c \"d\" $x", "e f", "", "", NULL });
	cmd_script_free(&s);
	/* Quotes glue to neighbours; a backslash in single quotes is literal. */
	s = parse_ok("a'b'\"c\"d 'x\\y' \"p\\q\"");
	expect_words(&s.cmds[0], (const char *const[]){ "abcd", "x\\y", "p\\q", NULL });
	cmd_script_free(&s);
}

static void test_separators_comments_lines(void **state)
{
	struct cmd_script s = parse_ok("# header\nstart a; stop b;;\n\n  list # trailing\n"
				       "x '#not' a#b\nset g k 'one\ntwo'\nlast");
	assert_int_equal(s.n, 6);
	expect_words(&s.cmds[0], (const char *const[]){ "start", "a", NULL });
	assert_int_equal(s.cmds[0].line, 2);
	assert_int_equal(s.cmds[0].col, 1);
	expect_words(&s.cmds[1], (const char *const[]){ "stop", "b", NULL });
	assert_int_equal(s.cmds[1].line, 2);
	assert_int_equal(s.cmds[1].col, 10);
	expect_words(&s.cmds[2], (const char *const[]){ "list", NULL });
	assert_int_equal(s.cmds[2].line, 4);
	expect_words(&s.cmds[3], (const char *const[]){ "x", "#not", "a#b", NULL });
	expect_words(&s.cmds[4], (const char *const[]){ "set", "g", "k", "one\ntwo", NULL });
	assert_int_equal(s.cmds[4].line, 6);
	assert_int_equal(s.cmds[5].line, 8);	/* the quoted newline counted */
	cmd_script_free(&s);
}

static void test_continuation(void **state)
{
	struct cmd_script s = parse_ok("build web -m busybox \\\n  --hostname w \\\n -- x\nlist");
	assert_int_equal(s.n, 2);
	expect_words(&s.cmds[0], (const char *const[]){ "build", "web", "-m", "busybox",
			"--hostname", "w", "--", "x", NULL });
	assert_int_equal(s.cmds[1].line, 4);
	cmd_script_free(&s);
	s = parse_ok("echo \"a\\\nb\"");
	expect_words(&s.cmds[0], (const char *const[]){ "echo", "ab", NULL });
	cmd_script_free(&s);
}

static void expect_error(const char *t, size_t len, int code, int eline, const char *what)
{
	struct cmd_script s = { (void *)1, 99 };
	struct vsm_error err = { 0 };
	int line = 0;
	assert_int_equal(cmd_parse(t, len, 1, &s, &line, &err), -code);
	assert_int_equal(s.n, 0);
	assert_null(s.cmds);
	if (eline)
		assert_int_equal(line, eline);
	if (!strstr(err.msg, what))
		fail_msg("message '%s' lacks '%s'", err.msg, what);
}

static void test_unterminated(void **state)
{
	expect_error("list\nset a b 'oops", 15, EAGAIN, 2, "column 9: unterminated single quote");
	expect_error("x \"y\n\nz", 7, EAGAIN, 1, "unterminated double quote");
	expect_error("list \\", 6, EAGAIN, 1, "backslash at the end");
}

static void test_garbage(void **state)
{
	expect_error("list\nst\0rt web", 14, EINVAL, 2, "NUL byte");
	expect_error("a \x01\x02\x03", 5, EINVAL, 1, "control byte 0x01");
	expect_error("a \\\x1b", 4, EINVAL, 1, "control byte 0x1b");
	/* Random bytes: never a crash, never a partial result. */
	srand(42);
	for (int round = 0; round < 2000; round++) {
		char buf[64];
		size_t n = (size_t)(rand() % (int)sizeof(buf));
		for (size_t i = 0; i < n; i++)
			buf[i] = (char)rand();
		struct cmd_script s;
		struct vsm_error err = { 0 };
		int r = cmd_parse(buf, n, 1, &s, NULL, &err);
		if (r < 0) {
			assert_int_equal(s.n, 0);
			assert_true(err.msg[0] != '\0');
		} else {
			cmd_script_free(&s);
		}
	}
}

static void test_huge(void **state)
{
	size_t n = CMD_PARSE_LINE_MAX + 10;
	char *t = malloc(n + 1);
	memset(t, 'a', n);
	t[n] = '\0';
	expect_error(t, n, EINVAL, 1, "line longer than 65536");
	/* Many words on short lines joined by continuations. */
	size_t m = (CMD_PARSE_WORDS_MAX + 10) * 4;
	char *w = malloc(m + 1);
	for (size_t i = 0; i < m; i += 4)
		memcpy(w + i, "x \\\n", 4);
	expect_error(w, m, EINVAL, 0, "more than 4096 words");
	free(w);
	expect_error(t, (size_t)CMD_PARSE_TEXT_MAX + 1, EINVAL, 1, "input longer");
	free(t);
}

static void test_quote_roundtrip(void **state)
{
	static const char *const in[] = { "plain", "a b", "it's", "", "#x", "$HOME", "one\ntwo",
					  "tab\there", "q\"uote", "back\\slash", ";", NULL };
	for (size_t i = 0; in[i]; i++) {
		char *q = cmd_quote(in[i]);
		assert_non_null(q);
		struct cmd_script s = parse_ok(q);
		assert_int_equal(s.n, 1);
		assert_int_equal(s.cmds[0].argc, 1);
		assert_string_equal(s.cmds[0].argv[0], in[i]);
		cmd_script_free(&s);
		free(q);
	}
	char *q = cmd_quote("plain");
	assert_string_equal(q, "plain");
	free(q);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_and_quotes),
		cmocka_unit_test(test_separators_comments_lines),
		cmocka_unit_test(test_continuation),
		cmocka_unit_test(test_unterminated),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_huge),
		cmocka_unit_test(test_quote_roundtrip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
