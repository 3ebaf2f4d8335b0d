/**
 * Certificates with @peculiar/x509 on Node's WebCrypto, shaped as cfssl shapes them:
 * the same extensions, in the same order (see `openssl x509 -text` of a cfssl cert), a
 * 20-byte random serial, notBefore backdated 5 minutes, notAfter = notBefore + expiry.
 */
import 'reflect-metadata'
import { randomBytes, webcrypto } from 'node:crypto'
import * as x509 from '@peculiar/x509'
import type { LoadedKey } from './pki-keys.js'
import type { Profile, Rdn, San } from './pki-spec.js'
import { KU } from './pki-spec.js'

// the library's Crypto type is the DOM's; Node's webcrypto implements it
x509.cryptoProvider.set(webcrypto as never)

/** cfssl's backdate: certificates are valid from 5 minutes before they were made. */
export const BACKDATE_MS = 5 * 60_000

/** What a new certificate holds besides its extensions. */
export interface CertRequest {
  subject: Rdn[]
  sans: San[]
  key: LoadedKey
  /** The validity, in ms. */
  expiryMs: number
  now: Date
}

/** A CA able to sign: its certificate and its key. */
export interface Signer {
  cert: x509.X509Certificate
  key: LoadedKey
}

const jsonName = (rdns: Rdn[]): x509.JsonName => rdns.map(([t, v]) => ({ [t]: [v] }))
const sanExt = (sans: San[]) => new x509.SubjectAlternativeNameExtension(sans.map((s) => ({ type: s.type, value: s.value })))

/** A serial as cfssl draws it: 20 random bytes, positive. */
function serial(): string {
  const b = randomBytes(20)
  b[0] = (b[0]! & 0x7f) || 1
  return b.toString('hex')
}

function validity(r: CertRequest): { notBefore: Date; notAfter: Date } {
  const notBefore = new Date(Math.floor(r.now.getTime() / 60_000) * 60_000 - BACKDATE_MS)
  return { notBefore, notAfter: new Date(notBefore.getTime() + r.expiryMs) }
}

const pemOf = (c: { toString(f: 'pem'): string }): string => `${c.toString('pem').replace(/\r\n/g, '\n').trim()}\n`

/** A self-signed CA (cfssl gencert -initca): CA:TRUE and certSign+cRLSign, both critical; SKI. */
export async function issueCa(r: CertRequest, pathLen?: number): Promise<string> {
  const { privateKey, publicKey } = r.key
  const extensions: x509.Extension[] = [
    new x509.KeyUsagesExtension(KU.keyCertSign | KU.cRLSign, true),
    new x509.BasicConstraintsExtension(true, pathLen, true),
    await x509.SubjectKeyIdentifierExtension.create(publicKey),
  ]
  if (r.sans.length) extensions.push(sanExt(r.sans))
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(), name: jsonName(r.subject), ...validity(r),
    keys: { privateKey, publicKey }, signingAlgorithm: r.key.signing, extensions,
  })
  return pemOf(cert)
}

/** A certificate signed by `ca` with the profile's usages (cfssl gencert -profile). */
export async function issueSigned(r: CertRequest, profile: Profile, ca: Signer): Promise<string> {
  const caSki = ca.cert.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId
    ?? (await x509.SubjectKeyIdentifierExtension.create(ca.key.publicKey)).keyId
  const extensions: x509.Extension[] = []
  if (profile.keyUsage) extensions.push(new x509.KeyUsagesExtension(profile.keyUsage, true))
  if (profile.extKeyUsage.length) extensions.push(new x509.ExtendedKeyUsageExtension(profile.extKeyUsage))
  extensions.push(
    new x509.BasicConstraintsExtension(false, undefined, true),
    await x509.SubjectKeyIdentifierExtension.create(r.key.publicKey),
    new x509.AuthorityKeyIdentifierExtension(caSki),
  )
  if (r.sans.length) extensions.push(sanExt(r.sans))
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(), subject: jsonName(r.subject), issuer: ca.cert.subjectName, ...validity(r),
    publicKey: r.key.publicKey, signingKey: ca.key.privateKey, signingAlgorithm: ca.key.signing, extensions,
  })
  return pemOf(cert)
}

/** The PKCS#10 request cfssljson writes as NAME.csr: the subject and the SANs, signed by the new key. */
export async function makeCsr(subject: Rdn[], sans: San[], key: LoadedKey): Promise<string> {
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: jsonName(subject),
    keys: { privateKey: key.privateKey, publicKey: key.publicKey },
    signingAlgorithm: key.signing,
    extensions: sans.length ? [sanExt(sans)] : [],
  })
  return pemOf(csr)
}

export { x509 }
