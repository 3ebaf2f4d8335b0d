/**
 * What lineinfile, blockinfile and replace share: read the file once, let the module compute
 * the new text, then hand it to the planner copy and template use (put + diff when the content
 * differs, chmod/chown when only attributes do).
 */
import { shJoin } from '../../connection/quote.js'
import { probeStatOne } from '../../facts/stat.js'
import { ModuleFailure, type Plan, type PlanContext } from '../types.js'
import { BOOL, FILE_ATTRS, STR, toBool, toStr } from './args.js'
import { readAttrs } from './attrs.js'
import { checkValidate, planContent, type ContentOptions } from './content.js'
import { ancestors } from './file-states.js'
import { binOf, bufOf } from './text-lines.js'

/** The path argument and its Ansible aliases. */
export const PATH_NAMES = ['path', 'dest', 'destfile', 'name'] as const

/** Schema properties every text module has: the path (and aliases), file attributes, backup, validate. */
export const TEXT_PROPS = { path: STR, dest: STR, destfile: STR, name: STR, ...FILE_ATTRS, backup: BOOL, validate: STR } as const

/** One of the path names is required (caught at load, before any host is touched). */
export const PATH_REQUIRED = PATH_NAMES.map((k) => ({ properties: { [k]: STR }, required: [k] }))

/** The arguments every text module reads the same way. */
export interface TextArgs {
  path?: string
  dest?: string
  destfile?: string
  name?: string
  mode?: string | number
  owner?: string | number
  group?: string | number
  backup?: boolean | string
  validate?: string
}

/** The path a task names, under any of its aliases. */
export function textPath(args: TextArgs, module: string): string {
  const path = toStr(args.path ?? args.dest ?? args.destfile ?? args.name)
  if (!path) throw new ModuleFailure(`${module}: missing required argument: path`)
  return path
}

/**
 * The insertafter/insertbefore value to compile as a pattern: insertafter wins; its keywords
 * (`afterWords`: lineinfile EOF and BOF, blockinfile EOF only) and insertbefore's BOF are not patterns.
 */
export function insertPattern(after: string | undefined, before: string | undefined, afterWords: string[]): { pattern: string; arg: string } | undefined {
  if (after !== undefined) return afterWords.includes(after) ? undefined : { pattern: after, arg: 'insertafter' }
  return before === undefined || before === 'BOF' ? undefined : { pattern: before, arg: 'insertbefore' }
}

/** The current content as a binary string (null: no such file), with one fetch. */
export async function readText(ctx: PlanContext, path: string): Promise<string | null> {
  try {
    const buf = await ctx.probe.fetch(path)
    return buf === null ? null : binOf(buf)
  } catch (e) {
    // only a failed read pays for a stat, to say what is wrong in Ansible's words
    const st = await probeStatOne(ctx.probe, path).catch(() => undefined)
    if (st?.exists && st.type === 'directory') throw new ModuleFailure(`Path ${path} is a directory !`, { rc: 256 })
    throw e
  }
}

/** The module's outcome: the new text (binary string), or the reason there is nothing to write. */
export type TextEdit =
  | { after: string; msg: string; why: string }
  | { after?: undefined; why: string }

/**
 * The plan for an edit of `path` from `before` (what readText returned). The same content and
 * no attributes asked: no further round trip. Otherwise one stat (planContent); a new content
 * goes to the link's target, as Ansible writes through symbolic links.
 */
export async function planText(ctx: PlanContext, path: string, args: TextArgs, before: string | null, edit: TextEdit, data: Record<string, unknown>): Promise<Plan> {
  const opts: ContentOptions = {
    want: readAttrs(args),
    backup: toBool(args.backup, 'backup', false),
    force: true,
    validate: checkValidate(toStr(args.validate)),
  }
  const attrs = opts.want.mode !== undefined || opts.want.owner !== undefined || opts.want.group !== undefined
  const same = edit.after === undefined || edit.after === before
  const out = { path, ...data, ...(edit.after !== undefined && !same ? { msg: edit.msg } : {}) }
  if (same && (!attrs || before === null)) return { changed: false, noop: `${path}: ${edit.why}`, data: out }
  const content = bufOf(same ? (before ?? '') : (edit.after ?? ''))
  const current = before === null ? undefined : bufOf(before)
  let dest = path
  if (!same) {
    const r = await ctx.probe.exec(shJoin(['readlink', '-f', '--', path]))
    dest = (r.rc === 0 && r.stdout.replace(/\n$/, '')) || path
  }
  const dirs = before === null ? ancestors(dest) : undefined
  const plan = await planContent([{ dest, content, ...(current ? { current } : {}) }], { ...opts, ...(dirs ? { dirs } : {}) }, ctx)
  if (!plan.changed) return { changed: false, noop: `${path}: ${edit.why}${attrs ? '; attributes match' : ''}`, data: out }
  // the diff is about the path the task names, wherever its link points
  return { ...plan, diffs: plan.diffs.map((d) => (d.path === dest ? { ...d, path } : d)), data: out }
}
