/* GNU readline behind struct input_ops (pattern A of doc: callback interface, curses owns the
 * keyboard): keys from wgetch are handed to readline one byte at a time through rl_getc_function,
 * readline never touches the terminal (rl_outstream is /dev/null, no prep/deprep, no signal or
 * SIGWINCH handling, no LINES/COLUMNS export), and the line is drawn from rl_line_buffer and
 * rl_point by the widget. So the panes keep updating and resizing while the user types, and the
 * user's inputrc, history, Ctrl-R and completion work as in a shell. */
#ifndef VSM_WIDGETS_INPUT_READLINE_H
#define VSM_WIDGETS_INPUT_READLINE_H
#include "widgets/input.h"

extern const struct input_ops input_ops_readline;
/* Start a line (after input_init with input_ops_readline). The caller sets rl_readline_name,
 * the completion function and the history before. -1 when readline cannot be set up. */
int input_readline_begin(struct input_line *in);
/* The whole line after INPUT_DONE (in->buf holds at most INPUT_MAX-1 bytes of it); owned by the
 * widget until the next begin. */
const char *input_readline_line(void);
/* Leave readline's callback mode (after DONE or CANCEL; begin calls it too). */
void input_readline_end(void);
#endif
