import { posix } from 'node:path'
import { quote, shJoin } from '../connection/quote.js'
import { parseStat, statCommand, type FileStat } from '../facts/stat.js'
import { BOOL, FILE_ATTRS, INT, STR, toBool, toInt, toStr } from './lib/args.js'
import { attrChanges, attrDeltas, attrText, readAttrs, type WantedAttrs } from './lib/attrs.js'
import { digest, digestFromFile, parseChecksum, urlFilename, type Algorithm, type ChecksumSpec } from './lib/checksum.js'
import { DOWNLOADERS, downloadCommand, type Downloader } from './lib/download-cmd.js'
import { httpGet, type HttpGetOptions } from './lib/http-get.js'
import { fmtMode, wantedMode } from './lib/mode.js'
import { foundTools, joinSections, splitSections, toolsCommand } from './lib/probe-sections.js'
import { ModuleFailure, type Change, type FileDiff, type ModuleDef, type Plan } from './types.js'

/** Arguments of `get_url`. */
export interface GetUrlArgs {
  url: string
  dest: string
  checksum?: string
  mode?: string | number
  owner?: string | number
  group?: string | number
  force?: boolean | string
  headers?: Record<string, string | number | boolean>
  timeout?: number | string
  validate_certs?: boolean | string
  /** krun: where the download runs; `auto` = on the target when it has curl or wget, else on the controller. */
  download_on?: 'auto' | 'target' | 'controller'
}

type Present = FileStat & { exists: true }
const NO_TOOL = 'krun-no-downloader'
const FETCH_FAILED = 'krun-checksum-fetch-failed'

/** The probe: stat of dest (and dest/<file name>, and its parent), their hashes, the downloaders, the checksum file. */
function probeCommand(paths: string[], algo: Algorithm | undefined, sumUrl: string | undefined, http: HttpGetOptions): string {
  const parts = [statCommand(paths, { follow: true })]
  parts.push(algo ? `for h in ${shJoin(paths)}; do if [ -f "$h" ]; then ${algo}sum < "$h" || echo -; else echo -; fi; done` : 'echo')
  parts.push(toolsCommand(DOWNLOADERS))
  if (sumUrl) {
    const t = http.timeout
    const k = http.validateCerts ? '' : ' -k'
    const w = http.validateCerts ? '' : ' --no-check-certificate'
    parts.push(
      `if command -v curl >/dev/null 2>&1; then curl -fsSL --max-time ${t}${k} ${quote(sumUrl)} || echo ${FETCH_FAILED} curl $?; ` +
        `elif command -v wget >/dev/null 2>&1; then wget -q -T ${t}${w} -O - ${quote(sumUrl)} || echo ${FETCH_FAILED} wget $?; else echo ${NO_TOOL}; fi`,
    )
  }
  return joinSections(parts)
}

/** The expected digest: given, or read from the checksum file (fetched where the download runs). */
async function expectedDigest(spec: ChecksumSpec | undefined, url: string, remoteText: string | undefined, http: HttpGetOptions): Promise<string | undefined> {
  if (!spec) return undefined
  if (spec.hex !== undefined) return spec.hex
  const sumUrl = spec.url
  let text = remoteText
  if (text === undefined || text.trim() === NO_TOOL) text = (await httpGet(sumUrl, { ...http, headers: {} })).toString('utf8')
  const failed = new RegExp(`${FETCH_FAILED} (\\w+) (\\d+)\\s*$`).exec(text)
  if (failed) throw new ModuleFailure(`could not download the checksum file ${sumUrl} (${failed[1]} exit code ${failed[2]})`)
  return digestFromFile(text, urlFilename(url), spec.algo, sumUrl)
}

/** The file's attributes after a download: the wanted ones, else an existing file's. */
function attrsAfter(st: FileStat, want: WantedAttrs): { mode?: string; owner?: string; group?: string } {
  const cur = st.exists ? st : undefined
  const mode = wantedMode(want.mode, cur ? parseInt(cur.mode, 8) : undefined, false)
  return {
    ...(mode !== undefined ? { mode: fmtMode(mode) } : cur ? { mode: cur.mode } : {}),
    ...(want.owner !== undefined ? { owner: want.owner } : cur ? { owner: cur.owner === 'UNKNOWN' ? String(cur.uid) : cur.owner } : {}),
    ...(want.group !== undefined ? { group: want.group } : cur ? { group: cur.group === 'UNKNOWN' ? String(cur.gid) : cur.group } : {}),
  }
}

/** `get_url:<dest>` pseudo diff: the checksum (and attributes) before and after. */
function downloadDiff(dest: string, st: FileStat, hash: string | undefined, after: string, want: WantedAttrs, algo: Algorithm): FileDiff {
  const path = `get_url:${dest}`
  if (!st.exists) {
    const mode = wantedMode(want.mode, undefined, false)
    return { path, before: 'state: absent\n', after: `state: file\nchecksum: ${after}\n${attrText({ mode: mode === undefined ? undefined : fmtMode(mode), owner: want.owner, group: want.group })}` }
  }
  const deltas = attrDeltas(st, want)
  const b = Object.fromEntries(deltas.map((d) => [d.key, d.before]))
  const a = Object.fromEntries(deltas.map((d) => [d.key, d.after]))
  return { path, before: `checksum: ${hash ? `${algo}:${hash}` : 'unknown'}\n${attrText(b)}`, after: `checksum: ${after}\n${attrText(a)}` }
}

/** Nothing to download: only attributes may differ. */
function attrsOnly(dest: string, st: Present, want: WantedAttrs, noop: string, data: Record<string, unknown>): Plan {
  const deltas = attrDeltas(st, want)
  if (deltas.length === 0) return { changed: false, noop, data }
  const b = Object.fromEntries(deltas.map((d) => [d.key, d.before]))
  const a = Object.fromEntries(deltas.map((d) => [d.key, d.after]))
  return { changed: true, changes: attrChanges(dest, deltas), diffs: [{ path: `get_url:${dest}`, before: attrText(b), after: attrText(a) }], data }
}

/** `get_url`: downloads a file on the target (curl or wget), guarded by its checksum. */
export const get_url: ModuleDef<GetUrlArgs> = {
  name: 'get_url',
  aliases: ['ansible.builtin.get_url', 'ansible.legacy.get_url'],
  schema: {
    type: 'object',
    properties: {
      url: STR, dest: STR, checksum: STR, ...FILE_ATTRS, force: BOOL, timeout: INT, validate_certs: BOOL,
      headers: { type: 'object', additionalProperties: { type: ['string', 'number', 'boolean'] } },
      download_on: { type: 'string', enum: ['auto', 'target', 'controller'] },
    },
    required: ['url', 'dest'],
    additionalProperties: false,
  },
  async plan(args, ctx) {
    const url = toStr(args.url) ?? ''
    const destArg = toStr(args.dest) ?? ''
    if (!url || !destArg) throw new ModuleFailure('get_url: url and dest are required')
    const spec = parseChecksum(toStr(args.checksum))
    const force = toBool(args.force, 'force', false)
    const want = readAttrs(args)
    if (want.mode?.kind === 'preserve') throw new ModuleFailure('get_url: mode=preserve is not supported')
    const http: HttpGetOptions = {
      timeout: toInt(args.timeout, 'timeout', 10),
      validateCerts: toBool(args.validate_certs, 'validate_certs', true),
      headers: Object.fromEntries(Object.entries(args.headers ?? {}).map(([k, v]) => [k, String(v)])),
    }
    const where = args.download_on ?? 'auto'
    const algo: Algorithm | undefined = spec?.algo ?? (force ? 'sha256' : undefined)
    const byName = posix.join(destArg, urlFilename(url))
    const paths = [destArg, byName, posix.dirname(destArg)]
    const r = await ctx.probe.exec(probeCommand(paths, algo, where === 'controller' ? undefined : spec?.url, http))
    const [statOut = '', hashOut = '', toolOut = '', sumOut] = splitSections(r.stdout, 4)
    const stats = parseStat(statOut, { follow: true })
    const hashes = hashOut.trim().split('\n')
    const intoDir = destArg.endsWith('/') || (stats[0]?.exists === true && stats[0].type === 'directory')
    const i = intoDir ? 1 : 0
    const dest = intoDir ? byName : destArg
    const st: FileStat = stats[i] ?? { path: dest, exists: false }
    const hash = hashes[i] && hashes[i] !== '-' ? hashes[i]?.split(' ')[0] : undefined
    const parent = intoDir ? stats[0] : stats[2]
    if (st.exists && st.type === 'directory') throw new ModuleFailure(`Destination ${dest} is a directory`, { dest })
    if (!parent?.exists || parent.type !== 'directory') throw new ModuleFailure(`Destination dir ${intoDir ? destArg.replace(/(.)\/+$/, '$1') : posix.dirname(destArg)} does not exist`, { dest })
    const data: Record<string, unknown> = { dest, url }
    const expected = await expectedDigest(spec, url, spec?.url && where !== 'controller' ? sumOut : undefined, http)
    if (st.exists && expected !== undefined && hash === expected) return attrsOnly(dest, st, want, `${dest} matches checksum ${spec?.algo}:${expected}`, data)
    if (st.exists && expected === undefined && !force) return attrsOnly(dest, st, want, `${dest} already exists (no checksum, force=no)`, data)
    const tool = foundTools(toolOut, DOWNLOADERS)[0]
    if (where === 'target' && !tool) throw new ModuleFailure(`neither curl nor wget on ${ctx.host}: install one, or set download_on: controller`)
    const hashAlgo = spec?.algo ?? 'sha256'
    if (where === 'target' || (where === 'auto' && tool)) {
      const change: Change = {
        kind: 'exec',
        cmd: downloadCommand({ tool: tool as Downloader, url, dest, ...http, headers: http.headers ?? {}, ...(spec && expected ? { checksum: { algo: spec.algo, hex: expected } } : {}), ...attrsWanted(st, want) }),
        reason: `download ${url} to ${dest} (${tool})`,
      }
      const after = expected ? `${hashAlgo}:${expected}` : 'unknown until downloaded'
      return { changed: true, changes: [change], diffs: [downloadDiff(dest, st, hash, after, want, hashAlgo)], data }
    }
    const body = await httpGet(url, http)
    const got = digest(hashAlgo, body)
    if (expected && got !== expected) throw new ModuleFailure(`The checksum for ${dest} did not match ${expected}; it was ${got}.`, data)
    if (st.exists && hash === got) return attrsOnly(dest, st, want, `${dest} matches the download`, data)
    const put: Change = { kind: 'put', path: dest, content: body, ...attrsAfter(st, want) }
    const why = where === 'auto' ? ` (${ctx.host} has neither curl nor wget)` : ''
    return { changed: true, changes: [put], diffs: [downloadDiff(dest, st, hash, `${hashAlgo}:${got}`, want, hashAlgo)], data: { ...data, msg: `downloaded on the controller${why}` } }
  },
}

/** Mode/owner/group to pass to the download command (only what the task asks for; the command keeps the rest). */
function attrsWanted(st: FileStat, want: WantedAttrs): { mode?: string; owner?: string; group?: string } {
  const mode = wantedMode(want.mode, st.exists ? parseInt(st.mode, 8) : undefined, false)
  return { ...(mode !== undefined ? { mode: fmtMode(mode) } : {}), ...(want.owner !== undefined ? { owner: want.owner } : {}), ...(want.group !== undefined ? { group: want.group } : {}) }
}
