/**
 * A fake account database for plan tests of user, group and authorized_key: it answers
 * `getent passwd|group|shadow` and `id -gn|-Gn` probe parts from passwd/group/shadow lines.
 */
import { splitArgs } from '../lib/shlex.js'
import type { Answer } from './fake-sections.js'

/** The account files of a fake host, as lines (`name:x:uid:gid:...`). */
export interface FakeAccounts {
  passwd?: string[]
  group?: string[]
  /** Lines of /etc/shadow; omit to play a host where shadow is unreadable (not root). */
  shadow?: string[]
}

const field = (line: string, i: number): string => line.split(':')[i] ?? ''

/** An answer for scriptedContext: the account probe parts, from `db`. */
export function accountsAnswer(db: FakeAccounts): Answer {
  const user = (n: string): string | undefined => db.passwd?.find((l) => field(l, 0) === n)
  const group = (key: string): string | undefined => db.group?.find((l) => field(l, 0) === key || field(l, 2) === key)
  const primary = (n: string): string | undefined => {
    const u = user(n)
    return u ? field(group(field(u, 3)) ?? '', 0) || field(u, 3) : undefined
  }
  return (part) => {
    const w = splitArgs(part.replace(/ 2>\S+/g, ''))
    const [cmd, sub, ...keys] = w
    if (cmd === 'getent' && sub === 'passwd') return { rc: user(keys[0] ?? '') ? 0 : 2, stdout: user(keys[0] ?? '') ? `${user(keys[0] ?? '')}\n` : '', stderr: '' }
    if (cmd === 'getent' && sub === 'group') {
      const found = keys.map(group).filter((l): l is string => l !== undefined)
      return { rc: found.length === keys.length ? 0 : 2, stdout: found.map((l) => `${l}\n`).join(''), stderr: '' }
    }
    if (cmd === 'getent' && sub === 'shadow') {
      const line = db.shadow?.find((l) => field(l, 0) === keys[0])
      return { rc: line ? 0 : 2, stdout: line ? `${line}\n` : '', stderr: '' }
    }
    if (cmd === 'id' && sub === '-gn') return primary(keys[0] ?? '') ? `${primary(keys[0] ?? '')}\n` : ''
    if (cmd === 'id' && sub === '-Gn') {
      const n = keys[0] ?? ''
      if (!user(n)) return ''
      const extra = (db.group ?? []).filter((l) => field(l, 3).split(',').includes(n)).map((l) => field(l, 0))
      return `${[primary(n), ...extra.filter((g) => g !== primary(n))].join(' ')}\n`
    }
    return undefined
  }
}
