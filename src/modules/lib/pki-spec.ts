/**
 * cfssl's JSON formats, read as cfssl reads them: a CSR (`*-csr.json`: CN, hosts, key, names,
 * ca) and a signing config (`ca-config.json`: default and named profiles with usages and
 * expiry). Pure: a typo is a ModuleFailure naming the field, never a silently dropped value.
 */
import { isIP } from 'node:net'
import { ModuleFailure } from '../types.js'
import { durationArg } from './go-duration.js'

/** Attribute types a cfssl `names` entry may hold, in the order Go writes them into a subject. */
export const NAME_KEYS = ['C', 'ST', 'L', 'O', 'OU'] as const

/** One subject attribute: type (C, ST, L, O, OU, CN) and value. */
export type Rdn = [type: string, value: string]

/** A key request: cfssl's default is ecdsa 256. */
export interface KeySpec {
  algo: 'rsa' | 'ecdsa'
  size: number
}

/** A subject alternative name, typed as cfssl sorts `hosts`. */
export interface San {
  type: 'ip' | 'dns' | 'email'
  value: string
}

/** A CSR as cfssl reads it. */
export interface CsrSpec {
  cn: string
  /** Subject attributes in certificate order (names first, CN last). */
  subject: Rdn[]
  sans: San[]
  key: KeySpec
  /** init_ca: `ca.expiry` in ms (undefined: the module's default) and `ca.pathlen`. */
  caExpiryMs?: number
  caPathLen?: number
}

/** A signing profile: key usage bits and extended key usage OIDs, and the validity. */
export interface Profile {
  name: string
  keyUsage: number
  extKeyUsage: string[]
  expiryMs: number
  /** The expiry as written ("87600h"), for messages. */
  expiry: string
}

/** Key usage bits, numbered as @peculiar/x509's KeyUsageFlags (and X.509's bit string). */
export const KU = {
  digitalSignature: 1, nonRepudiation: 2, keyEncipherment: 4, dataEncipherment: 8,
  keyAgreement: 16, keyCertSign: 32, cRLSign: 64, encipherOnly: 128, decipherOnly: 256,
} as const

/** cfssl's usage names -> key usage bits (config.KeyUsage). */
const KEY_USAGES: Record<string, number> = {
  signing: KU.digitalSignature, 'digital signature': KU.digitalSignature, 'content committment': KU.nonRepudiation,
  'key encipherment': KU.keyEncipherment, 'data encipherment': KU.dataEncipherment, 'cert sign': KU.keyCertSign,
  'crl sign': KU.cRLSign, 'encipher only': KU.encipherOnly, 'decipher only': KU.decipherOnly,
}

/** cfssl's usage names -> extended key usage OIDs (config.ExtKeyUsage). */
const EXT_USAGES: Record<string, string> = {
  any: '2.5.29.37.0', 'server auth': '1.3.6.1.5.5.7.3.1', 'client auth': '1.3.6.1.5.5.7.3.2',
  'code signing': '1.3.6.1.5.5.7.3.3', 'email protection': '1.3.6.1.5.5.7.3.4', 's/mime': '1.3.6.1.5.5.7.3.4',
  'ipsec end system': '1.3.6.1.5.5.7.3.5', 'ipsec tunnel': '1.3.6.1.5.5.7.3.6', 'ipsec user': '1.3.6.1.5.5.7.3.7',
  timestamping: '1.3.6.1.5.5.7.3.8', 'ocsp signing': '1.3.6.1.5.5.7.3.9',
}

/** cfssl's name for each key usage bit ("signing" for digitalSignature, as the seed writes it). */
const KU_NAMES: Record<number, string> = {
  [KU.digitalSignature]: 'signing', [KU.nonRepudiation]: 'content committment', [KU.keyEncipherment]: 'key encipherment',
  [KU.dataEncipherment]: 'data encipherment', [KU.keyAgreement]: 'key agreement', [KU.keyCertSign]: 'cert sign',
  [KU.cRLSign]: 'crl sign', [KU.encipherOnly]: 'encipher only', [KU.decipherOnly]: 'decipher only',
}

/** Readable names of usage bits and OIDs, for "usages differ" messages. */
export function usageNames(keyUsage: number, ext: readonly string[]): string[] {
  const ku = Object.entries(KU_NAMES).filter(([bit]) => keyUsage & Number(bit)).map(([, n]) => n)
  const eku = ext.map((oid) => Object.entries(EXT_USAGES).find(([, o]) => o === oid)?.[0] ?? oid)
  return [...ku, ...eku]
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Go's encoding/json matches field names case-insensitively; so do we. */
function field(o: Record<string, unknown>, name: string): unknown {
  const k = Object.keys(o).find((x) => x.toLowerCase() === name.toLowerCase())
  return k === undefined ? undefined : o[k]
}

function sizeOf(v: unknown, where: string): number {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new ModuleFailure(`${where}: key.size must be an integer, got ${JSON.stringify(v)}`)
  return n
}

/** The key request, checked as cfssl checks it (rsa >= 2048, ecdsa 256/384/521). */
function keySpec(v: unknown, where: string): KeySpec {
  if (v === undefined || v === null) return { algo: 'ecdsa', size: 256 }
  if (!isObj(v)) throw new ModuleFailure(`${where}: key must be a mapping like {algo: rsa, size: 2048}`)
  const algo = String(field(v, 'algo') ?? 'ecdsa').toLowerCase()
  if (algo !== 'rsa' && algo !== 'ecdsa') throw new ModuleFailure(`${where}: key.algo must be rsa or ecdsa, got ${JSON.stringify(algo)}`)
  const raw = field(v, 'size')
  const size = raw === undefined || raw === 0 ? (algo === 'rsa' ? 2048 : 256) : sizeOf(raw, where)
  if (algo === 'rsa' && (size < 2048 || size > 8192)) throw new ModuleFailure(`${where}: rsa key size must be 2048..8192, got ${size}`)
  if (algo === 'ecdsa' && ![256, 384, 521].includes(size)) throw new ModuleFailure(`${where}: ecdsa key size must be 256, 384 or 521, got ${size}`)
  return { algo, size }
}

/** `hosts` as SANs: IP addresses, e-mail addresses (with @), DNS names otherwise; empty ones dropped. */
export function sansOf(hosts: unknown, where: string): San[] {
  if (hosts === undefined || hosts === null) return []
  if (!Array.isArray(hosts)) throw new ModuleFailure(`${where}: hosts must be a list`)
  return hosts
    .map((h) => String(h).trim())
    .filter(Boolean)
    .map((h): San => (isIP(h) ? { type: 'ip', value: h } : h.includes('@') ? { type: 'email', value: h } : { type: 'dns', value: h }))
}

/** Reads a CSR in cfssl's JSON shape; `where` names it in errors (a file, or "csr"). */
export function parseCsr(v: unknown, where: string): CsrSpec {
  if (!isObj(v)) throw new ModuleFailure(`${where}: the CSR must be a mapping in cfssl's CSR JSON shape`)
  const known = new Set(['cn', 'hosts', 'key', 'names', 'ca', 'serialnumber'])
  const unknown = Object.keys(v).filter((k) => !known.has(k.toLowerCase()))
  if (unknown.length) throw new ModuleFailure(`${where}: unknown CSR field(s) ${unknown.join(', ')} (expected CN, hosts, key, names, ca)`)
  const cn = String(field(v, 'CN') ?? '')
  const names = field(v, 'names') ?? []
  if (!Array.isArray(names) || !names.every(isObj)) throw new ModuleFailure(`${where}: names must be a list of mappings with C, ST, L, O, OU`)
  const subject: Rdn[] = []
  for (const key of NAME_KEYS) {
    for (const n of names) {
      const bad = Object.keys(n).filter((k) => !NAME_KEYS.some((x) => x.toLowerCase() === k.toLowerCase()))
      if (bad.length) throw new ModuleFailure(`${where}: unknown name field(s) ${bad.join(', ')} (expected C, ST, L, O, OU)`)
      const val = field(n, key)
      if (val !== undefined && val !== null && String(val) !== '') subject.push([key, String(val)])
    }
  }
  if (cn) subject.push(['CN', cn])
  if (!subject.length) throw new ModuleFailure(`${where}: the CSR has neither CN nor names`)
  const ca = field(v, 'ca')
  const caExpiry = isObj(ca) ? field(ca, 'expiry') : undefined
  const pathlen = isObj(ca) ? field(ca, 'pathlen') : undefined
  return {
    cn,
    subject,
    sans: sansOf(field(v, 'hosts'), where),
    key: keySpec(field(v, 'key'), where),
    ...(caExpiry ? { caExpiryMs: durationArg(caExpiry, `${where}: ca.expiry`) } : {}),
    ...(typeof pathlen === 'number' && pathlen > 0 ? { caPathLen: pathlen } : {}),
  }
}

/** cfssl's config.DefaultConfig(), used when no ca_config is given. */
const DEFAULT_PROFILE = { usages: ['signing', 'key encipherment', 'server auth', 'client auth'], expiry: '8760h' }

/** The signing profile `name` (undefined: the default) of a ca-config.json mapping. */
export function parseProfile(config: unknown, name: string | undefined, where: string): Profile {
  const signing = isObj(config) ? field(config, 'signing') : undefined
  if (config !== undefined && !isObj(signing)) throw new ModuleFailure(`${where}: a signing config needs a "signing" mapping`)
  const def = isObj(signing) ? field(signing, 'default') : undefined
  const base = isObj(def) ? def : DEFAULT_PROFILE
  const profiles = isObj(signing) ? field(signing, 'profiles') : undefined
  let p: Record<string, unknown> = base
  if (name !== undefined) {
    const found = isObj(profiles) ? profiles[name] : undefined
    if (!isObj(found)) throw new ModuleFailure(`${where}: no signing profile '${name}' (profiles: ${isObj(profiles) ? Object.keys(profiles).join(', ') || 'none' : 'none'})`)
    p = found
  }
  const label = name ?? 'default'
  const expiry = String(field(p, 'expiry') ?? field(base, 'expiry') ?? '')
  const expiryMs = durationArg(expiry, `${where}: profile ${label}: expiry`)
  const usages = field(p, 'usages')
  let keyUsage = 0
  const extKeyUsage: string[] = []
  for (const u of Array.isArray(usages) ? usages.map(String) : []) {
    const k = u.toLowerCase()
    if (KEY_USAGES[k] !== undefined) keyUsage |= KEY_USAGES[k]
    else if (EXT_USAGES[k] !== undefined) extKeyUsage.push(EXT_USAGES[k])
    else throw new ModuleFailure(`${where}: profile ${label}: unknown usage ${JSON.stringify(u)}`)
  }
  // cfssl refuses to sign without usages ("Invalid policy: no key usage available")
  if (!keyUsage && !extKeyUsage.length) throw new ModuleFailure(`${where}: profile ${label} has no usages (cfssl: "no key usage available"); name a profile with usages`)
  return { name: label, keyUsage, extKeyUsage: [...new Set(extKeyUsage)], expiryMs, expiry }
}
