/**
 * Private keys as cfssl writes them: RSA as PKCS#1 ("RSA PRIVATE KEY"), ECDSA as SEC 1
 * ("EC PRIVATE KEY"); PKCS#8 ("PRIVATE KEY") is read too. Generated with WebCrypto, converted
 * with Node's KeyObject, and imported back as the CryptoKey @peculiar/x509 signs with.
 */
import { createPrivateKey, createPublicKey, webcrypto, type KeyObject } from 'node:crypto'
import { ModuleFailure } from '../types.js'
import type { KeySpec } from './pki-spec.js'

type CryptoKey = webcrypto.CryptoKey
const subtle = webcrypto.subtle

const CURVES: Record<number, string> = { 256: 'P-256', 384: 'P-384', 521: 'P-521' }
const NODE_CURVES: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521 }

/** A key ready to sign with: the PEM as written to disk, the WebCrypto pair, and what it is. */
export interface LoadedKey {
  pem: string
  spec: KeySpec
  privateKey: CryptoKey
  publicKey: CryptoKey
  /** DER SubjectPublicKeyInfo, to match a key against a certificate. */
  spki: Buffer
  /** The signature algorithm cfssl uses with this key (helpers.SignerAlgo). */
  signing: { name: string; hash: string }
}

/** "rsa-2048", "ecdsa-256": as cfssl logs "generating key: rsa-2048". */
export const keyLabel = (k: KeySpec): string => `${k.algo}-${k.size}`

/** cfssl's SignerAlgo: SHA-256 for RSA below 3072 bits, SHA-384/512 above; the curve's hash for ECDSA. */
export function hashFor(spec: KeySpec): string {
  if (spec.algo === 'ecdsa') return spec.size === 521 ? 'SHA-512' : spec.size === 384 ? 'SHA-384' : 'SHA-256'
  return spec.size >= 4096 ? 'SHA-512' : spec.size >= 3072 ? 'SHA-384' : 'SHA-256'
}

function specOf(k: KeyObject): KeySpec {
  const d = k.asymmetricKeyDetails ?? {}
  if (k.asymmetricKeyType === 'rsa') return { algo: 'rsa', size: d.modulusLength ?? 0 }
  if (k.asymmetricKeyType === 'ec') return { algo: 'ecdsa', size: NODE_CURVES[d.namedCurve ?? ''] ?? 0 }
  throw new ModuleFailure(`unsupported key type ${String(k.asymmetricKeyType)} (cfssl keys are rsa or ecdsa)`)
}

function algorithmFor(spec: KeySpec): { name: string; hash: string; namedCurve?: string } {
  const hash = hashFor(spec)
  if (spec.algo === 'rsa') return { name: 'RSASSA-PKCS1-v1_5', hash }
  const namedCurve = CURVES[spec.size]
  if (!namedCurve) throw new ModuleFailure(`unsupported ecdsa curve size ${spec.size}`)
  return { name: 'ECDSA', hash, namedCurve }
}

/** Imports a KeyObject into WebCrypto and writes it as cfssl would. */
async function load(obj: KeyObject, pem?: string): Promise<LoadedKey> {
  const spec = specOf(obj)
  const alg = algorithmFor(spec)
  const der = obj.export({ type: 'pkcs8', format: 'der' })
  const importAlg = spec.algo === 'rsa' ? { name: alg.name, hash: alg.hash } : { name: alg.name, namedCurve: alg.namedCurve! }
  const privateKey = await subtle.importKey('pkcs8', der, importAlg, true, ['sign'])
  const pub = createPublicKey(obj)
  const spki = pub.export({ type: 'spki', format: 'der' })
  const publicKey = await subtle.importKey('spki', spki, importAlg, true, ['verify'])
  const written = pem ?? String(obj.export({ type: spec.algo === 'rsa' ? 'pkcs1' : 'sec1', format: 'pem' }))
  return { pem: written, spec, privateKey, publicKey, spki, signing: { name: alg.name, hash: alg.hash } }
}

/** A new key as the CSR asks (cfssl's key request). */
export async function generateKey(spec: KeySpec): Promise<LoadedKey> {
  const alg = algorithmFor(spec)
  const genAlg = spec.algo === 'rsa'
    ? { name: alg.name, hash: alg.hash, modulusLength: spec.size, publicExponent: new Uint8Array([1, 0, 1]) }
    : { name: alg.name, namedCurve: alg.namedCurve! }
  const pair = (await subtle.generateKey(genAlg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair
  const der = Buffer.from(await subtle.exportKey('pkcs8', pair.privateKey))
  return load(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }))
}

/** Reads a PEM private key (PKCS#1, SEC 1 or PKCS#8); `what` names the file in errors. */
export async function readKey(pem: string, what: string): Promise<LoadedKey> {
  let obj: KeyObject
  try {
    obj = createPrivateKey({ key: pem, format: 'pem' })
  } catch {
    // never echo the content: it is a private key
    throw new ModuleFailure(`${what} is not a readable PEM private key`)
  }
  return load(obj, pem)
}

/** The DER SubjectPublicKeyInfo of a PEM private key; undefined when it cannot be read. */
export function publicOf(pem: string): Buffer | undefined {
  try {
    return createPublicKey(createPrivateKey({ key: pem, format: 'pem' })).export({ type: 'spki', format: 'der' })
  } catch {
    return undefined
  }
}
