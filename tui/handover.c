/* e and x: the console steps aside and gives the terminal to `vserver NAME enter|exec`. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <curses.h>
#include <sys/wait.h>

#include "backend/paths.h"
#include "tui/console.h"

/* Hand the terminal to `vserver GUEST VERB [ARGS]` (enter, exec): leave curses, run it in the
 * foreground, and take the screen back exactly as it was. The console ignores SIGINT/SIGQUIT while
 * the child owns the terminal, as system(3) does, so Ctrl-C reaches only the child. */
int action_run_on_terminal(struct console *c, const char *guest, const char *verb,
			   const char *cmdline, bool pause_after)
{
	char prog[4096];
	if (vsm_path_helper("vserver", prog, sizeof(prog)) < 0) {
		console_set_status(c, true, "%s %s: the vserver program was not found", verb, guest);
		return -ENOENT;
	}
	def_prog_mode();
	endwin();
	printf("\nvsm: %s %s%s%s\n", verb, guest, cmdline ? ": " : "", cmdline ? cmdline : "");
	fflush(stdout);
	struct sigaction ign, old_int, old_quit;
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	pid_t pid = fork();
	if (pid == 0) {
		sigaction(SIGINT, &old_int, NULL);
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		if (cmdline)
			execl(prog, "vserver", guest, verb, "/bin/sh", "-c", cmdline, (char *)NULL);
		else
			execl(prog, "vserver", guest, verb, (char *)NULL);
		fprintf(stderr, "vsm: cannot run %s: %s\n", prog, strerror(errno));
		_exit(127);
	}
	int st = 0, e = pid < 0 ? errno : 0;
	while (pid > 0 && waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	int code = e ? -1 : WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	if (pause_after || code != 0) {
		/* Leave what the command printed readable until the user is done with it. */
		printf("\nvsm: %s %s ended (status %d). Press Enter to return to vsm.", verb, guest, code);
		fflush(stdout);
		/* Raw bytes, not wgetch: that could repaint the console over the output. */
		reset_prog_mode();
		char ch;
		ssize_t n;
		while ((n = read(STDIN_FILENO, &ch, 1)) > 0 || (n < 0 && errno == EINTR))
			if (n > 0 && (ch == '\n' || ch == '\r' || ch == 'q'))
				break;
	}
	reset_prog_mode();
	/* The screen now shows the child's output: make ncurses repaint all of it. */
	clearok(curscr, TRUE);
	if (e)
		console_set_status(c, true, "%s %s: fork: %s", verb, guest, strerror(e));
	else if (code)
		console_set_status(c, true, "%s %s: ended with status %d", verb, guest, code);
	else
		console_set_status(c, false, "%s %s: done", verb, guest);
	return code;
}
