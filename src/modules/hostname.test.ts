import { describe, expect, it } from 'vitest'
import { hostname } from './hostname.js'
import { scriptedContext } from './testing/fake-sections.js'

/** The host's names: running, /etc/hostname (null = absent), and whether hostnamectl can be used. */
interface Names {
  current: string
  file: string | null
  systemd?: boolean
}

const ctxFor = (n: Names) =>
  scriptedContext({}, (part) =>
    part.startsWith('if [ -d /run/systemd/system ] && command -v hostnamectl')
      ? `hostnamectl=${n.systemd === false ? 'no' : 'yes'}\ncurrent=${n.current}\n${n.file === null ? 'file=no\n' : `file=yes\n${n.file}`}`
      : undefined,
  )
const exec = (cmd: string, reason: string) => ({ kind: 'exec', cmd, reason })
const fileDiff = (before: string | null, after: string) => ({ path: '/etc/hostname', before, after })
const running = (before: string, after: string) => ({ path: 'hostname', before: `running: ${before}\n`, after: `running: ${after}\n` })

describe('hostname plans (one probe)', () => {
  it.each<[string, Record<string, unknown>, Names, unknown]>([
    ['systemd: hostnamectl sets both names', { name: 'web1' }, { current: 'node1', file: 'node1\n' },
      { changed: true, changes: [exec('hostnamectl set-hostname web1', 'set hostname web1')], diffs: [fileDiff('node1\n', 'web1\n'), running('node1', 'web1')] }],
    ['already named: nothing to do, and why', { name: 'web1' }, { current: 'web1', file: '# static\nweb1\n' }, { changed: false, noop: 'hostname is web1 (running and in /etc/hostname)' }],
    ['systemd, only the running name drifted', { name: 'web1' }, { current: 'other', file: 'web1\n' },
      { changed: true, changes: [exec('hostnamectl --transient set-hostname web1', 'set hostname web1')], diffs: [running('other', 'web1')] }],
    ['no systemd: the file and `hostname`', { name: 'web1.example.com' }, { current: 'node1', file: 'node1\n', systemd: false },
      { changed: true, changes: [{ kind: 'put', path: '/etc/hostname', content: Buffer.from('web1.example.com\n') }, exec('hostname web1.example.com', 'set the running hostname to web1.example.com')],
        diffs: [fileDiff('node1\n', 'web1.example.com\n'), running('node1', 'web1.example.com')] }],
    ['use=debian on a systemd host: the file strategy', { name: 'web1', use: 'debian' }, { current: 'web1', file: null },
      { changed: true, changes: [{ kind: 'put', path: '/etc/hostname', content: Buffer.from('web1\n'), mode: '0644' }], diffs: [fileDiff(null, 'web1\n')] }],
  ])('%s', async (_n, args, names, expected) => {
    const ctx = ctxFor(names)
    expect(await hostname.plan(args as never, ctx)).toEqual({ ...(expected as object), data: expect.objectContaining({ name: args.name }) })
    expect(ctx.rounds).toHaveLength(1)
  })

  it.each<[string, Record<string, unknown>, Names, RegExp]>([
    ['use=systemd without systemd', { name: 'web1', use: 'systemd' }, { current: 'a', file: null, systemd: false }, /use=systemd needs systemd running as init/],
    ['a name with a space', { name: 'web 1' }, { current: 'a', file: null }, /invalid hostname "web 1"/],
    ['a name too long', { name: 'a'.repeat(65) }, { current: 'a', file: null }, /invalid hostname/],
  ])('%s fails', async (_n, args, names, msg) => {
    await expect(hostname.plan(args as never, ctxFor(names))).rejects.toThrow(msg)
  })
})
