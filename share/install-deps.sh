#!/bin/sh
# The one list of build, test and runtime dependencies (Debian 12). Run as root.
set -e
PKGS="scons pkgconf gcc clang libclang-rt-14-dev
libcap-dev libseccomp-dev libmnl-dev libncurses-dev libnewt-dev libreadline-dev
libjansson-dev libxxhash-dev zlib1g-dev libcmocka-dev
busybox-static debootstrap tmux iproute2 e2fsprogs util-linux procps psmisc rsync
jq htop iperf3 imagemagick fonts-dejavu-core
rdfind jdupes debhelper dpkg-dev fakeroot bash-completion"
if [ -n "$VSM_SKIP_APT" ]; then exit 0; fi
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
