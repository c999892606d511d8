/* The command table: one entry per file of backend/commands/, in the order help lists them. */
#include "backend/command.h"

extern const struct vsm_command cmd_start, cmd_stop, cmd_restart, cmd_enter, cmd_exec, cmd_build,
	cmd_create, cmd_delete, cmd_list, cmd_status, cmd_ps, cmd_stat, cmd_info, cmd_get, cmd_set,
	cmd_unset, cmd_export, cmd_unify, cmd_net, cmd_help;

const struct vsm_command *const vsm_commands[] = {
	&cmd_start, &cmd_stop, &cmd_restart, &cmd_enter, &cmd_exec,
	&cmd_build, &cmd_create, &cmd_delete,
	&cmd_list, &cmd_status, &cmd_ps, &cmd_stat, &cmd_info,
	&cmd_get, &cmd_set, &cmd_unset, &cmd_export,
	&cmd_unify, &cmd_net,
	&cmd_help,
	NULL,
};
