/**
 * The planner copy and template share: put files whose content differs (atomically, by the
 * engine), chmod/chown files whose content matches, create missing directories.
 */
import { createHash } from 'node:crypto'
import { quote, shJoin } from '../../connection/quote.js'
import { probeStat, type FileStat } from '../../facts/stat.js'
import { ModuleFailure, type Change, type FileDiff, type Plan, type PlanContext } from '../types.js'
import { attrChanges, attrDeltas, attrDiff, type WantedAttrs } from './attrs.js'
import { contentDiff } from './content-diff.js'
import { newAttrs } from './file-states.js'
import { fmtMode, wantedMode, type ModeSpec } from './mode.js'

/** One file to write. */
export interface ContentItem {
  dest: string
  content: Buffer
  /** Used instead of dest when dest turns out to be a directory (copy src=file dest=dir). */
  destIfDir?: string
  /** This file's mode, over the options' (mode=preserve: each source file's own mode). */
  mode?: ModeSpec
  /** The current content when the caller already read it (lineinfile...): the diff needs no second fetch. */
  current?: Buffer
}

/** How the items are written. */
export interface ContentOptions {
  want: WantedAttrs
  /** cp -p the current file to `dest.<time>~` before replacing it. */
  backup: boolean
  /** false: leave an existing dest alone. */
  force: boolean
  /** Command with %s run against the new content before it replaces dest (see Change.validate). */
  validate?: string
  /** Directories to create first (copy of a directory), parents before children. */
  dirs?: string[]
  directoryMode?: ModeSpec
}

/** sha256 hex of a buffer. */
export function sha256(buf: Buffer): string {
  return createHash('sha256').update(buf).digest('hex')
}

/** validate must name the file to check with %s (as in Ansible). */
export function checkValidate(v: string | undefined): string | undefined {
  if (v !== undefined && !v.includes('%s')) throw new ModuleFailure(`validate must contain %s: ${v}`)
  return v
}

type Present = FileStat & { exists: true }

/** The owner/group to keep when a put replaces a file (ids when the name is unknown). */
function keepIds(st: Present, want: WantedAttrs): { owner?: string; group?: string } {
  return {
    owner: want.owner ?? (st.owner === 'UNKNOWN' ? String(st.uid) : st.owner),
    group: want.group ?? (st.group === 'UNKNOWN' ? String(st.gid) : st.group),
  }
}

function planDirs(dirs: string[], stats: Map<string, FileStat>, opts: ContentOptions): { changes: Change[]; diffs: FileDiff[] } {
  const missing = dirs.filter((d) => {
    const st = stats.get(d)
    if (st?.exists && st.type !== 'directory') throw new ModuleFailure(`${d} exists and is not a directory`, { path: d })
    return !st?.exists
  })
  if (missing.length === 0) return { changes: [], diffs: [] }
  const attrs = newAttrs(missing, { ...opts.want, mode: opts.directoryMode }, true)
  return {
    changes: [{ kind: 'exec', cmd: shJoin(['mkdir', '-p', '--', ...missing]), reason: `create directories ${missing.join(' ')}` }, ...attrs.changes],
    diffs: missing.map((d) => ({ path: d, before: 'state: absent\n', after: 'state: directory\n' })),
  }
}

async function planItem(item: ContentItem, stats: Map<string, FileStat>, opts: ContentOptions, ctx: PlanContext): Promise<{ changes: Change[]; diffs: FileDiff[]; skipped?: string }> {
  let dest = item.dest
  let st = stats.get(dest) ?? { path: dest, exists: false }
  if (st.exists && st.type === 'directory' && item.destIfDir) {
    dest = item.destIfDir
    st = stats.get(dest) ?? { path: dest, exists: false }
  }
  if (st.exists && st.type === 'directory') throw new ModuleFailure(`Destination ${dest} is a directory`, { dest })
  if (st.exists && !opts.force) return { changes: [], diffs: [], skipped: `${dest} exists and force=no` }
  const present = st.exists ? st : undefined
  const want: WantedAttrs = item.mode ? { ...opts.want, mode: item.mode } : opts.want
  if (present && present.sha256 === sha256(item.content)) {
    const deltas = attrDeltas(present, want)
    if (deltas.length === 0) return { changes: [], diffs: [] }
    return { changes: attrChanges(dest, deltas), diffs: [attrDiff(dest, deltas)] }
  }
  const mode = wantedMode(want.mode, present ? parseInt(present.mode, 8) : undefined, false)
  const put: Change = {
    kind: 'put',
    path: dest,
    content: item.content,
    ...(mode !== undefined ? { mode: fmtMode(mode) } : present ? { mode: present.mode } : {}),
    ...(present ? keepIds(present, opts.want) : { ...(opts.want.owner !== undefined ? { owner: opts.want.owner } : {}), ...(opts.want.group !== undefined ? { group: opts.want.group } : {}) }),
    ...(opts.validate ? { validate: opts.validate } : {}),
  }
  const changes: Change[] = []
  if (present && opts.backup) {
    // the time stamp is taken when the backup runs, on the host
    const cmd = `cp -p -- ${quote(dest)} ${quote(dest)}."$(date +%Y-%m-%d@%H:%M:%S)"~`
    changes.push({ kind: 'exec', cmd, reason: `back up ${dest}` })
  }
  changes.push(put)
  return { changes, diffs: [await contentDiff(ctx.probe, { ...st, path: dest }, item.content, ctx.noLog, item.current)] }
}

/** Plans writing the items: one stat+hash probe for every path involved, fetches only for diffs. */
export async function planContent(items: ContentItem[], opts: ContentOptions, ctx: PlanContext): Promise<Plan> {
  const paths = [...(opts.dirs ?? []), ...items.flatMap((i) => [i.dest, ...(i.destIfDir ? [i.destIfDir] : [])])]
  const stats = await probeStat(ctx.probe, paths, { hash: true, follow: true })
  const dirs = planDirs(opts.dirs ?? [], stats, opts)
  const changes = [...dirs.changes]
  const diffs = [...dirs.diffs]
  const skipped: string[] = []
  for (const item of items) {
    const r = await planItem(item, stats, opts, ctx)
    changes.push(...r.changes)
    diffs.push(...r.diffs)
    if (r.skipped) skipped.push(r.skipped)
  }
  const dest = items.length === 1 ? items[0]?.dest : undefined
  const data = dest ? { dest } : {}
  if (changes.length > 0) return { changed: true, changes, diffs, data }
  if (skipped.length === items.length && skipped.length > 0) return { changed: false, noop: skipped.join('; '), data }
  return { changed: false, noop: items.length === 1 ? 'content and attributes match' : `${items.length} files: content and attributes match`, data }
}
