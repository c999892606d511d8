/* The frame every wizard step shares: title "New guest", the step line, Back/Next/Cancel, F1 help
 * and an error line that validation writes to (cdebconf's idioms: Go Back everywhere, F1 help). */
#include <newt.h>
#include <stdio.h>

#include "tui/newt_session.h"
#include "tui/wizard.h"

#define WIZ_STEPS 9

void wiz_frame_open(struct wiz_frame *f, int step, const char *title, const char *help,
		    const char *next_label)
{
	newt_session_fit(76, 19, &f->w, &f->h);
	newtCenteredWindow(f->w, f->h, "New guest");
	char line[96];
	snprintf(line, sizeof(line), "Step %d of %d: %s", step, WIZ_STEPS, title);
	newtComponent form = newtForm(NULL, NULL, 0);
	newtFormAddComponent(form, newtLabel(1, 0, line));
	f->error = newtTextbox(1, f->h - 3, f->w - 2, 2, NEWT_FLAG_WRAP);
	f->back = newtCompactButton(1, f->h - 1, "Back");
	f->next = newtCompactButton(f->w / 2 - 5, f->h - 1, next_label ? next_label : "Next");
	f->cancel = newtCompactButton(f->w - 12, f->h - 1, "Cancel");
	newtFormAddHotKey(form, NEWT_KEY_F1);
	newtFormAddHotKey(form, NEWT_KEY_ESCAPE);
	f->form = form;
	f->help = help;
}

void wiz_frame_error(struct wiz_frame *f, const char *msg)
{
	char buf[300];
	snprintf(buf, sizeof(buf), "%s%s", msg && *msg ? "! " : "", msg ? msg : "");
	newtTextboxSetText(f->error, buf);
}

static bool wiz_confirm_cancel(void)
{
	return newtWinChoice("New guest", "Yes, cancel", "No, go on",
			     "Cancel the wizard? Nothing has been created yet.") == 1;
}

enum wiz_result wiz_frame_run(struct wiz_frame *f, const char *(*validate)(struct wizard *),
			      struct wizard *w)
{
	/* The buttons go last so Tab reaches the fields first. */
	newtFormAddComponents(f->form, f->error, f->back, f->next, f->cancel, NULL);
	for (;;) {
		struct newtExitStruct es;
		newtFormRun(f->form, &es);
		if (es.reason == NEWT_EXIT_HOTKEY && es.u.key == NEWT_KEY_F1) {
			newtWinMessage("Help", "OK", "%s", f->help);
			continue;
		}
		if (es.reason == NEWT_EXIT_COMPONENT && es.u.co == f->back)
			return WIZ_BACK;
		/* Esc means "get me out", as in the console's dialogs: never "Next" (it would
		 * start a build from the summary page). */
		if ((es.reason == NEWT_EXIT_COMPONENT && es.u.co == f->cancel) ||
		    (es.reason == NEWT_EXIT_HOTKEY && es.u.key == NEWT_KEY_ESCAPE)) {
			if (wiz_confirm_cancel())
				return WIZ_CANCEL;
			continue;
		}
		if (es.reason != NEWT_EXIT_COMPONENT &&
		    !(es.reason == NEWT_EXIT_HOTKEY && es.u.key == NEWT_KEY_F12))
			continue; /* a timer, an fd or another key: not a request to go on */
		/* Next, F12, or Enter on a field. */
		const char *msg = validate ? validate(w) : NULL;
		if (!msg)
			return WIZ_NEXT;
		wiz_frame_error(f, msg);
	}
}

void wiz_frame_close(struct wiz_frame *f)
{
	newtFormDestroy(f->form);
	newtPopWindow();
}
