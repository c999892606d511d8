#!/usr/bin/env python3
"""Write the seed corpus of fuzz_config: one file per key, each starting with the key's selector
byte (its index in fuzz_config.c's file list), plus two multi-file seeds. Run from the top of the
tree after changing that list."""
import os
import re

SRC = 'tests/fuzz/fuzz_config.c'
OUT = 'tests/fuzz/corpus/config'

SEEDS = {
    'context': '42\n', 'name': 'Web\n', 'uts/nodename': 'web.example\r\n',
    'interfaces/00/ip': '192.0.2.1\n', 'interfaces/01/ip': '2001:db8::1',
    'interfaces/00/mask': '255.255.255.0\n', 'interfaces/00/mac': '02:00:00:00:00:01\n',
    'interfaces/00/bcast': '192.0.2.255\n', 'interfaces/bcast': '10.0.0.255\n',
    'bcapabilities': '\ufeff# c\nNET_RAW\n!SYS_TIME, KILL\n', 'ccapabilities': 'raw_icmp\n',
    'cflags': 'virt_uptime\n~sched_pause\n', 'nflags': 'hide_netif\n',
    'personality': 'LINUX32\nADDR_NO_RANDOMIZE\n', 'nice': '-5\n', 'rlimits/nproc': '100\n',
    'rlimits/rss.min': 'inf\n', 'ulimits/nofile.soft': '1024\n', 'cgroup/memory_max': '512M\n',
    'cgroup/cpu_quota': 'max\n', 'cgroup/cpu.shares': '512\n', 'apps/init/style': 'sysv\n',
    'apps/init/killseq': 'TERM\n5\nKILL\n', 'apps/init/cmd.start': '/sbin/init\n\n#x\n',
    'apps/init/environment': 'A=1\nB=2=3\n', 'apps/init/depends': 'db\n',
    'fstab': 'none /proc proc defaults 0 0\n/a /b none bind\n', 'spaces/net': '\n',
    'spaces/user.range': '131072 65536\n', 'spaces/ipc': 'db\n', 'apps/init/runlevel': '3\n',
}
MULTI = {
    'multi_limits': [('ulimits/nofile.soft', '10\n'), ('ulimits/nofile', '5\n')],
    'multi_iface': [('interfaces/00/ip', '10.0.0.1\n'), ('interfaces/00/prefix', '33\n')],
}


def main():
    src = open(SRC).read()
    start = src.index('files[] = {')
    files = re.findall(r'"([^"]+)"', src[start:src.index('};', start)])
    os.makedirs(OUT, exist_ok=True)
    for name in os.listdir(OUT):
        os.unlink(os.path.join(OUT, name))

    def record(key, text):
        return bytes([files.index(key)]) + text.encode('utf-8')

    for key, text in SEEDS.items():
        with open(os.path.join(OUT, key.replace('/', '_')), 'wb') as f:
            f.write(record(key, text))
    for name, recs in MULTI.items():
        with open(os.path.join(OUT, name), 'wb') as f:
            f.write(b'\xff'.join(record(k, t) for k, t in recs))


if __name__ == '__main__':
    main()
