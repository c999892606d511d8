# Proves that concurrent builds never share a context id and that two builds of one name give one
# guest and a clear "exists" for the other, with nothing left over.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/build.sh"
g=cc$$
for i in 1 2 3 4 5 6; do
	vserver --silent "$g$i" build -m busybox >"$VSM_ROOT/out$i" 2>&1 &
done
wait
ok_builds=0
for i in 1 2 3 4 5 6; do
	[ -f "$confdir/$g$i/context" ] && ok_builds=$((ok_builds + 1))
done
expect_eq "six parallel builds succeed" 6 "$ok_builds"
ctxs=$(cat "$confdir/$g"*/context | sort)
expect_eq "six distinct contexts" 6 "$(echo "$ctxs" | sort -u | wc -l)"
# The same name twice at once.
vserver --silent "${g}x" build -m busybox >"$VSM_ROOT/outa" 2>&1 & a=$!
vserver --silent "${g}x" build -m busybox >"$VSM_ROOT/outb" 2>&1 & b=$!
wait $a; ra=$?; wait $b; rb=$?
expect_eq "exactly one of two same-name builds succeeds" 1 "$(( (ra == 0) + (rb == 0) ))"
expect_match "the other says the guest exists" "guest ${g}x exists" "$(cat "$VSM_ROOT/outa" "$VSM_ROOT/outb")"
check "nothing left over" t_no_leftovers "${g}x"
finish
