# Sourced by the wizard and editor tests after tests/console/lib.sh: walk the wizard's steps by
# their titles, and check that a bad value is refused with a message on screen.

# wiz_step N TITLE: wait for step N; fails the test (and shows the screen) when it does not come.
wiz_step() {
	expect_screen "wizard reaches step $1 ($2)" "Step $1 of 9: $2" 10
}

# wiz_refused DESCRIPTION MESSAGE STEP TITLE: after Next, the step must stay and show MESSAGE.
wiz_refused() {
	expect_screen "$1 refused" "$2" 5
	check "$1: the wizard stays on step $3" sh -c "tmux -L '$CON_SOCK' capture-pane -p -t con | grep -qF 'Step $3 of 9: $4'"
}

# wiz_clear: empty the focused entry (newt: End, then Backspace over the text).
wiz_clear() {
	con_keys End
	for i in $(seq ${1:-40}); do con_keys BSpace; done
}

# wiz_method N: choose the N-th method of the list (1 skeleton, 2 busybox, 3 debootstrap,
# 4 clone, 5 template) on step 2.
wiz_method() {
	con_keys Home
	i=1
	while [ "$i" -lt "$1" ]; do con_keys Down; i=$((i + 1)); done
}
