import { posix } from 'node:path'
import { shJoin } from '../../connection/quote.js'
import type { FileStat } from '../../facts/stat.js'
import { ModuleFailure, type Change } from '../types.js'
import { merge, stateOf, statOf, timeChanges, type FileJob, type StateResult } from './file-common.js'
import { attrsPart, newAttrs } from './file-states.js'

type Present = FileStat & { exists: true }

/**
 * Where a symlink's src is looked for: relative to the link's directory (or, as Ansible does,
 * inside the path when the path is a real directory). Probed together with the path.
 */
export function linkSourcePath(path: string, src: string, pathStat: FileStat | undefined): string {
  if (posix.isAbsolute(src)) return src
  const base = pathStat?.exists && pathStat.type === 'directory' ? path : posix.dirname(path)
  return posix.join(base, src)
}

/** state=link: ln -sfn, refusing to replace files or directories without force. */
export function planLink(job: FileJob): StateResult {
  const { path, force } = job
  const st = statOf(job, path)
  const prev = stateOf(st)
  // no src on an existing link (state defaulted to link): keep its current target, as Ansible does
  const src = job.src ?? (st.exists ? st.linkTarget : undefined)
  if (!src) throw new ModuleFailure('src is required for creating symlinks (state=link)', { path })
  const abs = linkSourcePath(path, src, st)
  const absStat = job.src === undefined && st.exists && st.target ? st.target : statOf(job, abs)
  const srcExists = absStat.exists && (absStat.type !== 'link' || !!absStat.target?.exists)
  if (!force && !srcExists) {
    throw new ModuleFailure(`src file does not exist, use "force=yes" if you really want to create the link: ${abs}`, { path, src })
  }
  if ((prev === 'file' || prev === 'hard' || prev === 'directory') && !force) {
    throw new ModuleFailure(`refusing to convert from ${prev} to symlink for ${path}`, { path })
  }
  const changes: Change[] = []
  const before: Record<string, string> = { state: prev }
  if (prev === 'link' && st.exists && st.linkTarget === src) {
    // already right: only attributes may differ
  } else {
    if (prev === 'directory') changes.push({ kind: 'exec', cmd: shJoin(['rmdir', '--', path]), reason: `remove empty directory ${path}` })
    changes.push({ kind: 'exec', cmd: shJoin(['ln', '-sfn', '--', src, path]), reason: `link ${path} -> ${src}` })
    if (st.exists && st.linkTarget !== undefined) before.src = st.linkTarget
  }
  const relinked = changes.length > 0
  // with follow the attributes belong to the link's target (when there is one)
  const onTarget = job.follow && srcExists
  const attrSt = onTarget ? (absStat.exists && absStat.type === 'link' ? absStat.target : absStat) : st
  let attrs: StateResult
  if (attrSt?.exists && (onTarget || !relinked)) attrs = attrsPart(path, attrSt as Present, job.want, !onTarget)
  else attrs = newAttrs([path], { ...job.want, mode: onTarget ? job.want.mode : undefined }, false, !onTarget)
  const r = merge({ changes, before: relinked ? before : {}, after: relinked ? { state: 'link', src } : {}, ok: '' }, attrs)
  return { ...r, ok: `link ${path} -> ${src} exists` }
}

/** state=hard: ln -f when the path is not already the same inode as src. */
export function planHard(job: FileJob): StateResult {
  const { path, force } = job
  const src = job.src
  if (!src) throw new ModuleFailure('src is required for creating new hardlinks', { path })
  const srcSt = statOf(job, src)
  if (!srcSt.exists) throw new ModuleFailure('src does not exist', { dest: path, src })
  const st = statOf(job, path)
  const prev = stateOf(st)
  const same = st.exists && st.inode === srcSt.inode && st.dev === srcSt.dev
  const changes: Change[] = []
  if (!same) {
    if (prev === 'directory') throw new ModuleFailure(`Cannot link: directory exists at destination ${path}`, { path })
    if (prev !== 'absent' && !force) {
      throw new ModuleFailure(prev === 'hard' ? 'Cannot link, different hard link exists at destination' : `Cannot link, ${prev} exists at destination`, { path })
    }
    changes.push({ kind: 'exec', cmd: shJoin(['ln', '-f', '--', src, path]), reason: `hard link ${path} to ${src}` })
  }
  // after the link, path and src are one inode: compare attributes with src's
  const attrs = attrsPart(path, srcSt, job.want)
  const times = same ? timeChanges(path, st as Present, job.mtime, job.atime) : timeChanges(path, srcSt, job.mtime, job.atime)
  const r = merge({ changes, before: same ? {} : { state: prev }, after: same ? {} : { state: 'hard', src }, ok: '' }, attrs, times)
  return { ...r, ok: `${path} is a hard link to ${src}` }
}
