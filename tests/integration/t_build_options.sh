# Proves that bad build options, method arguments and guest names are refused with a message
# naming the problem, before anything is created.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/build.sh"
g=op$$
# expect_refused DESCRIPTION PATTERN vserver-ARGS...: non-zero exit, message matches, no trace.
expect_refused() {
	d=$1; pat=$2; shift 2
	out=$(vserver "$@" 2>&1); rc=$?
	if [ "$rc" -eq 0 ]; then fail "$d: exit 0"; return; fi
	expect_match "$d" "$pat" "$out"
}
expect_refused "no method" "no method given" "$g" build
expect_refused "unknown method" "unknown build method 'nosuch'" "$g" build -m nosuch
expect_refused "unknown option" "option '--bogus' is unknown" "$g" build -m busybox --bogus
expect_refused "missing option argument" "needs an argument" "$g" build -m busybox --hostname
expect_refused "argument before --" "unexpected argument 'stray'" "$g" build -m busybox stray
for c in 0 1 49152 abc -5; do
	expect_refused "--context $c" "context '?$c'?: .*2\.\.49151" "$g" build -m busybox --context "$c"
done
expect_refused "--hostname with _" "--hostname 'a_b'" "$g" build -m busybox --hostname a_b
expect_refused "--hostname too long" "1\.\.64 characters" "$g" build -m busybox \
	--hostname "$(printf 'a%.0s' $(seq 1 70))"
expect_refused "--hostname ending in -" "must not end" "$g" build -m busybox --hostname web-
expect_refused "--interface without IP" "is not an IPv4 or IPv6 address" "$g" build -m busybox \
	--interface eth0:
expect_refused "--interface bad prefix" "not a prefix length 0\.\.32" "$g" build -m busybox \
	--interface 10.0.0.1/33
expect_refused "--interface bad netmask" "or a netmask" "$g" build -m busybox \
	--interface 10.0.0.1/255.0.255.0
expect_refused "--interface bad device" "bad character in DEV" "$g" build -m busybox \
	--interface 'et h0:10.0.0.1'
expect_refused "--initstyle unknown" "--initstyle 'upstart': expected one of" "$g" build -m busybox \
	--initstyle upstart
expect_refused "--flags with junk" "--flags 'a;b'" "$g" build -m busybox --flags 'a;b'
expect_refused "relative --rootdir" "must be an absolute path" "$g" build -m busybox --rootdir rel
expect_refused "busybox takes no arguments" "takes no arguments" "$g" build -m busybox -- -x
expect_refused "debootstrap without suite" "no suite: use -- -d SUITE" "$g" build -m debootstrap
expect_refused "debootstrap bad suite" "-d 'bad/suite'" "$g" build -m debootstrap -- -d bad/suite
expect_refused "debootstrap bad mirror" "-m 'ftp:/x'" "$g" build -m debootstrap -- -d bookworm -m ftp:/x
expect_refused "debootstrap stray extra" "extra argument 'word'" "$g" build -m debootstrap \
	-- -d bookworm -- word
expect_refused "template without -t" "no archive" "$g" build -m template
expect_refused "clone stray argument" "unexpected argument '-x'" "$g" build -m clone -- -x
# Netmask form is accepted and stored as a prefix.
check "netmask accepted" vserver --silent "${g}m" build -m skeleton --interface 10.1.2.3/255.255.255.0
expect_eq "netmask stored as prefix" 24 "$(cat "$confdir/${g}m/interfaces/00/prefix")"
check "nodev flag" vserver --silent "${g}n" build -m skeleton --interface nodev:10.1.2.4
check "nodev written as a flag file" [ -f "$confdir/${g}n/interfaces/00/nodev" ]

# Guest names: a strict set, checked before anything happens.
for n in -x a/b .. . x..y 'x y' 'é' "$(printf 'n%.0s' $(seq 1 40))" trail. ''; do
	out=$(vserver -- "$n" build -m busybox 2>&1); rc=$?
	if [ "$rc" -eq 0 ]; then fail "name '$n' accepted"; continue; fi
	expect_match "name '$n' refused" "guest name|unknown option|Usage" "$out"
done
for n in a A9 web-1 db_2 x.y "$(printf 'n%.0s' $(seq 1 32))"; do
	check "name '$n' accepted" vserver --silent "$n" build -m skeleton
done
# Nothing was left by any refused build.
left=$(find "$confdir" "$vdirbase" -mindepth 1 -maxdepth 1 -name "$g*" ! -name "${g}m" ! -name "${g}n")
expect_eq "refused builds left no trace" "" "$left"
expect_eq "no temporaries anywhere" "" "$(find "$confdir" "$vdirbase" -maxdepth 1 -name '*.vsmbuild.*')"
finish
