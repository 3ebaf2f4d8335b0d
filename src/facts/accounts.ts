/**
 * Account facts from the name service: `getent passwd`, `getent group`, `getent shadow` and
 * `id -Gn` lines. Pure parsers; the user, group and authorized_key modules build the probes.
 */

/** A passwd entry. */
export interface PasswdEntry {
  name: string
  uid: number
  gid: number
  comment: string
  home: string
  shell: string
}

/** A group entry. */
export interface GroupEntry {
  name: string
  gid: number
  members: string[]
}

/** A shadow entry: only what the user module compares (the hash is a secret: never print it). */
export interface ShadowEntry {
  name: string
  hash: string
}

/** Parses one `getent passwd` line; undefined for anything else (empty output: no such user). */
export function parsePasswd(line: string): PasswdEntry | undefined {
  const f = line.trim().split(':')
  if (f.length < 7 || !f[0] || !/^\d+$/.test(f[2] ?? '') || !/^\d+$/.test(f[3] ?? '')) return undefined
  return { name: f[0], uid: Number(f[2]), gid: Number(f[3]), comment: f[4] ?? '', home: f[5] ?? '', shell: f[6] ?? '' }
}

/** Parses `getent group` output: every well-formed line. */
export function parseGroups(out: string): GroupEntry[] {
  return out.split('\n').flatMap((line) => {
    const f = line.trim().split(':')
    if (f.length < 4 || !f[0] || !/^\d+$/.test(f[2] ?? '')) return []
    return [{ name: f[0], gid: Number(f[2]), members: (f[3] ?? '').split(',').filter(Boolean) }]
  })
}

/** Parses one `getent shadow` line; undefined when unreadable (not root) or absent. */
export function parseShadow(line: string): ShadowEntry | undefined {
  const f = line.trim().split(':')
  if (f.length < 2 || !f[0]) return undefined
  return { name: f[0], hash: f[1] ?? '' }
}

/** Words of `id -Gn` output (group names). */
export function parseIdGroups(out: string): string[] {
  return out.trim().split(/\s+/).filter(Boolean)
}
