# Proves vuname reads a running guest's UTS names through its UTS namespace (byte-compared, by name and context id), changes nodename/domainname live with -s and with --dir (which also writes uts/ in the config), refuses names a UTS namespace cannot hold, chains into PROGRAM, and keeps util-vserver's exit codes.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/tools.sh"

g=tvu$$
tools_guest "$g" 4312
u_s=$(uname -s); u_r=$(uname -r); u_v=$(uname -v); u_m=$(uname -m)
hosthost=$(hostname)

expect_eq "-g: every tag in util-vserver's order" \
	"$confdir/$g $u_s $g $u_r $u_v $u_m (none)" "$(vuname -g --xid "$g")"
expect_eq "-g TAGs by context id" "$g (none)" "$(vuname --xid 4312 -g nodename domainname)"
expect_eq "-g without -g (the default mode)" "$g" "$(vuname --xid "$g" nodename)"

out=$(vuname -s --xid "$g" -t nodename=live1 -t domainname=example.org -- vuname --xid "$g" nodename domainname)
expect_eq "-s then chain: the change is visible" "live1 example.org" "$out"
expect_eq "inside the guest" "live1" "$(vserver "$g" exec hostname)"
expect_eq "host hostname untouched" "$hosthost" "$(hostname)"
expect_eq "-s does not write the config" "$g" "$(cat "$confdir/$g/uts/nodename")"

mkdir -p "$VSM_ROOT/uts"
echo fromdir >"$VSM_ROOT/uts/nodename"
vuname --dir "$VSM_ROOT/uts" --xid "$g"; expect_eq "--dir: exit 0" 0 $?
expect_eq "--dir: live" "fromdir" "$(vserver "$g" exec hostname)"
expect_eq "--dir: config uts/nodename" "fromdir" "$(cat "$confdir/$g/uts/nodename")"
expect_eq "--dir: domainname untouched" "example.org" "$(vuname --xid "$g" domainname)"
vuname --dir "$VSM_ROOT/nodir" --xid "$g" --missingok; expect_eq "--missingok on a missing dir: 0" 0 $?
vuname --dir "$VSM_ROOT/nodir" --xid "$g" 2>/dev/null; expect_eq "missing dir: 1" 1 $?

vuname -s --xid "$g" -t release=2.6.32 2>"$VSM_ROOT/err"; rc=$?
expect_eq "release cannot be set: 1" 1 "$rc"
expect_match "release: says why" "UTS namespace only has its own nodename and domainname" "$(cat "$VSM_ROOT/err")"
vuname -s --xid "$g" -t nosuch=1 2>/dev/null; expect_eq "unknown tag: 255" 255 $?
vuname -g --xid "$g" nosuch 2>/dev/null; expect_eq "unknown tag with -g: 255" 255 $?
vuname -g --xid nosuch$$ 2>/dev/null; expect_eq "unknown guest: 255" 255 $?
vuname -g 2>/dev/null; expect_eq "no --xid: 255" 255 $?
vserver "$g" stop >/dev/null
out=$(vuname -g --xid "$g" nodename sysname 2>/dev/null); rc=$?
expect_eq "stopped guest: ??? per tag" "??? ???" "$out"
expect_eq "stopped guest: 1" 1 "$rc"
vuname -s --xid "$g" -t nodename=x 2>/dev/null; expect_eq "-s on a stopped guest: 1" 1 $?
echo later >"$VSM_ROOT/uts/nodename"
vuname --dir "$VSM_ROOT/uts" --xid "$g" 2>/dev/null; expect_eq "--dir on a stopped guest: config only, 0" 0 $?
expect_eq "--dir on a stopped guest: written" "later" "$(cat "$confdir/$g/uts/nodename")"
vserver "$g" start
expect_eq "the next start uses it" "later" "$(vserver "$g" exec hostname)"
finish
