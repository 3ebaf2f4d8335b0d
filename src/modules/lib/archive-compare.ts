/**
 * unarchive's idempotence: each archive member against what dest holds (type, size, mtime,
 * link target), and the chmod/chown the task's mode/owner/group imply.
 */
import { posix } from 'node:path'
import type { FileStat } from '../../facts/stat.js'
import type { Change } from '../types.js'
import type { Member } from './archive-list.js'
import { sameId, type WantedAttrs } from './attrs.js'
import { bulkChange } from './bulk.js'
import { fmtMode, wantedMode } from './mode.js'

/** Most member lines a diff shows. */
export const DIFF_LINES = 50

const iso = (t: number): string => new Date(t * 1000).toISOString().replace('T', ' ').replace('.000Z', 'Z')

/** How a member or a path is shown in the diff. */
export function describeMember(m: Member): string {
  if (m.type === 'file') return `file, ${m.size} bytes${m.mtime !== undefined ? `, ${iso(m.mtime)}` : ''}`
  if (m.type === 'link') return m.target !== undefined ? `link -> ${m.target}` : 'link'
  return m.type === 'hardlink' ? 'file (hard link)' : m.type
}

function describeStat(st: FileStat, m: Member): string {
  if (!st.exists) return 'absent'
  if (st.type === 'file') return `file, ${st.size} bytes${m.mtime !== undefined ? `, ${iso(st.mtime)}` : ''}`
  if (st.type === 'link') return m.target !== undefined ? `link -> ${st.linkTarget ?? ''}` : 'link'
  return st.type
}

/** True when dest already holds the member as the archive has it. */
export function memberMatches(m: Member, st: FileStat | undefined): boolean {
  if (!st?.exists) return false
  switch (m.type) {
    case 'file':
      return st.type === 'file' && st.size === m.size && (m.mtime === undefined || st.mtime === m.mtime)
    case 'hardlink':
      return st.type === 'file'
    case 'directory':
      return st.type === 'directory'
    case 'link':
      return st.type === 'link' && (m.target === undefined || st.linkTarget === m.target)
    default:
      return true
  }
}

/** `name: state` lines of the members that differ (capped), for the unarchive:<dest> diff. */
export function memberDiff(differ: Array<{ m: Member; st: FileStat | undefined }>): { before: string; after: string } {
  const shown = differ.slice(0, DIFF_LINES)
  const more = differ.length > DIFF_LINES ? `... and ${differ.length - DIFF_LINES} more\n` : ''
  return {
    before: shown.map(({ m, st }) => `${m.name}: ${describeStat(st ?? { path: m.name, exists: false }, m)}\n`).join('') + more,
    after: shown.map(({ m }) => `${m.name}: ${describeMember(m)}\n`).join('') + more,
  }
}

/**
 * chmod/chown after extraction (`extracting`: every member has the archive's mode) or on
 * matching members (their current attributes). Members are grouped into one chmod per mode.
 */
export function memberAttrs(dest: string, members: Member[], stats: Map<string, FileStat>, want: WantedAttrs, extracting: boolean): { changes: Change[]; before: string[]; after: string[] } {
  const byMode = new Map<string, string[]>()
  const chown: string[] = []
  const before: string[] = []
  const after: string[] = []
  const spec = want.owner !== undefined || want.group !== undefined ? `${want.owner ?? ''}${want.group !== undefined ? `:${want.group}` : ''}` : undefined
  for (const m of members) {
    if (m.type === 'link') continue
    const path = posix.join(dest, m.name)
    const st = stats.get(path)
    const cur = !extracting && st?.exists ? parseInt(st.mode, 8) : m.mode
    const mode = wantedMode(want.mode, cur, m.type === 'directory')
    if (mode !== undefined && mode !== cur) {
      byMode.set(fmtMode(mode), [...(byMode.get(fmtMode(mode)) ?? []), path])
      before.push(`${m.name}: mode ${cur === undefined ? 'unknown' : fmtMode(cur)}`)
      after.push(`${m.name}: mode ${fmtMode(mode)}`)
    }
    if (spec === undefined) continue
    const ownerOk = !extracting && st?.exists && (want.owner === undefined || sameId(want.owner, st.owner, st.uid)) && (want.group === undefined || sameId(want.group, st.group, st.gid))
    if (ownerOk) continue
    chown.push(path)
    before.push(`${m.name}: owner ${st?.exists && !extracting ? `${st.owner}:${st.group}` : 'as in the archive'}`)
    after.push(`${m.name}: owner ${spec}`)
  }
  const changes: Change[] = [...byMode].map(([mode, paths]) => bulkChange(['chmod', mode], paths, `mode ${mode} on ${paths.length} extracted entries`))
  if (spec !== undefined && chown.length > 0) changes.push(bulkChange(['chown', '-h', spec], chown, `owner ${spec} on ${chown.length} extracted entries`))
  return { changes, before, after }
}
