/* The guest-creation wizard (`n` in the console, `vsm new`) and the attribute editor (`a`,
 * `vsm edit NAME`): newt forms on top of the backend's build, config and limits code. */
#ifndef VSM_TUI_WIZARD_H
#define VSM_TUI_WIZARD_H

#include <stdbool.h>
#include <stddef.h>

#include "backend/build.h"
#include "backend/distro.h"

#define WIZ_FIELD 256

/* Every answer of the wizard, as text until the summary turns it into build options. */
struct wizard {
	char name[64];
	int method;			/* index into build_method_names */
	int distro;			/* index into distros */
	struct distro *distros;
	size_t n_distros;
	char mirror[WIZ_FIELD], source[WIZ_FIELD], tarball[WIZ_FIELD];
	char hostname[80], domain[80];
	char context[16];
	char dev[32], ip[64], prefix[8];
	char memory[32], cpu_percent[16], cpu_weight[16], pids[16];
	bool cap_net_raw, cap_net_admin, cap_sys_time, cap_sys_ptrace;
	bool flag_no_new_privs, flag_virt_uptime;
	int initstyle;			/* index into wizard_init_styles */
	bool autostart;
	/* Built at the summary. */
	struct build_opts opts;
	char flags_buf[128];
	char *margv[8];
	char margbuf[4][WIZ_FIELD + 16];
	char built_name[64];		/* the guest, once built */
};

enum wiz_result { WIZ_NEXT, WIZ_BACK, WIZ_CANCEL };

extern const char *const wizard_init_styles[];

/* Run the wizard in an active newt session. Returns 0 when a guest was built (its name in
 * W->built_name), 1 when cancelled, -1 on a failed build (after the user read the error). */
int wizard_run(struct wizard *w);
void wizard_free(struct wizard *w);

/* The steps (wizard_steps.c, wizard_steps2.c). */
enum wiz_result wizard_step_name(struct wizard *w);
enum wiz_result wizard_step_method(struct wizard *w);
enum wiz_result wizard_step_host(struct wizard *w);
enum wiz_result wizard_step_context(struct wizard *w);
enum wiz_result wizard_step_network(struct wizard *w);
enum wiz_result wizard_step_resources(struct wizard *w);
enum wiz_result wizard_step_caps(struct wizard *w);
enum wiz_result wizard_step_init(struct wizard *w);
enum wiz_result wizard_step_summary(struct wizard *w);

/* Fill W->opts from the answers; the post-build settings go through wizard_apply_settings. */
void wizard_make_opts(struct wizard *w);
/* Describe the settings written after the build (domain, limits, capabilities, mark) into BUF. */
void wizard_describe_settings(const struct wizard *w, char *buf, size_t len);
/* Write them into the new guest's config. Returns 0 or -errno with MSG filled. */
int wizard_apply_settings(const struct wizard *w, char *msg, size_t len);

/* Run the build with a progress scale, a log tail and Cancel (wizard_build.c). 0 built,
 * 1 cancelled, -1 failed. */
int wizard_build_run(struct wizard *w);

/* A step window: the frame, the buttons and the error line (wizard_frame.c). */
struct wiz_frame {
	void *form;		/* newtComponent */
	void *back, *next, *cancel, *error;
	int w, h;
	const char *help;
};
void wiz_frame_open(struct wiz_frame *f, int step, const char *title, const char *help,
		    const char *next_label);
/* Run until Back, Cancel or Next; on Next, VALIDATE (may be NULL) is asked and a non-NULL
 * message is shown on the error line instead of leaving. */
enum wiz_result wiz_frame_run(struct wiz_frame *f, const char *(*validate)(struct wizard *),
			      struct wizard *w);
void wiz_frame_close(struct wiz_frame *f);
void wiz_frame_error(struct wiz_frame *f, const char *msg);

/* Entry points for the console and for `vsm new` / `vsm edit` (wizard_main.c). */
struct console;
int wizard_console(struct console *c);
int editor_console(struct console *c, const char *name);
int wizard_standalone(bool ascii, bool mono);
int editor_standalone(const char *name, bool ascii, bool mono);


#endif
