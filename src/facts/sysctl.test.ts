import { describe, expect, it } from 'vitest'
import { normaliseValue, parseSysctl, procPath, sysctlCommand } from './sysctl.js'

describe('sysctl facts', () => {
  it.each([
    ['net.ipv4.ip_forward', '/proc/sys/net/ipv4/ip_forward'],
    ['net/ipv4/conf/eth0.100/forwarding', '/proc/sys/net/ipv4/conf/eth0.100/forwarding'],
    ['net.core.somaxconn', '/proc/sys/net/core/somaxconn'],
  ])('%s lives at %s', (name, path) => expect(procPath(name)).toBe(path))

  it('one command reads the live value, the directory and the file', () => {
    expect(sysctlCommand('net.ipv4.ip_forward', '/etc/sysctl.d/99 krun.conf')).toBe(
      "if [ -e /proc/sys/net/ipv4/ip_forward ]; then if v=$(tr '\\n' ' ' < /proc/sys/net/ipv4/ip_forward); then printf 'live=%s\\n' \"$v\"; else echo live-unreadable; fi; else echo live-none; fi; " +
        'if [ -d /etc/sysctl.d ]; then echo dir=yes; else echo dir=no; fi; ' +
        "if [ -f '/etc/sysctl.d/99 krun.conf' ]; then echo file=yes; cat -- '/etc/sysctl.d/99 krun.conf'; else echo file=no; fi",
    )
  })

  it.each<[string, string, object]>([
    ['a key and its file', 'live=4096\t87380\t6291456 \ndir=yes\nfile=yes\n# tuned\nnet.ipv4.tcp_rmem = 4096 87380 6291456\n',
      { live: '4096\t87380\t6291456 ', file: '# tuned\nnet.ipv4.tcp_rmem = 4096 87380 6291456\n', dirExists: true }],
    ['an unknown key, no file', 'live-none\ndir=yes\nfile=no\n', { file: null, dirExists: true }],
    ['an empty file without a directory line ending', 'live=0 \ndir=no\nfile=yes\n', { live: '0 ', file: '', dirExists: false }],
    ['a write-only key', 'live-unreadable\ndir=yes\nfile=no\n', { unreadable: true, file: null, dirExists: true }],
    ['a file without a final newline', 'live=1 \ndir=yes\nfile=yes\na=1', { live: '1 ', file: 'a=1', dirExists: true }],
  ])('parses %s', (_n, out, expected) => expect(parseSysctl(out)).toEqual(expected))

  it.each([['4096\t87380   6291456 ', '4096 87380 6291456'], [' 1\n', '1'], ['', '']])('normalises %j to %j', (v, n) => expect(normaliseValue(v)).toBe(n))
})
