/**
 * Reading certificates back: subject, SANs, usages, validity, key, issuer; and the pure
 * comparisons that say why an existing certificate no longer fits ("SANs differ: +10.0.0.4",
 * "expires in 12 days"). Works on any X.509 PEM, cfssl's own included.
 */
import { createPublicKey } from 'node:crypto'
import { ModuleFailure } from '../types.js'
import { keyLabel } from './pki-keys.js'
import { usageNames, type KeySpec, type Profile, type Rdn, type San } from './pki-spec.js'
import { x509 } from './pki-x509.js'

/** What a certificate says, in the terms the module compares. */
export interface CertInfo {
  cert: x509.X509Certificate
  subject: Rdn[]
  issuer: Rdn[]
  sans: San[]
  keyUsage: number
  extKeyUsage: string[]
  isCa: boolean
  notBefore: Date
  notAfter: Date
  /** Hex, lower case, as `openssl x509 -serial` prints it (without its upper case). */
  serial: string
  /** DER SubjectPublicKeyInfo. */
  spki: Buffer
  key: KeySpec | undefined
}

const NODE_CURVES: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521 }

function keyOf(spki: Buffer): KeySpec | undefined {
  const k = createPublicKey({ key: spki, format: 'der', type: 'spki' })
  const d = k.asymmetricKeyDetails ?? {}
  if (k.asymmetricKeyType === 'rsa') return { algo: 'rsa', size: d.modulusLength ?? 0 }
  if (k.asymmetricKeyType === 'ec') return { algo: 'ecdsa', size: NODE_CURVES[d.namedCurve ?? ''] ?? 0 }
  return undefined
}

const rdns = (n: x509.Name): Rdn[] => n.toJSON().flatMap((rdn) => Object.entries(rdn).flatMap(([t, vs]) => vs.map((v): Rdn => [t, v])))

/** Parses a PEM certificate; `what` names the file in errors. */
export function parseCert(pem: string, what: string): CertInfo {
  let cert: x509.X509Certificate
  try {
    cert = new x509.X509Certificate(pem)
  } catch {
    throw new ModuleFailure(`${what} is not a readable PEM certificate`)
  }
  const san = cert.getExtension(x509.SubjectAlternativeNameExtension)
  const spki = Buffer.from(cert.publicKey.rawData)
  return {
    cert,
    subject: rdns(cert.subjectName),
    issuer: rdns(cert.issuerName),
    sans: (san?.names.toJSON() ?? []).flatMap((n) => (['ip', 'dns', 'email', 'url'].includes(n.type) ? [{ type: n.type as San['type'], value: n.value }] : [])),
    keyUsage: cert.getExtension(x509.KeyUsagesExtension)?.usages ?? 0,
    extKeyUsage: (cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? []).map(String),
    isCa: cert.getExtension(x509.BasicConstraintsExtension)?.ca ?? false,
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    serial: cert.serialNumber.toLowerCase(),
    spki,
    key: keyOf(spki),
  }
}

/** True when `ca`'s key signed `cert` and `cert` names `ca` as its issuer. */
export async function signedBy(cert: CertInfo, ca: CertInfo): Promise<boolean> {
  if (rdnText(cert.issuer) !== rdnText(ca.subject)) return false
  return cert.cert.verify({ publicKey: ca.cert.publicKey, signatureOnly: true }).catch(() => false)
}

/** A subject as `C=CN, ST=BeiJing, ..., CN=etcd`. */
export const rdnText = (r: readonly Rdn[]): string => r.map(([t, v]) => `${t}=${v}`).join(', ')

/** A SAN's value, canonical: IPv6 compressed and lower case, DNS names lower case. */
export function sanValue(s: San): string {
  if (s.type === 'ip' && s.value.includes(':')) return new URL(`http://[${s.value}]`).hostname.slice(1, -1)
  return s.type === 'dns' ? s.value.toLowerCase() : s.value
}

const sanKey = (s: San): string => `${s.type}:${sanValue(s)}`

/** Set differences as "+added, -removed" (undefined: the same sets). */
function setDiff(have: readonly string[], want: readonly string[], label: (k: string) => string): string | undefined {
  const h = new Set(have)
  const w = new Set(want)
  const parts = [...[...w].filter((k) => !h.has(k)).map((k) => `+${label(k)}`), ...[...h].filter((k) => !w.has(k)).map((k) => `-${label(k)}`)]
  return parts.length ? parts.join(', ') : undefined
}

/** "+10.0.0.4, -old.example" between the SANs a cert has and the ones wanted; order does not matter. */
export function sanDiff(have: readonly San[], want: readonly San[]): string | undefined {
  return setDiff(have.map(sanKey), want.map(sanKey), (k) => k.slice(k.indexOf(':') + 1))
}

/** The subject attributes that differ ("+O=system:masters, -O=k8s"); attribute order does not matter. */
export function subjectDiff(have: readonly Rdn[], want: readonly Rdn[]): string | undefined {
  const key = (r: readonly Rdn[]) => r.map(([t, v]) => `${t}=${v}`)
  return setDiff(key(have), key(want), (k) => k)
}

/** The usages that differ from the profile's ("+client auth, -server auth"). */
export function usageDiff(have: CertInfo, profile: Profile): string | undefined {
  return setDiff(usageNames(have.keyUsage, have.extKeyUsage), usageNames(profile.keyUsage, profile.extKeyUsage), (k) => k)
}

const SPANS: Array<[number, string]> = [[86_400_000, 'day'], [3_600_000, 'hour'], [60_000, 'minute'], [1000, 'second']]

/** A duration in the largest whole unit: "12 days", "1 hour", "55 minutes". */
export function span(ms: number): string {
  for (const [unit, name] of SPANS) {
    if (ms >= unit) {
      const n = Math.floor(ms / unit)
      return `${n} ${name}${n === 1 ? '' : 's'}`
    }
  }
  return '0 seconds'
}

/** "expires in 12 days" / "expired 3 days ago" when inside renew_before; undefined otherwise. */
export function expiryReason(notAfter: Date, now: Date, renewBeforeMs: number): string | undefined {
  const left = notAfter.getTime() - now.getTime()
  if (left > renewBeforeMs) return undefined
  return left > 0 ? `expires in ${span(left)}` : `expired ${span(-left)} ago`
}

/** "key differs: rsa-2048 -> ecdsa-256" when the cert's key is not what the CSR asks. */
export function keyDiff(have: KeySpec | undefined, want: KeySpec): string | undefined {
  if (have && have.algo === want.algo && have.size === want.size) return undefined
  return `key differs: ${have ? keyLabel(have) : 'unknown'} -> ${keyLabel(want)}`
}

/** The lines --diff shows for a certificate: never key material. */
export function certSummary(c: { subject: Rdn[]; sans: San[]; notAfter: Date; issuer: Rdn[] }): string {
  const sans = c.sans.map(sanValue).join(', ')
  return `subject: ${rdnText(c.subject)}\nsans: ${sans || '(none)'}\nnot_after: ${c.notAfter.toISOString()}\nissuer: ${rdnText(c.issuer)}\n`
}
