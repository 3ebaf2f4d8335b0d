import { execFileSync } from 'node:child_process'
import { hostname as osHostname } from 'node:os'
import { describe, expect, it } from 'vitest'
import { hostnameCommand, parseHostname, staticHostname } from './hostname.js'

describe('hostname facts', () => {
  it.each<[string, string, object]>([
    ['a systemd host', 'hostnamectl=yes\ncurrent=node1\nfile=yes\nnode1\n', { hostnamectl: true, current: 'node1', file: 'node1\n' }],
    ['no /etc/hostname', 'hostnamectl=no\ncurrent=localhost\nfile=no\n', { hostnamectl: false, current: 'localhost', file: null }],
  ])('parses %s', (_n, out, expected) => expect(parseHostname(out)).toEqual(expected))

  it.each<[string | null, string | undefined]>([
    ['node1\n', 'node1'], ['# set by krun\n\n  web-1.example  \n', 'web-1.example'], ['', undefined], [null, undefined],
  ])('the static name in %j is %s', (file, name) => expect(staticHostname(file)).toBe(name))

  it('runs read-only under dash on this machine', () => {
    const f = parseHostname(execFileSync('dash', ['-c', hostnameCommand()]).toString())
    expect(f.current).toBe(osHostname())
  })
})
