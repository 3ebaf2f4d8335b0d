/** get_url's `checksum: <algorithm>:<hex digest or URL>` and the checksum files it may name. */
import { createHash } from 'node:crypto'
import { posix } from 'node:path'
import { ModuleFailure } from '../types.js'

/** Algorithms whose `<name>sum` coreutils has and node:crypto knows. */
export const ALGORITHMS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const
export type Algorithm = (typeof ALGORITHMS)[number]

/** A parsed checksum argument: a digest to compare with, or a URL that lists digests. */
export type ChecksumSpec = { algo: Algorithm; hex: string; url?: undefined } | { algo: Algorithm; url: string; hex?: undefined }

const HEX_LEN: Record<Algorithm, number> = { md5: 32, sha1: 40, sha224: 56, sha256: 64, sha384: 96, sha512: 128 }

/** Reads `sha256:HEX` or `sha256:https://.../SHA256SUMS`; undefined when not given. */
export function parseChecksum(v: string | undefined): ChecksumSpec | undefined {
  if (v === undefined || v === '') return undefined
  const i = v.indexOf(':')
  const algo = v.slice(0, i).toLowerCase() as Algorithm
  const value = v.slice(i + 1).trim()
  if (i < 1 || !ALGORITHMS.includes(algo)) {
    throw new ModuleFailure(`checksum must be '<algorithm>:<digest or URL>' with algorithm one of ${ALGORITHMS.join(', ')}: ${JSON.stringify(v)}`)
  }
  if (/^(https?|ftp|file):\/\//i.test(value)) return { algo, url: value }
  if (!new RegExp(`^[0-9a-fA-F]{${HEX_LEN[algo]}}$`).test(value)) {
    throw new ModuleFailure(`checksum: '${value}' is not a ${algo} digest (${HEX_LEN[algo]} hex digits) nor a URL`)
  }
  return { algo, hex: value.toLowerCase() }
}

/** The file name a URL names (its path's last part), as get_url names files in a dest directory. */
export function urlFilename(url: string): string {
  let path = url
  try {
    path = new URL(url).pathname
  } catch {
    // not a URL that node parses: take the text after the last slash
  }
  return decodeURIComponent(posix.basename(path)) || 'index.html'
}

/**
 * The digest for `filename` in a checksum file (`HEX  name` lines, `*name` for binary mode,
 * `./name`), or the only digest of a file that holds just one, as Ansible reads them.
 */
export function digestFromFile(text: string, filename: string, algo: Algorithm, source: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'))
  const only = lines.length === 1 ? lines[0]?.split(/\s+/) : undefined
  if (only?.length === 1 && only[0]) return check(only[0], algo, source)
  for (const line of lines) {
    const m = /^([0-9a-fA-F]+)\s+\*?(.+)$/.exec(line)
    if (m && m[2]?.replace(/^\.\//, '') === filename) return check(m[1] ?? '', algo, source)
  }
  throw new ModuleFailure(`Unable to find a checksum for file '${filename}' in '${source}'`)
}

function check(hex: string, algo: Algorithm, source: string): string {
  if (hex.length !== HEX_LEN[algo]) throw new ModuleFailure(`the checksum in '${source}' is not a ${algo} digest: ${hex}`)
  return hex.toLowerCase()
}

/** Hex digest of a buffer. */
export function digest(algo: Algorithm, buf: Buffer): string {
  return createHash(algo).update(buf).digest('hex')
}
