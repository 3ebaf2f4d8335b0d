/**
 * Finds the Debian mirror this machine already uses, from its apt sources (one-line
 * `sources.list` entries and deb822 `*.sources` files), so the lab never hard-codes a host.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

/** One `deb` source: where a suite of the distribution is served. */
export interface AptSource {
  uri: string
  suites: string[]
  components: string[]
  signedBy?: string
}

/** Parses `deb [opts] URI SUITE COMPONENT...` lines (deb-src and comments are skipped). */
export function parseSourcesList(text: string): AptSource[] {
  const out: AptSource[] = []
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim()
    const m = /^deb\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)\s*(.*)$/.exec(line)
    if (!m) continue
    const signed = /signed-by=(\S+)/.exec(m[1] ?? '')
    const src: AptSource = { uri: m[2]!, suites: [m[3]!], components: (m[4] ?? '').split(/\s+/).filter(Boolean) }
    if (signed?.[1]) src.signedBy = signed[1]
    out.push(src)
  }
  return out
}

/** Parses deb822 stanzas (`Types: deb`, `URIs:`, `Suites:`, `Components:`, `Signed-By:`). */
export function parseDeb822(text: string): AptSource[] {
  const out: AptSource[] = []
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>()
    let last = ''
    for (const line of stanza.split('\n')) {
      if (line.startsWith('#')) continue
      if (/^\s/.test(line) && last) {
        fields.set(last, `${fields.get(last) ?? ''}\n${line.trim()}`)
        continue
      }
      const m = /^([A-Za-z-]+):\s*(.*)$/.exec(line)
      if (!m) continue
      last = m[1]!.toLowerCase()
      fields.set(last, m[2]!.trim())
    }
    const words = (k: string): string[] => (fields.get(k) ?? '').split(/\s+/).filter(Boolean)
    if (!words('types').includes('deb') || fields.get('enabled')?.toLowerCase() === 'no') continue
    for (const uri of words('uris')) {
      const src: AptSource = { uri, suites: words('suites'), components: words('components') }
      const signed = fields.get('signed-by')
      // An inline key block is not a path: leave it to debootstrap's default keyring.
      if (signed && !signed.includes('\n')) src.signedBy = signed
      out.push(src)
    }
  }
  return out
}

/** The source that serves `suite` with the main component, or undefined. */
export function pickMirror(sources: AptSource[], suite: string): AptSource | undefined {
  return sources.find((s) => s.suites.includes(suite) && s.components.includes('main'))
}

/** Reads the machine's apt sources from `root` (normally /etc/apt). */
export function readAptSources(root = '/etc/apt'): AptSource[] {
  const out: AptSource[] = []
  const read = (p: string): string => {
    try {
      return readFileSync(p, 'utf8')
    } catch {
      return ''
    }
  }
  out.push(...parseSourcesList(read(join(root, 'sources.list'))))
  let names: string[] = []
  try {
    names = readdirSync(join(root, 'sources.list.d')).sort()
  } catch {
    names = []
  }
  for (const n of names) {
    const p = join(root, 'sources.list.d', n)
    if (n.endsWith('.list')) out.push(...parseSourcesList(read(p)))
    else if (n.endsWith('.sources')) out.push(...parseDeb822(read(p)))
  }
  return out
}

/** The machine's Debian codename (VERSION_CODENAME in /etc/os-release). */
export function machineCodename(osRelease = '/etc/os-release'): string | undefined {
  try {
    const m = /^VERSION_CODENAME=("?)([a-z]+)\1$/m.exec(readFileSync(osRelease, 'utf8'))
    return m?.[2]
  } catch {
    return undefined
  }
}
