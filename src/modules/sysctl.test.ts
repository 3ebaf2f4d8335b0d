import { describe, expect, it } from 'vitest'
import { sysctl } from './sysctl.js'
import { scriptedContext } from './testing/fake-sections.js'

/** A host: live values under /proc/sys by key, and the sysctl file (null = absent). */
interface Host {
  live?: Record<string, string>
  file?: string | null
  noDir?: boolean
}

const F = '/etc/sysctl.d/99-krun.conf'

function ctxFor(h: Host) {
  return scriptedContext({}, (part) => {
    const key = /^if \[ -e \/proc\/sys\/(\S+) \]/.exec(part)?.[1]?.replace(/\//g, '.')
    if (key === undefined) return undefined
    const live = h.live?.[key]
    const file = h.file ?? null
    return `${live === undefined ? 'live-none' : `live=${live} `}\ndir=${h.noDir ? 'no' : 'yes'}\n${file === null ? 'file=no\n' : `file=yes\n${file}`}`
  })
}
const put = (content: string, extra: object = {}) => ({ kind: 'put', path: F, content: Buffer.from(content), ...extra })
const exec = (cmd: string, reason: string) => ({ kind: 'exec', cmd, reason })
const liveDiff = (before: string, after: string, key = 'net.ipv4.ip_forward') => ({ path: `sysctl:${key}`, before: `value: ${before}\n`, after: `value: ${after}\n` })

describe('sysctl plans (one probe: /proc/sys and the file)', () => {
  it.each<[string, Record<string, unknown>, Host, unknown]>([
    ['new file, live differs: write, then reload the file', { name: 'net.ipv4.ip_forward', value: 1 }, { live: { 'net.ipv4.ip_forward': '0' } },
      { changed: true, changes: [put('net.ipv4.ip_forward=1\n', { mode: '0644' }), exec(`sysctl -p ${F}`, 'set net.ipv4.ip_forward live: 0 -> 1')],
        diffs: [{ path: F, before: null, after: 'net.ipv4.ip_forward=1\n' }, liveDiff('0', '1')] }],
    ['in the file and live: nothing to do', { name: 'net.ipv4.ip_forward', value: '1' }, { live: { 'net.ipv4.ip_forward': '1' }, file: 'net.ipv4.ip_forward = 1\n' },
      { changed: false, noop: `net.ipv4.ip_forward=1 in ${F} and live` }],
    ['multi-token values compare by tokens', { name: 'net.ipv4.tcp_rmem', value: '4096  87380 6291456' }, { live: { 'net.ipv4.tcp_rmem': '4096\t87380\t6291456' }, file: 'net.ipv4.tcp_rmem=4096 87380 6291456\n' },
      { changed: false, noop: `net.ipv4.tcp_rmem=4096  87380 6291456 in ${F} and live` }],
    ['yes is 1, as Ansible writes booleans', { key: 'net.ipv4.ip_forward', val: 'yes' }, { live: { 'net.ipv4.ip_forward': '1' }, file: 'net.ipv4.ip_forward=1\n' },
      { changed: false, noop: `net.ipv4.ip_forward=1 in ${F} and live` }],
    ['the file differs, live already right: only the file, and only its line', { name: 'net.core.somaxconn', value: 4096 },
      { live: { 'net.core.somaxconn': '4096' }, file: '# krun\nnet.core.somaxconn=1024\nnet.ipv4.ip_forward=1\n' },
      { changed: true, changes: [put('# krun\nnet.core.somaxconn=4096\nnet.ipv4.ip_forward=1\n')],
        diffs: [{ path: F, before: '# krun\nnet.core.somaxconn=1024\nnet.ipv4.ip_forward=1\n', after: '# krun\nnet.core.somaxconn=4096\nnet.ipv4.ip_forward=1\n' }] }],
    ['the file is right, live drifted: reload the file', { name: 'net.ipv4.ip_forward', value: true }, { live: { 'net.ipv4.ip_forward': '0' }, file: 'net.ipv4.ip_forward=1\n' },
      { changed: true, changes: [exec(`sysctl -p ${F}`, 'set net.ipv4.ip_forward live: 0 -> 1')], diffs: [liveDiff('0', '1')] }],
    ['reload off, sysctl_set on: sysctl -w', { name: 'net.ipv4.ip_forward', value: 1, reload: 'no', sysctl_set: 'yes' }, { live: { 'net.ipv4.ip_forward': '0' }, file: 'net.ipv4.ip_forward=1\n' },
      { changed: true, changes: [exec('sysctl -w net.ipv4.ip_forward=1', 'set net.ipv4.ip_forward live: 0 -> 1')], diffs: [liveDiff('0', '1')] }],
    ['reload and sysctl_set off: the live value is left alone, and it says so', { name: 'net.ipv4.ip_forward', value: 1, reload: false }, { live: { 'net.ipv4.ip_forward': '0' }, file: 'net.ipv4.ip_forward=1\n' },
      { changed: false, noop: `net.ipv4.ip_forward=1 in ${F} (live value 0 left alone: reload and sysctl_set are off)` }],
    ['ignoreerrors: -e, and an unknown key only goes to the file', { name: 'net.ipv4.nope', value: 1, ignoreerrors: true }, {},
      { changed: true, changes: [put('net.ipv4.nope=1\n', { mode: '0644' })], diffs: [{ path: F, before: null, after: 'net.ipv4.nope=1\n' }] }],
    ['ignoreerrors on a reload', { name: 'net.ipv4.ip_forward', value: 1, ignoreerrors: 'yes' }, { live: { 'net.ipv4.ip_forward': '0' }, file: 'net.ipv4.ip_forward=1\n' },
      { changed: true, changes: [exec(`sysctl -e -p ${F}`, 'set net.ipv4.ip_forward live: 0 -> 1')], diffs: [liveDiff('0', '1')] }],
    ['another file, whose directory is missing', { name: 'net.ipv4.ip_forward', value: 1, sysctl_file: '/etc/krun/sysctl.conf' }, { live: { 'net.ipv4.ip_forward': '1' }, noDir: true },
      { changed: true, changes: [exec('mkdir -p -- /etc/krun', 'create directory /etc/krun'), { kind: 'put', path: '/etc/krun/sysctl.conf', content: Buffer.from('net.ipv4.ip_forward=1\n'), mode: '0644' }],
        diffs: [{ path: '/etc/krun/sysctl.conf', before: null, after: 'net.ipv4.ip_forward=1\n' }] }],
    ['absent: the line goes, the live value stays', { name: 'net.ipv4.ip_forward', state: 'absent' }, { live: { 'net.ipv4.ip_forward': '1' }, file: 'a.b=1\nnet.ipv4.ip_forward=1\n' },
      { changed: true, changes: [put('a.b=1\n')], diffs: [{ path: F, before: 'a.b=1\nnet.ipv4.ip_forward=1\n', after: 'a.b=1\n' }] }],
    ['absent and not in the file', { name: 'net.ipv4.ip_forward', state: 'absent' }, { live: { 'net.ipv4.ip_forward': '1' }, file: null },
      { changed: false, noop: `net.ipv4.ip_forward is not in ${F}` }],
  ])('%s', async (_n, args, host, expected) => {
    const ctx = ctxFor(host)
    expect(await sysctl.plan(args as never, ctx)).toEqual({ ...(expected as object), data: expect.objectContaining({ sysctl_file: expect.any(String) }) })
    expect(ctx.rounds).toHaveLength(1)
  })

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['an unknown key', { name: 'net.ipv4.nope', value: 1 }, /unknown sysctl key net.ipv4.nope: \/proc\/sys\/net\/ipv4\/nope does not exist/],
    ['a key that climbs out of /proc/sys', { name: 'net/../../etc', value: 1 }, /invalid sysctl key/],
    ['present without a value (templated away)', { name: 'net.ipv4.ip_forward' }, /missing: value/],
  ])('%s fails', async (_n, args, msg) => {
    await expect(sysctl.plan(args as never, ctxFor({ live: { 'net.ipv4.ip_forward': '0' } }))).rejects.toThrow(msg)
  })
})
