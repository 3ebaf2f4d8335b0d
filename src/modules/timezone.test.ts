import { describe, expect, it } from 'vitest'
import { timezone } from './timezone.js'
import { scriptedContext } from './testing/fake-sections.js'

/** A host's time zone setup, as the probe reports it. */
interface Tz {
  systemd?: boolean
  /** readlink /etc/localtime, 'file', or null (absent). */
  localtime: string | null
  zones?: string[]
  debian?: boolean
  tzfile?: string | null
}

function ctxFor(t: Tz) {
  return scriptedContext({}, (part) => {
    const zone = /if \[ -f '?\/usr\/share\/zoneinfo\/([^' ]+)'? \]/.exec(part)?.[1]
    if (!part.startsWith('if [ -d /run/systemd/system ] && command -v timedatectl') || !zone) return undefined
    const lt = t.localtime === null ? 'localtime=none' : t.localtime === 'file' ? 'localtime=file' : `link=${t.localtime}`
    const tz = t.tzfile === undefined || t.tzfile === null ? 'tzfile=no\n' : `tzfile=yes\n${t.tzfile}`
    return `timedatectl=${t.systemd === false ? 'no' : 'yes'}\n${lt}\nzone=${(t.zones ?? ['Etc/UTC', 'Europe/Paris']).includes(zone) ? 'yes' : 'no'}\ndebian=${t.debian === false ? 'no' : 'yes'}\n${tz}`
  })
}
const exec = (cmd: string, reason: string) => ({ kind: 'exec', cmd, reason })
const tzPut = (content: string, extra: object = {}) => ({ kind: 'put', path: '/etc/timezone', content: Buffer.from(content), ...extra })
const UTC = '/usr/share/zoneinfo/Etc/UTC'

describe('timezone plans (one probe)', () => {
  it.each<[string, Record<string, unknown>, Tz, unknown]>([
    ['systemd: timedatectl, then Debian\'s /etc/timezone', { name: 'Europe/Paris' }, { localtime: UTC, tzfile: 'Etc/UTC\n' },
      { changed: true, changes: [exec('timedatectl set-timezone Europe/Paris', 'set time zone Europe/Paris'), tzPut('Europe/Paris\n')],
        diffs: [{ path: '/etc/localtime', before: `src: ${UTC}\n`, after: 'src: ../usr/share/zoneinfo/Europe/Paris\n' }, { path: '/etc/timezone', before: 'Etc/UTC\n', after: 'Europe/Paris\n' }] }],
    ['already set (relative link, as timedatectl writes it): nothing to do', { name: 'Europe/Paris', hwclock: 'UTC' }, { localtime: '../usr/share/zoneinfo/Europe/Paris', tzfile: 'Europe/Paris\n' },
      { changed: false, noop: 'time zone is Europe/Paris' }],
    ['no systemd: the link by hand', { name: 'Europe/Paris' }, { systemd: false, localtime: UTC, tzfile: 'Etc/UTC\n' },
      { changed: true, changes: [exec('ln -sf /usr/share/zoneinfo/Europe/Paris /etc/localtime', 'link /etc/localtime to /usr/share/zoneinfo/Europe/Paris'), tzPut('Europe/Paris\n')],
        diffs: [{ path: '/etc/localtime', before: `src: ${UTC}\n`, after: 'src: /usr/share/zoneinfo/Europe/Paris\n' }, expect.objectContaining({ path: '/etc/timezone' })] }],
    ['a copied zone file becomes a link', { name: 'Etc/UTC' }, { systemd: false, localtime: 'file', debian: false },
      { changed: true, changes: [exec(`ln -sf ${UTC} /etc/localtime`, `link /etc/localtime to ${UTC}`)], diffs: [{ path: '/etc/localtime', before: 'state: file\n', after: `state: link\nsrc: ${UTC}\n` }] }],
    ['only /etc/timezone is stale', { name: 'Etc/UTC' }, { localtime: UTC, tzfile: 'Europe/Paris\n' },
      { changed: true, changes: [tzPut('Etc/UTC\n')], diffs: [{ path: '/etc/timezone', before: 'Europe/Paris\n', after: 'Etc/UTC\n' }] }],
    ['Debian without /etc/timezone: written', { name: 'Etc/UTC' }, { localtime: UTC, tzfile: null },
      { changed: true, changes: [tzPut('Etc/UTC\n', { mode: '0644' })], diffs: [{ path: '/etc/timezone', before: null, after: 'Etc/UTC\n' }] }],
    ['not Debian and no /etc/timezone: none written', { name: 'Etc/UTC' }, { localtime: UTC, debian: false }, { changed: false, noop: 'time zone is Etc/UTC' }],
  ])('%s', async (_n, args, tz, expected) => {
    const ctx = ctxFor(tz)
    expect(await timezone.plan(args as never, ctx)).toEqual({ ...(expected as object), data: expect.objectContaining({ name: args.name }) })
    expect(ctx.rounds).toHaveLength(1)
  })

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a zone the host does not have', { name: 'Mars/Olympus' }, /given timezone "Mars\/Olympus" is not available \(no \/usr\/share\/zoneinfo\/Mars\/Olympus on the host\)/],
    ['a path out of zoneinfo', { name: '../../etc/passwd' }, /invalid time zone name/],
  ])('%s fails', async (_n, args, msg) => {
    await expect(timezone.plan(args as never, ctxFor({ localtime: UTC }))).rejects.toThrow(msg)
  })
})
