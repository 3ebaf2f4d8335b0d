import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { posix } from 'node:path'
import { quote, shJoin } from '../connection/quote.js'
import { parseStat, statCommand, type FileStat } from '../facts/stat.js'
import { BOOL, FILE_ATTRS, STR, toBool, toStr } from './lib/args.js'
import { memberAttrs, memberDiff, memberMatches } from './lib/archive-compare.js'
import { archiveKind, listArgv, listCommand, parseListing, type ArchiveKind, type Member } from './lib/archive-list.js'
import { readAttrs } from './lib/attrs.js'
import { execLong } from './lib/bulk.js'
import { sha256 } from './lib/content.js'
import { guardReason } from './lib/guard.js'
import { foundTools, joinSections, splitSections, toolsCommand } from './lib/probe-sections.js'
import { ModuleFailure, type Change, type ModuleDef, type PlanContext } from './types.js'

/** Arguments of `unarchive`. */
export interface UnarchiveArgs {
  src: string
  dest: string
  remote_src?: boolean | string
  /** Ansible's older spelling: copy=no means remote_src=yes. */
  copy?: boolean | string
  creates?: string
  extra_opts?: string[] | string
  list_files?: boolean | string
  mode?: string | number
  owner?: string | number
  group?: string | number
}

/** The members of a controller archive, listed with the controller's tar/unzip. */
function listLocal(kind: ArchiveKind, file: string, src: string): string {
  const [bin = 'tar', ...argv] = listArgv(kind, file)
  try {
    return execFileSync(bin, argv, { env: { ...process.env, TZ: 'UTC' }, maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] }).toString('utf8')
  } catch (e) {
    const err = e as { code?: string; stderr?: Buffer }
    const why = err.code === 'ENOENT' ? `${bin} is not installed on the controller` : (err.stderr?.toString().trim() ?? String(e))
    throw new ModuleFailure(`could not list the archive ${src}: ${why}`, { src })
  }
}

function stripOf(extra: string[]): number {
  for (let i = 0; i < extra.length; i++) {
    const m = /^--strip-components(?:=(\d+))?$/.exec(extra[i] ?? '')
    if (m) return Number(m[1] ?? extra[i + 1] ?? 0)
  }
  return 0
}

const missing = (needs: string[], out: string): string[] => needs.filter((t) => !foundTools(out, needs).includes(t))

/** The extraction command line for an archive already on the target. */
function extractCommand(kind: ArchiveKind, file: string, dest: string, extra: string[]): string {
  return kind === 'zip' ? shJoin(['unzip', '-o', '-q', ...extra, file, '-d', dest]) : shJoin(['tar', '-x', ...extra, '-f', file, '-C', dest])
}

interface Read {
  members: Member[]
  dest: FileStat
  stats: Map<string, FileStat>
  toolOut: string
}

/** Reads a controller archive's members, then dest and every member path in one probe. */
async function readLocal(src: string, dest: string, kind: ArchiveKind, needs: string[], strip: number, ctx: PlanContext): Promise<Read & { file: string }> {
  const file = ctx.findFile('files', src)
  const members = parseListing(kind, listLocal(kind, file, src), strip)
  const paths = members.map((m) => posix.join(dest, m.name))
  const r = await execLong(ctx.probe, joinSections([statCommand([dest], { follow: true }), statCommand(paths.length ? paths : [dest]), toolsCommand(needs)]))
  const [d = '', s = '', toolOut = ''] = splitSections(r.stdout, 3)
  const stats = new Map(parseStat(s).map((st, i) => [paths[i] ?? '', st]))
  return { members, dest: parseStat(d, { follow: true })[0] ?? { path: dest, exists: false }, stats, toolOut, file }
}

/** Lists a target archive (with src, dest and the tools in the same round trip), then stats the member paths. */
async function readRemote(src: string, dest: string, kind: ArchiveKind, needs: string[], strip: number, ctx: PlanContext): Promise<Read> {
  const list = `if [ -f ${quote(src)} ]; then ${listCommand(kind, src)} 2>&1; echo "krun-rc=$?"; fi`
  const r = await ctx.probe.exec(joinSections([statCommand([dest, src], { follow: true }), toolsCommand(needs), list]))
  const [s = '', toolOut = '', listing = ''] = splitSections(r.stdout, 3)
  const [d, from] = parseStat(s, { follow: true })
  if (!from?.exists || from.type !== 'file') throw new ModuleFailure(`Source '${src}' does not exist on ${ctx.host}`, { src })
  const lack = missing(needs, toolOut)
  if (lack.length) throw new ModuleFailure(`${lack.join(' and ')} not found on ${ctx.host}: needed to read ${src}`, { src })
  const rc = /krun-rc=(\d+)\s*$/.exec(listing)
  if (rc?.[1] !== '0') throw new ModuleFailure(`could not list the archive ${src}: ${listing.replace(/krun-rc=\d+\s*$/, '').trim()}`, { src })
  const members = parseListing(kind, listing, strip)
  const paths = members.map((m) => posix.join(dest, m.name))
  const stats = new Map<string, FileStat>()
  if (paths.length) parseStat((await execLong(ctx.probe, statCommand(paths))).stdout).forEach((st, i) => stats.set(paths[i] ?? '', st))
  return { members, dest: d ?? { path: dest, exists: false }, stats, toolOut }
}

/** `unarchive`: extracts a tar or zip archive (from the controller, or already on the target) into dest. */
export const unarchive: ModuleDef<UnarchiveArgs> = {
  name: 'unarchive',
  aliases: ['ansible.builtin.unarchive', 'ansible.legacy.unarchive'],
  schema: {
    type: 'object',
    properties: {
      src: STR, dest: STR, remote_src: BOOL, copy: BOOL, creates: STR, list_files: BOOL, ...FILE_ATTRS,
      extra_opts: { type: ['array', 'string'], items: { type: 'string' } },
    },
    required: ['src', 'dest'],
    additionalProperties: false,
  },
  async plan(args, ctx) {
    const src = toStr(args.src) ?? ''
    const dest = (toStr(args.dest) ?? '').replace(/(.)\/+$/, '$1')
    if (!src || !dest) throw new ModuleFailure('unarchive: src and dest are required')
    const remote = toBool(args.remote_src, 'remote_src', false) || !toBool(args.copy, 'copy', true)
    const creates = toStr(args.creates)
    const data: Record<string, unknown> = { dest, src }
    const skip = creates ? await guardReason(ctx.probe, { creates }) : undefined
    if (skip) return { changed: false, noop: skip, data }
    const extra = Array.isArray(args.extra_opts) ? args.extra_opts.map(String) : args.extra_opts ? [String(args.extra_opts)] : []
    const { kind, needs, ext } = archiveKind(src)
    const strip = kind === 'tar' ? stripOf(extra) : 0
    const read: Read & { file?: string } = remote ? await readRemote(src, dest, kind, needs, strip, ctx) : await readLocal(src, dest, kind, needs, strip, ctx)
    if (!read.dest.exists || read.dest.type !== 'directory') throw new ModuleFailure(`dest '${dest}' must be an existing dir`, { dest })
    const lack = missing(needs, read.toolOut)
    if (lack.length) throw new ModuleFailure(`${lack.join(' and ')} not found on ${ctx.host}: needed to extract ${src}`, { src })
    const { stats } = read
    // archive order depends on the machine that made it: names sorted make a stable diff
    const members = [...read.members].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    if (toBool(args.list_files, 'list_files', false)) data.files = members.map((m) => m.name)
    const want = readAttrs(args)
    const differ = members.filter((m) => !memberMatches(m, stats.get(posix.join(dest, m.name)))).map((m) => ({ m, st: stats.get(posix.join(dest, m.name)) }))
    const attrs = memberAttrs(dest, members, stats, want, differ.length > 0)
    const path = `unarchive:${dest}`
    if (differ.length === 0) {
      if (attrs.changes.length === 0) return { changed: false, noop: `${dest} already holds the ${members.length} entries of ${posix.basename(src)}`, data }
      return { changed: true, changes: attrs.changes, diffs: [{ path, before: lines(attrs.before), after: lines(attrs.after) }], data }
    }
    const changes: Change[] = []
    if (remote) changes.push({ kind: 'exec', cmd: extractCommand(kind, src, dest, extra), reason: `extract ${src} into ${dest}` })
    else if (read.file) {
      // the upload sits in dest until tar has read it, and goes even when extraction fails
      const content = readFileSync(read.file)
      const tmp = posix.join(dest, `.krun-unarchive-${sha256(content).slice(0, 12)}${ext}`)
      changes.push({ kind: 'put', path: tmp, content, mode: '0600' })
      changes.push({ kind: 'exec', cmd: `${extractCommand(kind, tmp, dest, extra)}; rc=$?; rm -f -- ${quote(tmp)}; exit $rc`, reason: `extract ${src} into ${dest}` })
    }
    changes.push(...attrs.changes)
    const d = memberDiff(differ)
    return { changed: true, changes, diffs: [{ path, before: d.before + lines(attrs.before), after: d.after + lines(attrs.after) }], data }
  },
}

const lines = (l: string[]): string => l.map((x) => `${x}\n`).join('')
