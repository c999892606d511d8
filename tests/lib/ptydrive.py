#!/usr/bin/env python3
# Drive a program on a pty the test owns: ptydrive.py SCRIPT -- CMD ARGS...
# SCRIPT lines: "send TEXT" (\n, \r, \x04 escapes), "expect REGEX" (10 s timeout),
# "sleep SECONDS", "winsize ROWS COLS" (resize the pty; the program gets SIGWINCH),
# "signal NAME" (to the program). Prints everything read; writes `stty -g` of the pty before
# and after to the files named by $PTY_STTY_BEFORE and $PTY_STTY_AFTER; exits with the program's
# status (124 on a timeout).
import fcntl, os, pty, re, select, signal, struct, subprocess, sys, termios, time

def stty(fd):
    return subprocess.run(["stty", "-g"], stdin=fd, capture_output=True, text=True).stdout.strip()

def main():
    script = open(sys.argv[1]).read().splitlines()
    cmd = sys.argv[sys.argv.index("--") + 1:]
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    before = stty(slave)
    def child_setup():
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    p = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, preexec_fn=child_setup,
                         close_fds=True)
    buf = b""
    def pump(timeout):
        nonlocal buf
        r, _, _ = select.select([master], [], [], timeout)
        if r:
            try:
                d = os.read(master, 4096)
            except OSError:
                return False
            buf += d
            sys.stdout.write(d.decode(errors="replace"))
            sys.stdout.flush()
        return True
    for line in script:
        if not line.strip():
            continue
        op, _, arg = line.partition(" ")
        if op == "send":
            os.write(master, arg.encode().decode("unicode_escape").encode("latin-1"))
        elif op == "expect":
            pat = re.compile(arg.encode())
            end = time.time() + 10
            while not pat.search(buf):
                if time.time() > end or not pump(0.2) and p.poll() is not None:
                    print("\nptydrive: timeout waiting for /%s/" % arg)
                    p.kill()
                    sys.exit(124)
            buf = buf[pat.search(buf).end():]
        elif op == "sleep":
            end = time.time() + float(arg)
            while time.time() < end:
                pump(0.05)
        elif op == "winsize":
            rows, cols = map(int, arg.split())
            fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            os.killpg(os.getpgid(p.pid), signal.SIGWINCH) if False else p.send_signal(signal.SIGWINCH)
        elif op == "signal":
            p.send_signal(getattr(signal, "SIG" + arg))
    end = time.time() + 15
    while p.poll() is None and time.time() < end:
        pump(0.1)
    if p.poll() is None:
        print("\nptydrive: the program did not end")
        p.kill()
        sys.exit(124)
    while pump(0.05) and select.select([master], [], [], 0)[0]:
        pass
    after = stty(slave)
    for var, val in (("PTY_STTY_BEFORE", before), ("PTY_STTY_AFTER", after)):
        if os.environ.get(var):
            open(os.environ[var], "w").write(val + "\n")
    sys.exit(p.returncode if p.returncode >= 0 else 128 - p.returncode)

main()
