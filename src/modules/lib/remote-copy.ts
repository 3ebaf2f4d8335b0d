import { posix } from 'node:path'
import { shJoin } from '../../connection/quote.js'
import { probeStat, type FileStat } from '../../facts/stat.js'
import { ModuleFailure, type Change, type Plan, type PlanContext } from '../types.js'
import { attrChanges, attrDeltas, attrDiff } from './attrs.js'
import type { ContentOptions } from './content.js'
import { newAttrs } from './file-states.js'

const summary = (st: FileStat & { exists: true }): string => `<${st.size} bytes, sha256 ${st.sha256 ?? '?'}>\n`

/**
 * copy with remote_src: a file already on the host. Compared by hash in one probe, copied
 * with cp on the host (content never travels through the controller). Files only.
 */
export async function planRemoteCopy(src: string, destArg: string, opts: ContentOptions, ctx: PlanContext): Promise<Plan> {
  const inDir = posix.join(destArg, posix.basename(src))
  const stats = await probeStat(ctx.probe, [src, destArg, inDir], { hash: true, follow: true })
  const s = stats.get(src)
  if (!s?.exists) throw new ModuleFailure(`Source ${src} not found`, { src })
  if (s.type === 'directory') throw new ModuleFailure(`remote_src: copying the directory ${src} is not supported; copy its files`, { src })
  const first = stats.get(destArg)
  const dest = destArg.endsWith('/') || (first?.exists && first.type === 'directory') ? inDir : destArg
  const d = stats.get(dest) ?? { path: dest, exists: false }
  if (d.exists && d.type === 'directory') throw new ModuleFailure(`Destination ${dest} is a directory`, { dest })
  const data = { dest, src }
  if (d.exists && !opts.force) return { changed: false, noop: `${dest} exists and force=no`, data }
  if (d.exists && d.sha256 === s.sha256) {
    const deltas = attrDeltas(d, opts.want)
    if (deltas.length === 0) return { changed: false, noop: 'content and attributes match', data }
    return { changed: true, changes: attrChanges(dest, deltas), diffs: [attrDiff(dest, deltas)], data }
  }
  const changes: Change[] = []
  if (d.exists && opts.backup) changes.push({ kind: 'exec', cmd: `${shJoin(['cp', '-p', '--', dest, dest])}."$(date +%Y-%m-%d@%H:%M:%S)"~`, reason: `back up ${dest}` })
  const preserve = opts.want.mode?.kind === 'preserve'
  changes.push({ kind: 'exec', cmd: shJoin(['cp', ...(preserve ? ['--preserve=mode'] : []), '--', src, dest]), reason: `copy ${src} to ${dest}` })
  // cp onto an existing file keeps its attributes: compare with those; a new file gets them set
  const attrs = d.exists ? attrChanges(dest, attrDeltas(d, opts.want)) : newAttrs([dest], opts.want, false).changes
  changes.push(...attrs)
  return { changed: true, changes, diffs: [{ path: dest, before: d.exists ? summary(d) : null, after: summary(s) }], data }
}
