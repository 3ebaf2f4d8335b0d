import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, posix } from 'node:path'
import { BOOL, FILE_ATTRS, MODE, STR, exclusive, toBool, toStr } from './lib/args.js'
import { readAttrs } from './lib/attrs.js'
import { checkValidate, planContent, type ContentItem, type ContentOptions } from './lib/content.js'
import { parseMode, type ModeSpec } from './lib/mode.js'
import { planRemoteCopy } from './lib/remote-copy.js'
import { ModuleFailure, type ModuleDef, type PlanContext } from './types.js'

/** Arguments of `copy`. */
export interface CopyArgs {
  src?: string
  content?: unknown
  dest: string
  mode?: string | number
  owner?: string | number
  group?: string | number
  directory_mode?: string | number
  backup?: boolean | string
  force?: boolean | string
  validate?: string
  remote_src?: boolean | string
}

/** Options copy and template share (besides what they read their content from). */
export const WRITE_PROPS = {
  dest: STR,
  ...FILE_ATTRS,
  backup: BOOL,
  force: BOOL,
  validate: STR,
} as const

/** Reads the options copy and template share. */
export function writeOptions(args: Pick<CopyArgs, 'mode' | 'owner' | 'group' | 'backup' | 'force' | 'validate'>): ContentOptions {
  return {
    want: readAttrs(args),
    backup: toBool(args.backup, 'backup', false),
    force: toBool(args.force, 'force', true),
    validate: checkValidate(toStr(args.validate)),
  }
}

/** The mode of a controller file, for mode=preserve. */
function localMode(path: string): ModeSpec {
  return { kind: 'octal', value: statSync(path).mode & 0o7777 }
}

/** Files and directories of a controller directory, relative, parents first (links followed). */
function walk(root: string, rel = ''): { files: string[]; dirs: string[] } {
  const out = { files: [] as string[], dirs: [] as string[] }
  for (const name of readdirSync(join(root, rel)).sort()) {
    const r = rel ? `${rel}/${name}` : name
    if (statSync(join(root, r)).isDirectory()) {
      out.dirs.push(r)
      const sub = walk(root, r)
      out.files.push(...sub.files)
      out.dirs.push(...sub.dirs)
    } else out.files.push(r)
  }
  return out
}

/** The items of a controller src: one file, or a directory tree (`src/` copies its contents only). */
function localItems(src: string, dest: string, opts: ContentOptions, ctx: PlanContext): { items: ContentItem[]; dirs?: string[] } {
  const contentsOnly = src.endsWith('/')
  const abs = ctx.findFile('files', contentsOnly ? src.replace(/\/+$/, '') : src)
  const preserve = opts.want.mode?.kind === 'preserve'
  if (!statSync(abs).isDirectory()) {
    const base = posix.basename(src)
    const item: ContentItem = {
      dest: dest.endsWith('/') ? posix.join(dest, base) : dest,
      content: readFileSync(abs),
      ...(dest.endsWith('/') ? {} : { destIfDir: posix.join(dest, base) }),
      ...(preserve ? { mode: localMode(abs) } : {}),
    }
    // dest/ names a directory: created when missing, as Ansible does
    return dest.endsWith('/') ? { items: [item], dirs: [dest.replace(/(.)\/+$/, '$1')] } : { items: [item] }
  }
  const root = contentsOnly ? dest.replace(/(.)\/+$/, '$1') : posix.join(dest, posix.basename(src.replace(/\/+$/, '')))
  const tree = walk(abs)
  const items = tree.files.map((f) => ({
    dest: posix.join(root, f),
    content: readFileSync(join(abs, f)),
    ...(preserve ? { mode: localMode(join(abs, f)) } : {}),
  }))
  return { items, dirs: [root, ...tree.dirs.map((d) => posix.join(root, d))] }
}

/** `copy`: writes a file from the controller (src, file or directory) or from `content`. */
export const copy: ModuleDef<CopyArgs> = {
  name: 'copy',
  aliases: ['ansible.builtin.copy', 'ansible.legacy.copy'],
  schema: {
    type: 'object',
    properties: { ...WRITE_PROPS, src: STR, content: {}, directory_mode: MODE, remote_src: BOOL },
    required: ['dest'],
    additionalProperties: false,
    // neither src nor content is caught at load, before any host is touched
    anyOf: [{ properties: { src: STR }, required: ['src'] }, { properties: { content: {} }, required: ['content'] }],
    ...exclusive(['src', 'content']),
  },
  async plan(args, ctx) {
    const dest = toStr(args.dest)
    if (!dest) throw new ModuleFailure('copy: missing required argument: dest')
    const src = toStr(args.src)
    if (src !== undefined && args.content !== undefined) throw new ModuleFailure('src and content are mutually exclusive')
    const opts: ContentOptions = { ...writeOptions(args), directoryMode: parseMode(args.directory_mode) }
    if (args.content !== undefined) {
      if (dest.endsWith('/')) throw new ModuleFailure('can not use content with a dir as dest')
      if (opts.want.mode?.kind === 'preserve') throw new ModuleFailure('mode=preserve needs src, not content')
      // lists and dicts are written as JSON, as Ansible does
      const text = typeof args.content === 'string' ? args.content : JSON.stringify(args.content)
      return planContent([{ dest, content: Buffer.from(text) }], opts, ctx)
    }
    if (src === undefined) throw new ModuleFailure('src (or content) is required')
    if (toBool(args.remote_src, 'remote_src', false)) return planRemoteCopy(src, dest, opts, ctx)
    const { items, dirs } = localItems(src, dest, opts, ctx)
    return planContent(items, { ...opts, ...(dirs ? { dirs } : {}) }, ctx)
  },
}
