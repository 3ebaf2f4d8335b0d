import { posix } from 'node:path'
import { parseStat, statCommand, type FileStat } from '../facts/stat.js'
import { parseTree, treeCommand } from '../facts/tree.js'
import { BOOL, FILE_ATTRS, STR, toBool, toStr } from './lib/args.js'
import { readAttrs } from './lib/attrs.js'
import { stateDiff, stateOf, timeSpec, type FileJob, type FileState, type StateResult } from './lib/file-common.js'
import { planHard, planLink } from './lib/file-link.js'
import { ancestors, planAbsent, planDirectory, planFile, planTouch } from './lib/file-states.js'
import { KrunError } from '../core/errors.js'
import { ModuleFailure, type ModuleDef, type PlanContext, type Probe } from './types.js'

/** Arguments of `file` (path has the aliases dest and name, as in Ansible). */
export interface FileArgs {
  path?: string
  dest?: string
  name?: string
  state?: FileState
  mode?: string | number
  owner?: string | number
  group?: string | number
  recurse?: boolean | string
  src?: string
  force?: boolean | string
  follow?: boolean | string
  modification_time?: string
  access_time?: string
}

const STATES = ['file', 'directory', 'absent', 'link', 'hard', 'touch'] as const
const TREE_MARK = '@@krun-tree'

/** Stats everything the states need in one command (plus the tree below the path for recurse). */
async function probe(p: Probe, paths: string[], treeOf?: string): Promise<{ stats: Map<string, FileStat>; tree?: ReturnType<typeof parseTree> }> {
  const unique = [...new Set(paths)]
  const cmd = statCommand(unique) + (treeOf ? `; echo ${TREE_MARK}; ${treeCommand(treeOf)}` : '')
  const r = await p.exec(cmd)
  const [statOut = '', treeOut] = r.stdout.split(`${TREE_MARK}\n`)
  const parsed = parseStat(statOut)
  const stats = new Map<string, FileStat>()
  unique.forEach((path, i) => {
    const st = parsed[i]
    if (!st || (!st.exists && st.error)) throw new KrunError('E_PROBE', `cannot stat ${path}: ${r.stderr.trim() || `exit code ${r.rc}`}`)
    stats.set(path, { ...st, path })
  })
  return { stats, ...(treeOf ? { tree: parseTree(treeOut ?? '') } : {}) }
}

const HANDLERS: Record<FileState, (job: FileJob) => StateResult> = {
  absent: planAbsent,
  file: planFile,
  touch: planTouch,
  directory: planDirectory,
  link: planLink,
  hard: planHard,
}

/** `file`: the state of a path (file, directory, link, hard link, absent, touched) and its attributes. */
export const file: ModuleDef<FileArgs> = {
  name: 'file',
  aliases: ['ansible.builtin.file', 'ansible.legacy.file'],
  schema: {
    type: 'object',
    properties: {
      path: STR, dest: STR, name: STR,
      state: { type: 'string', enum: [...STATES] },
      ...FILE_ATTRS,
      recurse: BOOL, src: STR, force: BOOL, follow: BOOL,
      modification_time: STR, access_time: STR,
    },
    additionalProperties: false,
    // path has two aliases: caught at load, before any host is touched
    anyOf: ['path', 'dest', 'name'].map((k) => ({ properties: { [k]: STR }, required: [k] })),
  },
  async plan(args: FileArgs, ctx: PlanContext) {
    const path = toStr(args.path ?? args.dest ?? args.name)
    if (!path) throw new ModuleFailure('file: missing required argument: path')
    const recurse = toBool(args.recurse, 'recurse', false)
    const src = toStr(args.src)
    const given = args.state
    const paths = [path, ...(given === undefined || given === 'directory' ? ancestors(path) : [])]
    if (src && given === 'link') paths.push(posix.isAbsolute(src) ? src : posix.join(posix.dirname(path), src), posix.join(path, src))
    if (src && given === 'hard') paths.push(src)
    const wantsTree = recurse && (given === undefined || given === 'directory')
    const { stats, tree } = await probe(ctx.probe, paths, wantsTree ? path : undefined)
    const prev = stateOf(stats.get(path))
    // as in Ansible: no state means the current one, else directory for recurse, else file
    const state: FileState = given ?? (prev !== 'absent' ? prev : recurse ? 'directory' : 'file')
    if (recurse && state !== 'directory') throw new ModuleFailure("recurse option requires state to be 'directory'", { path })
    if (src && state !== 'link' && state !== 'hard') throw new ModuleFailure("src option requires state to be 'link' or 'hard'", { path })
    const job: FileJob = {
      path,
      state,
      want: readAttrs(args),
      follow: toBool(args.follow, 'follow', true),
      force: toBool(args.force, 'force', false),
      recurse,
      ...(src ? { src } : {}),
      mtime: timeSpec(args.modification_time, state, 'modification_time'),
      atime: timeSpec(args.access_time, state, 'access_time'),
      stats,
      ...(tree ? { tree } : {}),
    }
    const r = HANDLERS[state](job)
    if (r.changes.length === 0) return { changed: false, noop: r.ok, data: { path, state } }
    return { changed: true, changes: r.changes, diffs: [stateDiff(path, r)], data: { path, state } }
  },
}
