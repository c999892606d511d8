/* The attribute editor: every key of backend/attr_edit's list as a row (name, value, whether it
 * applies live), its help or its error on the line below, a scrolling form; Save validates, shows
 * the diff, writes atomically and applies what a running guest can take at once. */
#include <newt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/attr_edit.h"
#include "backend/status.h"
#include "tui/editor.h"
#include "tui/newt_session.h"

struct editor {
	struct edit_session s;
	newtComponent *entry, *msg;	/* per field */
	newtComponent form, sub, status, save, caps, flags, cancel;
	int w, h;
};

static void editor_show_msg(struct editor *e, size_t i)
{
	const struct edit_field *f = &e->s.f[i];
	char buf[320];
	if (f->error[0])
		snprintf(buf, sizeof(buf), "! %s", f->error);
	else
		snprintf(buf, sizeof(buf), "%s%s%s", f->attr->help, f->attr->unit[0] ? "; unit: " : "",
			 f->attr->unit);
	newtTextboxSetText(e->msg[i], buf);
}

static void editor_collect(struct editor *e)
{
	for (size_t i = 0; i < e->s.n; i++)
		snprintf(e->s.f[i].val, sizeof(e->s.f[i].val), "%s", newtEntryGetValue(e->entry[i]));
}

static long editor_find(struct editor *e, const char *rel)
{
	for (size_t i = 0; i < e->s.n; i++)
		if (!strcmp(e->s.f[i].rel, rel))
			return (long)i;
	return -1;
}

static void editor_build(struct editor *e, bool running)
{
	newt_session_fit(78, 22, &e->w, &e->h);
	char title[96];
	snprintf(title, sizeof(title), "Attributes of %s", e->s.name);
	newtCenteredWindow(e->w, e->h, title);
	int subh = e->h - 4;
	newtComponent bar = newtVerticalScrollbar(e->w - 1, 1, subh, NEWT_COLORSET_WINDOW,
						  NEWT_COLORSET_ACTCHECKBOX);
	e->sub = newtForm(bar, NULL, 0);
	newtFormSetHeight(e->sub, subh);
	newtFormSetWidth(e->sub, e->w - 2);
	e->entry = calloc(e->s.n, sizeof(newtComponent));
	e->msg = calloc(e->s.n, sizeof(newtComponent));
	int y = 1;
	const char *section = "";
	for (size_t i = 0; i < e->s.n; i++) {
		const struct edit_field *f = &e->s.f[i];
		if (strcmp(section, f->section)) {
			section = f->section;
			char head[40];
			snprintf(head, sizeof(head), "-- %s --", section);
			newtFormAddComponent(e->sub, newtLabel(0, y++, head));
		}
		newtFormAddComponent(e->sub, newtLabel(1, y, f->rel));
		e->entry[i] = newtEntry(25, y, f->val, e->w - 38, NULL, NEWT_FLAG_SCROLL);
		newtFormAddComponent(e->sub, e->entry[i]);
		const char *tag = !f->attr->live ? "[restart]" : running ? "[live]" : "[live*]";
		newtFormAddComponent(e->sub, newtLabel(e->w - 12, y, tag));
		e->msg[i] = newtTextbox(3, y + 1, e->w - 6, 1, 0);
		editor_show_msg(e, i);
		newtFormAddComponent(e->sub, e->msg[i]);
		y += 2;
	}
	newtFormAddComponent(e->sub, newtLabel(0, y, " "));
	e->form = newtForm(NULL, NULL, 0);
	char head[160];
	snprintf(head, sizeof(head), "%s: [live] now, [restart] next start. Up/Down fields, "
		 "Tab buttons, F12 save", running ? "Running" : "Not running");
	e->status = newtTextbox(1, 0, e->w - 2, 1, 0);
	newtTextboxSetText(e->status, head);
	e->save = newtCompactButton(1, e->h - 2, "Save");
	e->caps = newtCompactButton(10, e->h - 2, "Capabilities");
	e->flags = newtCompactButton(27, e->h - 2, "Flags");
	e->cancel = newtCompactButton(e->w - 12, e->h - 2, "Cancel");
	newtFormAddComponents(e->form, e->status, e->sub, bar, e->save, e->caps, e->flags,
			      e->cancel, NULL);
	newtFormAddHotKey(e->form, NEWT_KEY_F1);
}

static void editor_help(struct editor *e)
{
	newtComponent cur = newtFormGetCurrent(e->sub);
	for (size_t i = 0; i < e->s.n; i++)
		if (cur == e->entry[i]) {
			const struct attr *a = e->s.f[i].attr;
			newtWinMessage("Help", "OK", "%s (%s)\n\n%s\n\nType: %s%s%s\nApplies: %s\n\n"
				       "Lists are comma-separated; fstab lines are separated by ';'. "
				       "An empty value removes the file.",
				       a->name, e->s.f[i].rel, a->help,
				       a->unit[0] ? "unit " : "", a->unit, a->unit[0] ? "" : "value",
				       a->live ? "at once on a running guest" : "at the next start");
			return;
		}
	newtWinMessage("Help", "OK", "Tab and the arrows move between fields; Save checks every "
		       "change, shows the difference and writes it atomically. F1 on a field "
		       "explains it.");
}

/* The diff before writing: true when the user wants it written. */
static bool editor_confirm_diff(struct editor *e)
{
	char diff[8192];
	edit_diff(&e->s, diff, sizeof(diff));
	int w, h;
	newt_session_fit(74, 18, &w, &h);
	newtCenteredWindow(w, h, "Write these changes?");
	newtComponent tb = newtTextbox(1, 0, w - 3, h - 3, NEWT_FLAG_SCROLL | NEWT_FLAG_WRAP);
	newtTextboxSetText(tb, diff);
	newtComponent yes = newtCompactButton(w / 2 - 14, h - 2, "Write");
	newtComponent no = newtCompactButton(w / 2 + 4, h - 2, "Back");
	newtComponent form = newtForm(NULL, NULL, 0);
	newtFormAddComponents(form, tb, yes, no, NULL);
	newtFormSetCurrent(form, yes);
	newtComponent r = newtRunForm(form);
	newtFormDestroy(form);
	newtPopWindow();
	return r == yes;
}

/* Save: true when the editor should close. */
static bool editor_save(struct editor *e, char *status, size_t len)
{
	editor_collect(e);
	if (!edit_count_changes(&e->s)) {
		snprintf(status, len, "%s: nothing changed", e->s.name);
		return true;
	}
	struct vsm_error err = { 0 };
	int r = edit_validate(&e->s, &err);
	long first = -1;
	for (size_t i = 0; i < e->s.n; i++) {
		editor_show_msg(e, i);
		if (first < 0 && e->s.f[i].error[0])
			first = (long)i;
	}
	if (r < 0) {
		char buf[400];
		if (first >= 0)
			snprintf(buf, sizeof(buf), "! %s: %s", e->s.f[first].rel, e->s.f[first].error);
		else
			snprintf(buf, sizeof(buf), "! %s", err.msg);
		newtTextboxSetText(e->status, buf);
		if (first >= 0) {
			/* Through the next field first, so the form scrolls the message under the
			 * bad one into view too. */
			if ((size_t)first + 1 < e->s.n)
				newtFormSetCurrent(e->sub, e->entry[first + 1]);
			newtFormSetCurrent(e->sub, e->entry[first]);
		}
		return false;
	}
	if (!editor_confirm_diff(e))
		return false;
	if (edit_save(&e->s, &err) < 0) {
		newtWinMessage("Save failed", "OK", "%s", err.msg);
		return false;
	}
	char notes[2048];
	r = edit_apply_live(&e->s, notes, sizeof(notes), &err);
	if (r < 0)
		newtWinMessage("Saved; live change failed", "OK", "%s\n\n%s", notes, err.msg);
	else
		newtWinMessage("Saved", "OK", "%s", notes);
	snprintf(status, len, "%s: attributes saved%s", e->s.name, r < 0 ? " (live change failed)" : "");
	return true;
}

int editor_run(const char *name, char *status, size_t len)
{
	struct editor e;
	memset(&e, 0, sizeof(e));
	struct vsm_error err = { 0 };
	if (edit_open(&e.s, name, &err) < 0) {
		newtWinMessage("Attributes", "OK", "%s", err.msg);
		snprintf(status, len, "%s", err.msg);
		return -1;
	}
	editor_build(&e, guest_is_running(name));
	int rc = 1;
	for (;;) {
		struct newtExitStruct es;
		newtFormRun(e.form, &es);
		if (es.reason == NEWT_EXIT_HOTKEY && es.u.key == NEWT_KEY_F1) {
			editor_help(&e);
			continue;
		}
		if (es.reason == NEWT_EXIT_HOTKEY && es.u.key == NEWT_KEY_F12)
			es = (struct newtExitStruct){ .reason = NEWT_EXIT_COMPONENT, .u.co = e.save };
		if (es.reason != NEWT_EXIT_COMPONENT)
			continue;
		if (es.u.co == e.cancel) {
			editor_collect(&e);
			if (edit_count_changes(&e.s) &&
			    newtWinChoice("Attributes", "Discard", "Keep editing",
					  "Discard %zu changed field(s)?", edit_count_changes(&e.s)) != 1)
				continue;
			snprintf(status, len, "%s: attributes not changed", name);
			break;
		}
		if (es.u.co == e.caps || es.u.co == e.flags) {
			long i = editor_find(&e, es.u.co == e.caps ? "bcapabilities" : "cflags");
			if (i < 0)
				continue;
			char text[EDIT_TEXT_MAX];
			snprintf(text, sizeof(text), "%s", newtEntryGetValue(e.entry[i]));
			if (es.u.co == e.caps ? editor_pick_caps(text, sizeof(text)) :
						editor_pick_flags(text, sizeof(text)))
				newtEntrySet(e.entry[i], text, 1);
			continue;
		}
		if (es.u.co == e.save && editor_save(&e, status, len)) {
			rc = 0;
			break;
		}
	}
	newtFormDestroy(e.form);
	newtPopWindow();
	free(e.entry);
	free(e.msg);
	edit_close(&e.s);
	return rc;
}
