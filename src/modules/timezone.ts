import { shJoin } from '../connection/quote.js'
import { parseTimezone, timezoneCommand, ZONEINFO, zoneOfLink } from '../facts/timezone.js'
import { STR, toStr } from './lib/args.js'
import { ModuleFailure, type Change, type FileDiff, type ModuleDef } from './types.js'

/** Arguments of `timezone` (community.general.timezone). */
export interface TimezoneArgs {
  name: string
  hwclock?: string
}

/**
 * `timezone`: /etc/localtime pointing at the zone (timedatectl when systemd runs, else a
 * symbolic link) and /etc/timezone on Debian-family hosts. hwclock is accepted and ignored.
 */
export const timezone: ModuleDef<TimezoneArgs> = {
  name: 'timezone',
  aliases: ['community.general.timezone'],
  schema: {
    type: 'object',
    properties: { name: STR, hwclock: { type: 'string', enum: ['local', 'UTC', 'utc', 'Local'] } },
    required: ['name'],
    additionalProperties: false,
  },
  async plan(args, ctx) {
    const name = (toStr(args.name) ?? '').trim()
    if (!name || name.startsWith('/') || name.split('/').includes('..')) throw new ModuleFailure(`invalid time zone name ${JSON.stringify(name)}`)
    const f = parseTimezone((await ctx.probe.exec(timezoneCommand(name))).stdout)
    if (!f.zoneExists) throw new ModuleFailure(`given timezone "${name}" is not available (no ${ZONEINFO}/${name} on the host)`)
    const zoneFile = `${ZONEINFO}/${name}`
    const linkOk = zoneOfLink(f.localtime) === name
    const after = `${name}\n`
    const writeTz = (f.timezoneFile !== null || f.debian) && f.timezoneFile?.trim() !== name
    const data = { name, strategy: f.timedatectl ? 'timedatectl' : 'link' }
    if (linkOk && !writeTz) return { changed: false, noop: `time zone is ${name}`, data }
    const changes: Change[] = []
    const diffs: FileDiff[] = []
    if (!linkOk) {
      changes.push(
        f.timedatectl
          ? { kind: 'exec', cmd: shJoin(['timedatectl', 'set-timezone', name]), reason: `set time zone ${name}` }
          : { kind: 'exec', cmd: shJoin(['ln', '-sf', zoneFile, '/etc/localtime']), reason: `link /etc/localtime to ${zoneFile}` },
      )
      // timedatectl writes a relative link
      const src = f.timedatectl ? `..${zoneFile}` : zoneFile
      const wasLink = f.localtime !== null && f.localtime !== 'file'
      const before = wasLink ? `src: ${f.localtime}\n` : `state: ${f.localtime === null ? 'absent' : 'file'}\n`
      diffs.push({ path: '/etc/localtime', before, after: wasLink ? `src: ${src}\n` : `state: link\nsrc: ${src}\n` })
    }
    // timedatectl leaves Debian's /etc/timezone alone: written after it
    if (writeTz) {
      changes.push({ kind: 'put', path: '/etc/timezone', content: Buffer.from(after), ...(f.timezoneFile === null ? { mode: '0644' } : {}) })
      diffs.push({ path: '/etc/timezone', before: f.timezoneFile, after })
    }
    return { changed: true, changes, diffs, data }
  },
}
