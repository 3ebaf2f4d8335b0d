/**
 * Archives as unarchive sees them: the format a file name implies, the listing command for
 * it (run on the target or on the controller), and the parser of that listing.
 */
import { shJoin } from '../../connection/quote.js'

/** Archive formats: tar (any compression tar detects) or zip. */
export type ArchiveKind = 'tar' | 'zip'

/** One entry of an archive. */
export interface Member {
  /** Path relative to dest, without `./` or a trailing slash. */
  name: string
  type: 'file' | 'directory' | 'link' | 'hardlink' | 'other'
  size: number
  /** Epoch seconds (tar only: zip times carry no time zone). */
  mtime?: number
  /** Permission bits, when the archive records Unix ones. */
  mode?: number
  /** Symbolic link target (tar). */
  target?: string
}

/** The format and the decompressor a file name implies (unknown names are tried as tar). */
export function archiveKind(name: string): { kind: ArchiveKind; needs: string[]; ext: string } {
  const n = name.toLowerCase()
  if (n.endsWith('.zip')) return { kind: 'zip', needs: ['unzip'], ext: '.zip' }
  const table: Array<[RegExp, string[], string]> = [
    [/\.(tar\.gz|tgz)$/, ['tar', 'gzip'], '.tar.gz'],
    [/\.(tar\.xz|txz)$/, ['tar', 'xz'], '.tar.xz'],
    [/\.(tar\.bz2|tbz2?)$/, ['tar', 'bzip2'], '.tar.bz2'],
    [/\.(tar\.zst|tzst)$/, ['tar', 'zstd'], '.tar.zst'],
  ]
  const hit = table.find(([re]) => re.test(n))
  return hit ? { kind: 'tar', needs: hit[1], ext: hit[2] } : { kind: 'tar', needs: ['tar'], ext: '.tar' }
}

/** argv that lists an archive in the format parseListing reads (run with TZ=UTC). */
export function listArgv(kind: ArchiveKind, file: string): string[] {
  return kind === 'zip' ? ['unzip', '-Z', '-T', file] : ['tar', '-tv', '--full-time', '--numeric-owner', '-f', file]
}

/** The same, as an sh command line for the target. */
export function listCommand(kind: ArchiveKind, file: string): string {
  return `TZ=UTC ${shJoin(listArgv(kind, file))}`
}

const TAR_LINE = /^([-dlhcbpsC])([-rwxsStT]{9})\S*\s+\S+\s+(\S+)\s+(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)\s(.*)$/
const ZIP_LINE = /^(\S+)\s+\S+\s+\S+\s+(\d+)\s+\S+\s+\S+\s+\d{8}\.\d{6}\s(.*)$/

/** rwxr-xr-x (with s/S/t/T) -> 0o755 and friends. */
export function permBits(p: string): number {
  let m = 0
  const at = (i: number): string => p[i] ?? '-'
  ;[0, 3, 6].forEach((i, k) => {
    const shift = 6 - 3 * k
    if (at(i) === 'r') m |= 4 << shift
    if (at(i + 1) === 'w') m |= 2 << shift
    if ('xst'.includes(at(i + 2))) m |= 1 << shift
    if ('sS'.includes(at(i + 2)) && k < 2) m |= k === 0 ? 0o4000 : 0o2000
    if ('tT'.includes(at(i + 2)) && k === 2) m |= 0o1000
  })
  return m
}

/** GNU tar's escape quoting: \\ \n \t and \ooo. */
function unescape(s: string): string {
  return s.replace(/\\([0-7]{3}|\\|n|t)/g, (_m, e: string) => (e === '\\' ? '\\' : e === 'n' ? '\n' : e === 't' ? '\t' : String.fromCharCode(parseInt(e, 8))))
}

function clean(name: string): string {
  return name.replace(/^(\.\/)+/, '').replace(/\/+$/, '')
}

/** Parses `tar -tv --full-time --numeric-owner` or `unzip -Z -T` output; `strip` drops leading components as --strip-components does. */
export function parseListing(kind: ArchiveKind, text: string, strip = 0): Member[] {
  const out: Member[] = []
  for (const line of text.split('\n')) {
    const m = kind === 'zip' ? zipMember(line) : tarMember(line)
    if (!m) continue
    const parts = m.name.split('/').filter((x) => x !== '' && x !== '.')
    if (parts.length <= strip) continue
    out.push({ ...m, name: parts.slice(strip).join('/') })
  }
  return out
}

function tarMember(line: string): Member | undefined {
  const m = TAR_LINE.exec(line)
  if (!m) return undefined
  const [, t = '-', perms = '', size = '0', day = '', time = '', rest = ''] = m
  const base = { size: /^\d+$/.test(size) ? Number(size) : 0, mtime: Date.parse(`${day}T${time}Z`) / 1000, mode: permBits(perms) }
  if (t === 'l') {
    const i = rest.indexOf(' -> ')
    return { ...base, type: 'link', name: clean(unescape(rest.slice(0, i))), target: unescape(rest.slice(i + 4)) }
  }
  if (t === 'h') return { ...base, type: 'hardlink', name: clean(unescape(rest.slice(0, rest.indexOf(' link to ')))) }
  const type = t === 'd' ? 'directory' : t === '-' ? 'file' : 'other'
  return { ...base, type, name: clean(unescape(rest)) }
}

function zipMember(line: string): Member | undefined {
  const m = ZIP_LINE.exec(line)
  if (!m) return undefined
  const [, perms = '', size = '0', name = ''] = m
  const unix = /^[-dl][-rwxsStT]{9}$/.test(perms)
  const type = name.endsWith('/') ? 'directory' : perms.startsWith('l') ? 'link' : 'file'
  return { type, name: clean(name), size: Number(size), ...(unix ? { mode: permBits(perms.slice(1)) } : {}) }
}
