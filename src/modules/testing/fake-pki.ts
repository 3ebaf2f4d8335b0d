/**
 * PKI fixtures for plan tests: CAs and certificates made with the module's own issuing
 * functions, with any validity, so that a test states "a cert that expires in 12 days".
 */
import { generateKey, type LoadedKey } from '../lib/pki-keys.js'
import { parseCsr, parseProfile, type KeySpec } from '../lib/pki-spec.js'
import { issueCa, issueSigned, x509 } from '../lib/pki-x509.js'

const NAMES = [{ C: 'CN', ST: 'BeiJing', L: 'BeiJing', O: 'k8s', OU: '4Paradigm' }]
/** The seed's ca-csr.json, etcd-csr.json and ca-config.json. */
export const SEED = {
  caCsr: { CN: 'kubernetes', key: { algo: 'rsa', size: 2048 }, names: NAMES },
  etcdCsr: { CN: 'etcd', hosts: ['127.0.0.1', '192.168.0.91', '192.168.0.92', '192.168.0.93'], key: { algo: 'rsa', size: 2048 }, names: NAMES },
  caConfig: {
    signing: {
      default: { expiry: '87600h' },
      profiles: {
        kubernetes: { usages: ['signing', 'key encipherment', 'server auth', 'client auth'], expiry: '87600h' },
        server: { usages: ['signing', 'key encipherment', 'server auth'], expiry: '8760h' },
        short: { usages: ['signing', 'key encipherment', 'server auth', 'client auth'], expiry: '1h' },
      },
    },
  },
}

/** A certificate and its key, as PEM text. */
export interface Pair {
  cert: string
  key: string
  loaded: LoadedKey
}

const DAY = 86_400_000

// key generation dominates test time: one key per spec, reused by every fixture
const keys = new Map<string, Promise<LoadedKey>>()
export function sharedKey(spec: KeySpec, slot = 0): Promise<LoadedKey> {
  const id = `${spec.algo}-${spec.size}-${slot}`
  if (!keys.has(id)) keys.set(id, generateKey(spec))
  return keys.get(id)!
}

/** A self-signed CA from a CSR mapping. */
export async function makeCa(csr: Record<string, unknown> = SEED.caCsr, slot = 0, days = 3650): Promise<Pair> {
  const spec = parseCsr(csr, 'ca-csr')
  const loaded = await sharedKey(spec.key, slot)
  const cert = await issueCa({ subject: spec.subject, sans: spec.sans, key: loaded, expiryMs: days * DAY, now: new Date() })
  return { cert, key: loaded.pem, loaded }
}

/** A certificate from a CSR mapping, signed by `ca` with a profile of the seed's config, valid `days`. */
export async function makeCert(ca: Pair, csr: Record<string, unknown> = SEED.etcdCsr, opts: { profile?: string; days?: number; slot?: number } = {}): Promise<Pair> {
  const spec = parseCsr(csr, 'csr')
  const profile = parseProfile(SEED.caConfig, opts.profile ?? 'kubernetes', 'ca-config')
  const loaded = await sharedKey(spec.key, opts.slot ?? 1)
  const signer = { cert: new x509.X509Certificate(ca.cert), key: ca.loaded }
  // the backdate: a cert "valid N days" from now ends N days + a little after now
  const expiryMs = opts.days === undefined ? profile.expiryMs : opts.days * DAY + 10 * 60_000
  const cert = await issueSigned({ subject: spec.subject, sans: spec.sans, key: loaded, expiryMs, now: new Date() }, profile, signer)
  return { cert, key: loaded.pem, loaded }
}
