import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { connectCommand, parseProcNet } from './lib/wait-probes.js'
import type { FakeFs } from './testing/fake-host.js'
import { scriptedContext } from './testing/fake-sections.js'
import { wait_for } from './wait-for.js'

// /proc/net/tcp rows: sshd listening on 0.0.0.0:22, one connection to it; 127.0.0.1:2379 listening; tcp6 [::]:80 listening
const PROC = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1
   1: 0100007F:094B 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1
   2: 0201D50A:0016 0101D50A:C350 01 00000000:00000000 00:00000000 00000000     0        0 3 1
   0: 00000000000000000000000000000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 4 1
`
const FS: FakeFs = { '/run/ready': { content: 'status: ok\nversion=3.4.1\n' } }

/** A host whose probes answer from these tables; `answers` are consumed per attempt for the TCP client. */
function host(connect: string[] = [], paths: string[][] = []) {
  return scriptedContext(FS, (part) => {
    if (part.startsWith('cat /proc/net/tcp')) return PROC
    if (part.startsWith('if command -v bash')) return connect.shift() ?? ''
    if (part.startsWith('if [ -e ')) {
      const queued = paths.shift()
      if (queued) return queued.join('\n')
      const p = /^if \[ -e (\S+) \]/.exec(part)?.[1] ?? ''
      const e = FS[p]
      return e ? `krun-present\n${part.includes('head -c') ? String(e.content ?? '') : ''}` : ''
    }
    return undefined
  })
}

describe('wait_for plans', () => {
  it.each<[string, Record<string, unknown>, string[], Record<string, unknown>]>([
    ['a local port listening, read from /proc/net/tcp', { port: 22 }, [], { noop: '127.0.0.1:22 is started (after 0s)', data: { elapsed: 0, state: 'started', port: 22 } }],
    ['a loopback-only listener counts for 127.0.0.1', { port: 2379, host: 'localhost' }, [], { noop: 'localhost:2379 is started (after 0s)' }],
    ['an IPv6 wildcard listener', { port: 80 }, [], { noop: '127.0.0.1:80 is started (after 0s)' }],
    ['a local port not listening is stopped', { port: 8080, state: 'stopped' }, [], { noop: '127.0.0.1:8080 is stopped (after 0s)' }],
    ['another host: a TCP connection opened', { host: '10.0.0.2', port: 22 }, ['krun-connected\n'], { noop: '10.0.0.2:22 is started (after 0s)' }],
    ['another host: a connection refused is stopped', { host: '10.0.0.2', port: 23, state: 'stopped' }, [''], { noop: '10.0.0.2:23 is stopped (after 0s)' }],
    ['a banner that matches, with named groups', { host: '10.0.0.2', port: 22, search_regex: 'OpenSSH_(?P<v>[0-9.]+)' }, ['krun-connected\nSSH-2.0-OpenSSH_9.2p1\n'],
      { data: { elapsed: 0, state: 'started', port: 22, match_groups: ['9.2'], match_groupdict: { v: '9.2' } } }],
    ['a file present', { path: '/run/ready' }, [], { noop: '/run/ready is started (after 0s)' }],
    ['a file whose content matches', { path: '/run/ready', search_regex: '^version=(\\S+)$', state: 'present' }, [], { data: expect.objectContaining({ match_groups: ['3.4.1'] }) }],
    ['a file absent', { path: '/run/none', state: 'absent' }, [], { noop: '/run/none is absent (after 0s)' }],
    ['a port with no active connection is drained', { port: 2379, state: 'drained' }, [], { noop: '127.0.0.1:2379 is drained (after 0s)' }],
  ])('%s: ok, never changed', async (_n, args, connect, expected) => {
    expect(await wait_for.plan(args as never, host(connect))).toMatchObject({ changed: false, ...expected })
  })

  it('probes again after `sleep` until the condition holds', async () => {
    const ctx = host([], [[''], [''], ['krun-present']])
    expect(await wait_for.plan({ path: '/run/later', sleep: 0.01, timeout: 5 }, ctx)).toMatchObject({ changed: false, noop: expect.stringMatching(/^\/run\/later is started/) })
    expect(ctx.rounds).toHaveLength(3)
  })

  it.each<[string, Record<string, unknown>, string[], RegExp]>([
    ['a port that never opens', { host: '10.0.0.2', port: 9, timeout: 0 }, [''], /^Timeout when waiting for 10.0.0.2:9$/],
    ['a port that never drains', { port: 22, state: 'drained', timeout: 0 }, [], /^Timeout when waiting for 127.0.0.1:22 to drain$/],
    ['a file that never appears, with msg', { path: '/run/none', timeout: 0, msg: 'etcd did not start' }, [], /^etcd did not start$/],
    ['a string never found', { path: '/run/ready', search_regex: 'failed', timeout: 0 }, [], /^Timeout when waiting for search string failed in \/run\/ready$/],
    ['a host without bash, perl or nc', { host: '10.0.0.2', port: 22 }, ['krun-no-tcp-client\n'], /has no way to open a TCP connection \(it needs bash, perl or nc\)/],
    ['port and path', { port: 22, path: '/x' }, [], /port and path parameter can not both be passed/],
    ['absent for a port', { port: 22, state: 'absent' }, [], /state=absent should only be used for checking a file/],
    ['stopped for a path', { path: '/x', state: 'stopped' }, [], /state=stopped should only be used for checking a port/],
    ['a bad regex', { path: '/x', search_regex: '(' }, [], /search_regex: Invalid regular expression/],
  ])('%s fails', async (_n, args, connect, msg) => {
    await expect(wait_for.plan(args as never, host(connect))).rejects.toThrow(msg)
  })

  it('parses /proc/net/tcp: listeners on wildcard or loopback, active connections per port', () => {
    expect(parseProcNet(PROC, 22)).toEqual({ listening: true, active: 1 })
    expect(parseProcNet(PROC, 2379)).toEqual({ listening: true, active: 0 })
    expect(parseProcNet(PROC, 443)).toEqual({ listening: false, active: 0 })
  })
})

describe('the TCP probe, run for real on this machine (loopback only)', () => {
  it.each(['bash', 'perl'])('with %s: connected, the banner read; a closed port is not', async (client) => {
    // a client that only checks the port closes at once: the reset is expected
    const server = createServer((s) => s.on('error', () => undefined).end('SSH-2.0-test\n'))
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const port = (server.address() as { port: number }).port
    // a PATH with only this client (and what the probe needs besides) decides which branch runs
    const bin = mkdtempSync(join(tmpdir(), 'krun-wait-bin-'))
    for (const t of [client, 'timeout', 'head']) symlinkSync(`/usr/bin/${t}`, join(bin, t))
    const run = (cmd: string): Promise<string> =>
      new Promise((res) => execFile('/bin/sh', ['-c', cmd], { env: { PATH: bin } }, (_e, out) => res(String(out))))
    try {
      expect(await run(connectCommand('127.0.0.1', port, 2, true))).toBe('krun-connected\nSSH-2.0-test\n')
      expect(await run(connectCommand('127.0.0.1', port, 2, false))).toBe('krun-connected\n')
      server.close()
      await new Promise((r) => setTimeout(r, 50))
      expect(await run(connectCommand('127.0.0.1', port, 2, false))).toBe('')
    } finally {
      server.close()
      rmSync(bin, { recursive: true, force: true })
    }
  })
})
