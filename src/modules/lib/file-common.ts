import { shJoin } from '../../connection/quote.js'
import type { FileStat } from '../../facts/stat.js'
import type { TreeEntry } from '../../facts/tree.js'
import { ModuleFailure, type Change, type FileDiff } from '../types.js'
import { attrText, type WantedAttrs } from './attrs.js'

/** A path's state as the file module names it. */
export type FileState = 'absent' | 'file' | 'directory' | 'link' | 'hard' | 'touch'

/** 'preserve', 'now', or a local time stamp `YYYYmmddHHMM.SS` (Ansible's default format). */
export type TimeSpec = string

/** Everything a file state handler needs: arguments read and the host probed. */
export interface FileJob {
  path: string
  state: FileState
  want: WantedAttrs
  follow: boolean
  force: boolean
  recurse: boolean
  src?: string
  mtime: TimeSpec
  atime: TimeSpec
  /** Stats of the path, its ancestors and the link source (not followed). */
  stats: Map<string, FileStat>
  /** Distinct attributes below the path (recurse only). */
  tree?: TreeEntry[]
}

/** What a state handler returns: the changes and diff fields, or nothing to do. */
export interface StateResult {
  changes: Change[]
  before: Record<string, string>
  after: Record<string, string>
  /** The no-op reason when `changes` is empty. */
  ok: string
}

type Present = FileStat & { exists: true }

/** Ansible's get_state: link, directory, hard (a file with more than one link), file, absent. */
export function stateOf(st: FileStat | undefined): Exclude<FileState, 'touch'> {
  if (!st || !st.exists) return 'absent'
  if (st.type === 'link') return 'link'
  if (st.type === 'directory') return 'directory'
  return st.nlink > 1 ? 'hard' : 'file'
}

/** The stat of a path from the probe results (absent when missing). */
export function statOf(job: FileJob, path: string): FileStat {
  return job.stats.get(path) ?? { path, exists: false }
}

/** With follow, a link's target stands for the path (file, directory and touch states). */
export function followed(job: FileJob): FileStat {
  const st = statOf(job, job.path)
  return job.follow && st.exists && st.type === 'link' && st.target ? st.target : st
}

/** Reads modification_time / access_time: the default depends on the state, as in Ansible. */
export function timeSpec(v: unknown, state: FileState, name: string): TimeSpec {
  const s = v === undefined || v === null ? (state === 'touch' ? 'now' : 'preserve') : String(v)
  if (s === 'now' || s === 'preserve' || /^\d{12}\.\d{2}$/.test(s)) return s
  throw new ModuleFailure(`${name} must be 'now', 'preserve' or a time in the format YYYYmmddHHMM.SS, got '${s}'`)
}

/** `2024-01-02 03:04:05` -> `202401020304.05`. */
export function toStamp(local: string): string {
  const d = local.replace(/\D/g, '')
  return `${d.slice(0, 12)}.${d.slice(12, 14)}`
}

/** touch commands for the requested times of an existing path (none when already right). */
export function timeChanges(path: string, st: Present | undefined, mtime: TimeSpec, atime: TimeSpec): StateResult {
  const r: StateResult = { changes: [], before: {}, after: {}, ok: '' }
  const differs = (spec: TimeSpec, local: string | undefined): boolean =>
    spec === 'now' || (spec !== 'preserve' && (local === undefined || toStamp(local) !== spec))
  const m = differs(mtime, st?.mtimeLocal)
  const a = differs(atime, st?.atimeLocal)
  const stamp = (spec: TimeSpec): string[] => (spec === 'now' ? [] : ['-t', spec])
  if (m && a && mtime === atime) {
    r.changes.push({ kind: 'exec', cmd: shJoin(['touch', ...stamp(mtime), '--', path]), reason: `update times of ${path}` })
  } else {
    if (m) r.changes.push({ kind: 'exec', cmd: shJoin(['touch', '-m', ...stamp(mtime), '--', path]), reason: `update mtime of ${path}` })
    if (a) r.changes.push({ kind: 'exec', cmd: shJoin(['touch', '-a', ...stamp(atime), '--', path]), reason: `update atime of ${path}` })
  }
  if (m) {
    r.before.mtime = st?.mtimeLocal ?? 'none'
    r.after.mtime = mtime
  }
  if (a) {
    r.before.atime = st?.atimeLocal ?? 'none'
    r.after.atime = atime
  }
  return r
}

/** Merges handler pieces in order. */
export function merge(...parts: StateResult[]): StateResult {
  return {
    changes: parts.flatMap((p) => p.changes),
    before: Object.assign({}, ...parts.map((p) => p.before)) as Record<string, string>,
    after: Object.assign({}, ...parts.map((p) => p.after)) as Record<string, string>,
    ok: parts.map((p) => p.ok).find(Boolean) ?? '',
  }
}

/** The diff of a file-state change: `state: absent` -> `state: directory`, `mode: 0755`... */
export function stateDiff(path: string, r: StateResult): FileDiff {
  return { path, before: attrText(r.before), after: attrText(r.after) }
}
