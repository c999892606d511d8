#!/bin/sh
# The demo: a busybox guest named `demo` (no network needed), built if missing, started, and the
# console opened on it (without a terminal: vserver-stat and vps instead). Safe to run again and again.
# Honours VSM_ROOT (re-based paths) and VSM_BIN (default: build/bin next to this script).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${VSM_BIN:-$top/build/bin}
PATH="$bin:$PATH"; export PATH
name=${VSM_DEMO_NAME:-demo}
if [ ! -x "$bin/vserver" ]; then
	echo "demo: $bin/vserver not found; build first (scons -Q -j2)" >&2
	exit 1
fi
# A guest exists when its config dir holds a vdir link.
confdir=$(vsm-paths | sed -n "s/^confdir='\(.*\)'$/\1/p")
if [ -L "$confdir/$name/vdir" ]; then
	echo "demo: guest $name exists ($confdir/$name)"
else
	vserver "$name" build -m busybox --hostname "$name.vsm.test" || exit 1
fi
if vserver "$name" running >/dev/null 2>&1; then
	echo "demo: guest $name is running"
elif vserver "$name" start; then
	echo "demo: guest $name started"
else
	echo "demo: guest $name did not start (see the log under /var/log/vservers)" >&2
	exit 1
fi
# On a terminal, open the console on the demo guest; otherwise show the classic tools' view.
if [ -t 0 ] && [ -t 1 ] && [ -z "${VSM_DEMO_NO_CONSOLE:-}" ]; then
	exec vsm
fi
echo "== vserver-stat"
vserver-stat
# The guest's processes only (vps adds CONTEXT, i.e. the context id and the guest name).
echo "== vps ax (processes of $name)"
vps ax | awk -v n="$name" 'NR == 1 || $3 == n'
exit 0
