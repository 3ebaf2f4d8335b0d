import { shJoin } from '../../connection/quote.js'
import type { FileStat } from '../../facts/stat.js'
import { ModuleFailure, type Change } from '../types.js'
import { attrChanges, attrDeltas, sameId, type AttrDelta, type WantedAttrs } from './attrs.js'
import { followed, merge, stateOf, statOf, timeChanges, type FileJob, type StateResult } from './file-common.js'
import { fmtMode, wantedMode } from './mode.js'

type Present = FileStat & { exists: true }

/** chmod/chown of an existing path, as a handler part. */
export function attrsPart(path: string, st: Present, want: WantedAttrs, noDeref = false): StateResult {
  const deltas = attrDeltas(st, want)
  return { changes: attrChanges(path, deltas, { noDeref }), ...fields(deltas), ok: '' }
}

function fields(deltas: AttrDelta[]): { before: Record<string, string>; after: Record<string, string> } {
  const before: Record<string, string> = {}
  const after: Record<string, string> = {}
  for (const d of deltas) {
    before[d.key] = d.before
    after[d.key] = d.after
  }
  return { before, after }
}

/** chmod/chown of paths this plan creates (their attributes cannot be known before). */
export function newAttrs(paths: string[], want: WantedAttrs, isDir: boolean, noDeref = false): StateResult {
  const r: StateResult = { changes: [], before: {}, after: {}, ok: '' }
  const mode = wantedMode(want.mode, undefined, isDir)
  if (mode !== undefined && !noDeref) {
    r.changes.push({ kind: 'exec', cmd: shJoin(['chmod', fmtMode(mode), '--', ...paths]), reason: `mode ${fmtMode(mode)} on ${paths.join(' ')}` })
    r.after.mode = fmtMode(mode)
  }
  if (want.owner !== undefined || want.group !== undefined) {
    const spec = `${want.owner ?? ''}${want.group !== undefined ? `:${want.group}` : ''}`
    r.changes.push({ kind: 'exec', cmd: shJoin(['chown', ...(noDeref ? ['-h'] : []), spec, '--', ...paths]), reason: `owner ${spec} on ${paths.join(' ')}` })
    if (want.owner !== undefined) r.after.owner = want.owner
    if (want.group !== undefined) r.after.group = want.group
  }
  return r
}

/** state=absent: rm -rf when anything is there. */
export function planAbsent(job: FileJob): StateResult {
  const prev = stateOf(statOf(job, job.path))
  if (prev === 'absent') return { changes: [], before: {}, after: {}, ok: `${job.path} is absent` }
  const cmd = shJoin(['rm', prev === 'directory' ? '-rf' : '-f', '--', job.path])
  return { changes: [{ kind: 'exec', cmd, reason: `remove ${prev} ${job.path}` }], before: { state: prev }, after: { state: 'absent' }, ok: '' }
}

/** state=file: attributes of an existing file; never creates one. */
export function planFile(job: FileJob): StateResult {
  const st = followed(job)
  const prev = stateOf(st)
  if (prev === 'absent') throw new ModuleFailure(`file (${job.path}) is absent, cannot continue (use state=touch to create it)`, { path: job.path })
  if (prev !== 'file' && prev !== 'hard') throw new ModuleFailure(`file (${job.path}) is ${prev}, cannot continue`, { path: job.path })
  const present = st as Present
  const r = merge(attrsPart(job.path, present, job.want), timeChanges(job.path, present, job.mtime, job.atime))
  return { ...r, ok: `file ${job.path} exists${job.want.mode || job.want.owner || job.want.group ? ', attributes match' : ''}` }
}

/** state=touch: creates an empty file or updates its times (with the default 'now': always a change). */
export function planTouch(job: FileJob): StateResult {
  const st = followed(job)
  if (!st.exists) {
    const create: Change = { kind: 'exec', cmd: shJoin(['touch', '--', job.path]), reason: `create empty file ${job.path}` }
    const times = timeChanges(job.path, undefined, job.mtime === 'now' ? 'preserve' : job.mtime, job.atime === 'now' ? 'preserve' : job.atime)
    const r = merge({ changes: [create], before: { state: 'absent' }, after: { state: 'file' }, ok: '' }, newAttrs([job.path], job.want, false), times)
    return { ...r, before: { state: 'absent' } }
  }
  const r = merge(attrsPart(job.path, st, job.want), timeChanges(job.path, st, job.mtime, job.atime))
  return { ...r, ok: `file ${job.path} exists, times preserved and attributes match` }
}

/** Ancestors of a path, outermost first: /a/b/c -> /a, /a/b. */
export function ancestors(path: string): string[] {
  const parts = path.split('/')
  const out: string[] = []
  for (let i = 1; i < parts.length - 1; i++) {
    const p = parts.slice(0, i + 1).join('/')
    if (p !== '' && p !== '/') out.push(p)
  }
  return out.filter((p) => p !== path.replace(/\/+$/, ''))
}

/** state=directory: mkdir -p (attributes on every directory it creates, as Ansible does), or attributes. */
export function planDirectory(job: FileJob): StateResult {
  const st = followed(job)
  const prev = stateOf(st)
  if (prev === 'absent') {
    const path = job.path.replace(/(.)\/+$/, '$1')
    if (statOf(job, job.path).exists) throw new ModuleFailure(`${job.path} is a link to a missing target`, { path: job.path })
    const created = [...ancestors(path).filter((a) => !statOf(job, a).exists), path]
    const mkdir: Change = { kind: 'exec', cmd: shJoin(['mkdir', '-p', '--', path]), reason: `create directory ${path}` }
    const r = merge({ changes: [mkdir], before: {}, after: { state: 'directory' }, ok: '' }, newAttrs(created, job.want, true))
    return { ...r, before: { state: 'absent' } }
  }
  if (prev !== 'directory') throw new ModuleFailure(`${job.path} already exists as a ${prev}`, { path: job.path })
  const present = st as Present
  const r = merge(attrsPart(job.path, present, job.want), timeChanges(job.path, present, job.mtime, job.atime), recursePart(job))
  return { ...r, ok: `directory ${job.path} exists${job.want.mode || job.want.owner || job.want.group ? ', attributes match' : ''}` }
}

/** recurse=yes: one chmod -R / chown -R when any entry below the directory differs. */
function recursePart(job: FileJob): StateResult {
  const r: StateResult = { changes: [], before: {}, after: {}, ok: '' }
  if (!job.recurse || !job.tree) return r
  const { mode, owner, group } = job.want
  const modeOff = job.tree.some((e) => {
    if (e.type === 'link') return false
    const m = wantedMode(mode, parseInt(e.mode, 8), e.type === 'directory')
    return m !== undefined && m !== parseInt(e.mode, 8)
  })
  if (modeOff && mode) {
    // symbolic text goes to chmod itself (per-entry X and +x); an empty "who" means a, as in Ansible
    const arg = mode.kind === 'octal' ? fmtMode(mode.value) : mode.kind === 'symbolic' ? mode.text.split(',').map((c) => (/^[ugoa]/.test(c) ? c : `a${c}`)).join(',') : ''
    r.changes.push({ kind: 'exec', cmd: shJoin(['chmod', '-R', arg, '--', job.path]), reason: `mode ${arg} below ${job.path}` })
    r.after['recursive mode'] = arg
  }
  const ownerOff = owner !== undefined && job.tree.some((e) => !sameId(owner, e.owner, e.uid))
  const groupOff = group !== undefined && job.tree.some((e) => !sameId(group, e.group, e.gid))
  if (ownerOff || groupOff) {
    const spec = `${owner ?? ''}${group !== undefined ? `:${group}` : ''}`
    r.changes.push({ kind: 'exec', cmd: shJoin(['chown', '-R', '-h', spec, '--', job.path]), reason: `owner ${spec} below ${job.path}` })
    r.after['recursive owner'] = spec
  }
  return r
}
