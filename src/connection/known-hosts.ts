/**
 * known_hosts: parsing (plain, `[host]:port`, comma lists, hashed `|1|salt|hash`, markers),
 * checking a server's host key the way OpenSSH does, and the SHA256 fingerprint it prints.
 */
import { createHash, createHmac } from 'node:crypto'
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { matchPatternList } from './ssh-pattern.js'

/** One key line of a known_hosts file. */
export interface KnownHostEntry {
  file: string
  line: number
  marker?: 'revoked' | 'cert-authority'
  /** Host patterns, or a hashed name. */
  hosts: { patterns: string[] } | { salt: Buffer; hash: Buffer }
  keyType: string
  key: Buffer
}

/** Outcome of checking an offered host key. */
export type HostKeyCheck =
  | { status: 'known'; entry: KnownHostEntry }
  | { status: 'unknown'; otherTypes: string[] }
  | { status: 'changed'; entry: KnownHostEntry }
  | { status: 'revoked'; entry: KnownHostEntry }

/** The name known_hosts uses for a host: `host`, or `[host]:port` off port 22. */
export function knownHostName(address: string, port: number): string {
  return port === 22 ? address : `[${address}]:${port}`
}

/** Parses known_hosts text; malformed lines are skipped, as OpenSSH does. */
export function parseKnownHosts(text: string, file = 'known_hosts'): KnownHostEntry[] {
  const out: KnownHostEntry[] = []
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim()
    if (!line || line.startsWith('#')) return
    const f = line.split(/\s+/)
    let marker: KnownHostEntry['marker']
    if (f[0]?.startsWith('@')) {
      const m = f.shift()
      if (m === '@revoked') marker = 'revoked'
      else if (m === '@cert-authority') marker = 'cert-authority'
      else return
    }
    const [hostField, keyType, b64] = f
    if (!hostField || !keyType || !b64) return
    const key = Buffer.from(b64, 'base64')
    if (key.length === 0 || blobKeyType(key) !== keyType) return
    const hashed = /^\|1\|([^|]+)\|([^|]+)$/.exec(hostField)
    const hosts = hashed
      ? { salt: Buffer.from(hashed[1]!, 'base64'), hash: Buffer.from(hashed[2]!, 'base64') }
      : { patterns: hostField.split(',') }
    const entry: KnownHostEntry = { file, line: i + 1, hosts, keyType, key }
    if (marker) entry.marker = marker
    out.push(entry)
  })
  return out
}

/** Reads a known_hosts file; a missing file has no entries. */
export function readKnownHosts(file: string): KnownHostEntry[] {
  if (!existsSync(file)) return []
  return parseKnownHosts(readFileSync(file, 'utf8'), file)
}

/** The key type named inside an SSH public key blob (`ssh-ed25519`, `ssh-rsa`, ...). */
export function blobKeyType(blob: Buffer): string {
  if (blob.length < 4) return ''
  const len = blob.readUInt32BE(0)
  return len > 0 && 4 + len <= blob.length ? blob.subarray(4, 4 + len).toString('latin1') : ''
}

/** `SHA256:<base64 without padding>`, as `ssh-keygen -lf` prints it. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`
}

/** True when an entry's host field names this host (hashed entries via HMAC-SHA1). */
export function entryMatches(entry: KnownHostEntry, address: string, port: number): boolean {
  const name = knownHostName(address, port)
  if ('patterns' in entry.hosts) return matchPatternList(name, entry.hosts.patterns)
  const h = createHmac('sha1', entry.hosts.salt).update(name).digest()
  return h.equals(entry.hosts.hash)
}

/** Checks an offered key against the entries: known, unknown, changed or revoked. */
export function checkHostKey(entries: readonly KnownHostEntry[], address: string, port: number, key: Buffer): HostKeyCheck {
  const type = blobKeyType(key)
  const mine = entries.filter((e) => entryMatches(e, address, port))
  const revoked = entries.find((e) => e.marker === 'revoked' && e.key.equals(key) && entryMatches(e, address, port))
  if (revoked) return { status: 'revoked', entry: revoked }
  // Certificates are not supported: @cert-authority lines neither admit nor refuse a plain key.
  const plain = mine.filter((e) => e.marker === undefined)
  const same = plain.find((e) => e.keyType === type && e.key.equals(key))
  if (same) return { status: 'known', entry: same }
  const changed = plain.find((e) => e.keyType === type)
  if (changed) return { status: 'changed', entry: changed }
  return { status: 'unknown', otherTypes: [...new Set(plain.map((e) => e.keyType))] }
}

/** Key types already known for a host, so the client can ask the server for one of them first. */
export function knownKeyTypes(entries: readonly KnownHostEntry[], address: string, port: number): string[] {
  return [...new Set(entries.filter((e) => e.marker === undefined && entryMatches(e, address, port)).map((e) => e.keyType))]
}

/** The line to add to known_hosts for this host and key. */
export function knownHostsLine(address: string, port: number, key: Buffer): string {
  return `${knownHostName(address, port)} ${blobKeyType(key)} ${key.toString('base64')}`
}

/** Appends a line (accept-new), creating the file and its directory when missing. */
export function appendKnownHost(file: string, line: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
  const prev = existsSync(file) ? readFileSync(file, 'utf8') : ''
  appendFileSync(file, `${prev && !prev.endsWith('\n') ? '\n' : ''}${line}\n`, { mode: 0o600 })
}
