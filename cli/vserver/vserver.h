/* `vserver [--root DIR] [--silent] NAME COMMAND [args]`: one file per command group. */
#ifndef VSM_CLI_VSERVER_H
#define VSM_CLI_VSERVER_H

struct vserver_opts {
	int silent;
	int debug;
};

/* Each command gets NAME and the arguments after COMMAND (argv[0] is the command name). */
typedef int (*vserver_cmd_fn)(const char *name, int argc, char **argv,
			      const struct vserver_opts *opts);

/* Defined by the command files; weak so a subcommand not built yet is reported, not linked to a
 * stub. */
#define VSERVER_CMD(fn) int fn(const char *, int, char **, const struct vserver_opts *) \
	__attribute__((weak))
VSERVER_CMD(vserver_cmd_build);
VSERVER_CMD(vserver_cmd_delete);
VSERVER_CMD(vserver_cmd_start);
VSERVER_CMD(vserver_cmd_stop);
VSERVER_CMD(vserver_cmd_restart);
VSERVER_CMD(vserver_cmd_condrestart);
VSERVER_CMD(vserver_cmd_status);
VSERVER_CMD(vserver_cmd_running);
VSERVER_CMD(vserver_cmd_enter);
VSERVER_CMD(vserver_cmd_exec);
VSERVER_CMD(vserver_cmd_suexec);
VSERVER_CMD(vserver_cmd_unify);
VSERVER_CMD(vserver_cmd_hashify);
VSERVER_CMD(vserver_cmd_apt_get);

#endif
