/**
 * The one command get_url runs on the target: download with curl or wget into a temporary
 * file beside dest, verify the checksum, set mode and owner, rename over dest. Nothing of
 * dest changes unless every step before the rename succeeded.
 */
import { posix } from 'node:path'
import { quote, sh } from '../../connection/quote.js'
import type { Algorithm } from './checksum.js'

/** The downloaders a target may have, in the order get_url prefers them. */
export const DOWNLOADERS = ['curl', 'wget'] as const
export type Downloader = (typeof DOWNLOADERS)[number]

/** Everything the command needs. */
export interface DownloadJob {
  tool: Downloader
  url: string
  dest: string
  headers: Record<string, string>
  /** Seconds. */
  timeout: number
  validateCerts: boolean
  checksum?: { algo: Algorithm; hex: string }
  /** Octal mode for the file; without it an existing dest's mode is kept, a new file gets 0666 minus the umask. */
  mode?: string
  owner?: string
  group?: string
}

function fetchPart(j: DownloadJob): string {
  const headers = Object.entries(j.headers)
  if (j.tool === 'curl') {
    const h = headers.flatMap(([k, v]) => ['-H', `${k}: ${v}`])
    return `curl -fsSL --max-time ${j.timeout}${j.validateCerts ? '' : ' -k'}${h.length ? ` ${sh`${h}`}` : ''} -o "$tmp" ${quote(j.url)}`
  }
  const h = headers.map(([k, v]) => `--header=${k}: ${v}`)
  return `wget -q -T ${j.timeout}${j.validateCerts ? '' : ' --no-check-certificate'}${h.length ? ` ${sh`${h}`}` : ''} -O "$tmp" ${quote(j.url)}`
}

/** The sh command line (one exec change). */
export function downloadCommand(j: DownloadJob): string {
  const dest = quote(j.dest)
  const steps = [
    `tmp=$(mktemp -- ${quote(`${posix.dirname(j.dest)}/.krun-get_url.XXXXXX`)}) || exit 1`,
    `trap 'rm -f -- "$tmp"' EXIT`,
    `${fetchPart(j)} || { echo ${quote(`Request failed: ${j.tool} could not download ${j.url}`)} >&2; exit 1; }`,
  ]
  if (j.checksum) {
    const { algo, hex } = j.checksum
    steps.push(
      `set -- $(${algo}sum < "$tmp")`,
      `if [ "$1" != ${hex} ]; then echo ${quote(`The checksum for ${j.dest} did not match ${hex}; it was `)}"$1." >&2; exit 1; fi`,
    )
  }
  steps.push(
    j.mode !== undefined
      ? `chmod ${quote(j.mode)} "$tmp"`
      : `if [ -e ${dest} ]; then chmod --reference=${dest} "$tmp"; else chmod "$(printf %o $((0666 & ~$(umask))))" "$tmp"; fi`,
  )
  if (j.owner !== undefined || j.group !== undefined) steps.push(`chown ${quote(`${j.owner ?? ''}${j.group !== undefined ? `:${j.group}` : ''}`)} "$tmp"`)
  // keep an existing file's owner when none is asked (works as root; harmless otherwise)
  else steps.push(`if [ -e ${dest} ]; then chown --reference=${dest} "$tmp" 2>/dev/null || :; fi`)
  steps.push(`mv -f -- "$tmp" ${dest}`)
  return steps.join('; ')
}
