/* net NAME: the guest's network as it is (or will be) set up: one row per link (guest name, host
 * end, mode, device, MAC, addresses), from the same plan the runtime uses (backend/net_plan.c),
 * after the checks a start would make. Interfaces are changed with set interfaces.NN.*. */
#include "backend/cmd_common.h"
#include "backend/config.h"
#include "backend/json_out.h"
#include "backend/net.h"

#include <stdio.h>
#include <stdlib.h>

static void addr_text(const struct guest_config *cfg, const struct net_link *l, char *buf,
		      size_t len)
{
	size_t k = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < l->n_ifs && k < len; i++)
		k += (size_t)snprintf(buf + k, len - k, "%s%s/%d", i ? "," : "", l->ifs[i]->ip,
				      net_iface_prefix(cfg, l->ifs[i]));
}

static int net_exec(struct cmd_ctx *cx, int argc, char **argv, struct vsm_error *err)
{
	const char *name = argv[1];
	if (cmd_guest_check(name, err) < 0)
		return CMD_FAIL;
	struct guest_config cfg;
	if (guest_config_load(name, &cfg, 0, NULL, NULL, err) < 0)
		return CMD_FAIL;
	struct net_plan *plan = calloc(1, sizeof(*plan));
	int rc = CMD_FAIL;
	if (!plan) {
		vsm_error_set(err, ENOMEM, "out of memory");
		goto out;
	}
	if (net_config_check(&cfg, err) < 0 || net_plan_make(&cfg, plan, err) < 0) {
		vsm_error_prefix(err, "%s: net", name);
		goto out;
	}
	json_t *arr = cx->out->json ? json_array() : NULL;
	if (!arr)
		cmd_out_printf(cx->out, "%-10s %-15s %-8s %-10s %-17s %s\n", "GUEST-IF", "HOST-IF",
			       "MODE", "DEV", "MAC", "ADDRESSES");
	for (size_t i = 0; i < plan->n_links; i++) {
		const struct net_link *l = &plan->links[i];
		char addrs[1024];
		addr_text(&cfg, l, addrs, sizeof(addrs));
		if (arr)
			json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b}",
				"guest_if", l->guest_name, "host_if", l->host_name, "mode", l->mode,
				"dev", l->dev, "mac", l->mac, "addresses", addrs, "down", l->down));
		else
			cmd_out_printf(cx->out, "%-10s %-15s %-8s %-10s %-17s %s%s\n", l->guest_name,
				       l->host_name[0] ? l->host_name : "-", l->mode,
				       l->dev[0] ? l->dev : "-", l->mac[0] ? l->mac : "-", addrs,
				       l->down ? " (down)" : "");
	}
	if (arr) {
		json_t *r = cmd_json_result("net", name, true, "");
		json_object_set_new(r, "links", arr);
		cmd_out_json(cx->out, r, err);
	}
	rc = CMD_OK;
out:
	free(plan);
	guest_config_free(&cfg);
	return rc;
}

const struct vsm_command cmd_net = {
	.name = "net",
	.min_args = 1, .max_args = 1,
	.args = { CMD_ARG_GUEST },
	.usage = "net NAME",
	.help = "The guest's network links as start sets them up: name inside the guest, host end, "
		"mode (veth, bridge, macvlan, ipvlan), host device, MAC and addresses, after the "
		"checks a start makes (duplicate addresses, names, modes). Change them with set "
		"interfaces.NN.ip, interfaces.NN.mode, ...",
	.exec = net_exec,
};
