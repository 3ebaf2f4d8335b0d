import { shJoin } from '../../connection/quote.js'
import type { FileStat } from '../../facts/stat.js'
import type { Change, FileDiff } from '../types.js'
import { toStr } from './args.js'
import { fmtMode, parseMode, wantedMode, type ModeSpec } from './mode.js'

/** The owner/group/mode a task asks for (each optional). */
export interface WantedAttrs {
  mode?: ModeSpec
  owner?: string
  group?: string
}

/** Reads mode/owner/group arguments. */
export function readAttrs(args: { mode?: unknown; owner?: unknown; group?: unknown }): WantedAttrs {
  return { mode: parseMode(args.mode), owner: toStr(args.owner), group: toStr(args.group) }
}

/** True when `want` (a name or a numeric id) names the current `name`/`id`. */
export function sameId(want: string, name: string, id: number): boolean {
  return /^\d+$/.test(want) ? Number(want) === id : want === name
}

/** One attribute that differs: for the diff text and the change. */
export interface AttrDelta {
  key: 'mode' | 'owner' | 'group'
  before: string
  after: string
}

/** What differs between an existing path and the wanted attributes. */
export function attrDeltas(st: FileStat & { exists: true }, want: WantedAttrs): AttrDelta[] {
  const out: AttrDelta[] = []
  const mode = st.type === 'link' ? undefined : wantedMode(want.mode, parseInt(st.mode, 8), st.type === 'directory')
  if (mode !== undefined && mode !== parseInt(st.mode, 8)) out.push({ key: 'mode', before: st.mode, after: fmtMode(mode) })
  if (want.owner !== undefined && !sameId(want.owner, st.owner, st.uid)) out.push({ key: 'owner', before: st.owner, after: want.owner })
  if (want.group !== undefined && !sameId(want.group, st.group, st.gid)) out.push({ key: 'group', before: st.group, after: want.group })
  return out
}

/**
 * The exec changes that set attributes on an existing path: chmod, then one chown.
 * `noDeref` changes a symbolic link itself (chown -h) instead of its target.
 */
export function attrChanges(path: string, deltas: AttrDelta[], opts: { noDeref?: boolean; recurse?: boolean } = {}): Change[] {
  const out: Change[] = []
  const flags = opts.recurse ? ['-R'] : []
  const mode = deltas.find((d) => d.key === 'mode')
  if (mode) {
    // GNU chmod keeps a directory's setuid/setgid for 4 digits; a fifth (leading 0) clears them
    const clears = parseInt(mode.before, 8) & ~parseInt(mode.after, 8) & 0o6000
    const arg = clears ? `0${mode.after}` : mode.after
    out.push({ kind: 'exec', cmd: shJoin(['chmod', ...flags, arg, '--', path]), reason: `mode of ${path}: ${mode.before} -> ${mode.after}` })
  }
  const owner = deltas.find((d) => d.key === 'owner')?.after
  const group = deltas.find((d) => d.key === 'group')?.after
  if (owner !== undefined || group !== undefined) {
    const spec = `${owner ?? ''}${group !== undefined ? `:${group}` : ''}`
    const cflags = [...(opts.noDeref || opts.recurse ? ['-h'] : []), ...flags]
    const what = [owner !== undefined && `owner ${owner}`, group !== undefined && `group ${group}`].filter(Boolean).join(', ')
    out.push({ kind: 'exec', cmd: shJoin(['chown', ...cflags, spec, '--', path]), reason: `${what} on ${path}` })
  }
  return out
}

/** `key: value` lines, the way file-state diffs are shown. */
export function attrText(fields: Record<string, string | undefined>): string {
  return Object.entries(fields)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => `${k}: ${v}\n`)
    .join('')
}

/** A diff of attributes only (`mode: 0600` -> `mode: 0644`). */
export function attrDiff(path: string, deltas: AttrDelta[], extraBefore: Record<string, string> = {}, extraAfter: Record<string, string> = {}): FileDiff {
  const before: Record<string, string> = { ...extraBefore }
  const after: Record<string, string> = { ...extraAfter }
  for (const d of deltas) {
    before[d.key] = d.before
    after[d.key] = d.after
  }
  return { path, before: attrText(before), after: attrText(after) }
}
