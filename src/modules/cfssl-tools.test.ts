/**
 * The cfssl module against the real tools, on this machine (no lab): plans applied through the
 * local connection into a temp dir, then checked with openssl and the real cfssl (Debian
 * golang-cfssl, installed by scripts/setup.sh): its certs and ours are read both ways.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LocalConnection } from '../connection/local.js'
import { cfssl, type CfsslArgs } from './cfssl.js'
import { fakeContext } from './testing/fake-host.js'
import { SEED } from './testing/fake-pki.js'
import type { Plan } from './types.js'

const T = mkdtempSync(join(tmpdir(), 'krun-cfssl-tools-'))
afterAll(() => rmSync(T, { recursive: true, force: true }))
const conn = new LocalConnection('localhost')
const ctx = () => fakeContext({}, { probe: { exec: (c) => conn.exec(c), fetch: (p) => conn.fetch(p) } })
const plan = (args: Record<string, unknown>): Promise<Plan> => cfssl.plan(args as unknown as CfsslArgs, ctx())
const run = (cmd: string, args: string[], cwd = T): string => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

/** Applies a plan as the engine does: execs in order (rc 0 expected), puts with their modes. */
async function apply(p: Plan): Promise<Plan> {
  if (!p.changed) return p
  for (const c of p.changes) {
    if (c.kind === 'put') await conn.put(c.path, c.content, { ...(c.mode ? { mode: c.mode } : {}) })
    else if (c.kind === 'exec') expect(await conn.exec(c.cmd)).toMatchObject({ rc: 0 })
  }
  return p
}
const reason = (p: Plan) => (p.changed ? p.changes.find((c) => c.kind === 'exec')?.reason : p.noop)
const mode = (path: string) => (statSync(path).mode & 0o777).toString(8)

const INIT = { action: 'init_ca', csr: SEED.caCsr, dest: join(T, 'k8s/cert') }
const ETCD = { action: 'gencert', csr: SEED.etcdCsr, dest: join(T, 'etcd/cert'), name: 'etcd', ca: join(T, 'k8s/cert/ca'), ca_config: SEED.caConfig, profile: 'kubernetes' }
const etcdPem = join(T, 'etcd/cert/etcd.pem')

describe('a CA and the seed etcd cert made by the module', () => {
  let first: Plan
  beforeAll(async () => {
    await apply(await plan(INIT))
    first = await apply(await plan(ETCD))
  })

  it('openssl verifies the chain, shows the SANs and the usages', () => {
    expect(run('openssl', ['verify', '-CAfile', 'k8s/cert/ca.pem', 'etcd/cert/etcd.pem']).trim()).toBe('etcd/cert/etcd.pem: OK')
    const text = run('openssl', ['x509', '-text', '-noout', '-in', etcdPem])
    expect(text).toContain('IP Address:127.0.0.1, IP Address:192.168.0.91, IP Address:192.168.0.92, IP Address:192.168.0.93')
    expect(text).toMatch(/Key Usage: critical\n\s+Digital Signature, Key Encipherment\n/)
    expect(text).toMatch(/Extended Key Usage: \n\s+TLS Web Server Authentication, TLS Web Client Authentication\n/)
    expect(text).toMatch(/Basic Constraints: critical\n\s+CA:FALSE\n/)
    expect(text).toContain('Subject: C = CN, ST = BeiJing, L = BeiJing, O = k8s, OU = 4Paradigm, CN = etcd')
    expect(run('openssl', ['x509', '-text', '-noout', '-in', 'k8s/cert/ca.pem'])).toMatch(/Key Usage: critical\n\s+Certificate Sign, CRL Sign\n[\s\S]*CA:TRUE/)
  })

  it('the real cfssl certinfo reads it with the same SANs and subject', () => {
    const info = JSON.parse(run('cfssl', ['certinfo', '-cert', etcdPem])) as { sans: string[]; subject: { common_name: string; organization: string } }
    expect(info.sans).toEqual(['127.0.0.1', '192.168.0.91', '192.168.0.92', '192.168.0.93'])
    expect(info.subject).toMatchObject({ common_name: 'etcd', organization: 'k8s' })
  })

  it('writes the key as cfssl does (PKCS#1, 0600), matching the cert; the CSR verifies', () => {
    const key = readFileSync(join(T, 'etcd/cert/etcd-key.pem'), 'utf8')
    expect(key).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/)
    expect([mode(join(T, 'etcd/cert/etcd-key.pem')), mode(etcdPem), mode(join(T, 'etcd/cert/etcd.csr')), mode(join(T, 'k8s/cert/ca-key.pem'))]).toEqual(['600', '644', '644', '600'])
    const pub = (args: string[]) => run('openssl', args)
    expect(pub(['pkey', '-pubout', '-in', 'etcd/cert/etcd-key.pem'])).toBe(pub(['x509', '-pubkey', '-noout', '-in', 'etcd/cert/etcd.pem']))
    expect(execFileSync('openssl', ['req', '-verify', '-noout', '-in', 'etcd/cert/etcd.csr'], { cwd: T, encoding: 'utf8', stdio: 'pipe' })).toBe('')
    const shown = JSON.stringify([first.changed && first.diffs, first.data, reason(first)])
    expect(shown).not.toContain(key.split('\n')[1]!.slice(0, 32))
  })

  it('the real cfssl signs with our CA and key', () => {
    const out = run('sh', ['-c', `echo '${JSON.stringify({ CN: 'x', hosts: ['x.local'], key: { algo: 'rsa', size: 2048 } })}' > x-csr.json && cfssl gencert -ca=k8s/cert/ca.pem -ca-key=k8s/cert/ca-key.pem x-csr.json 2>/dev/null | cfssljson -bare x && openssl verify -CAfile k8s/cert/ca.pem x.pem`])
    expect(out.trim()).toBe('x.pem: OK')
  })

  it('re-plans to a no-op; an added IP re-issues with the reason', async () => {
    expect(await plan(ETCD)).toMatchObject({ changed: false, noop: expect.stringContaining('is current') })
    expect(await plan(INIT)).toMatchObject({ changed: false, noop: expect.stringMatching(/exists and matches/) })
    const more = await apply(await plan({ ...ETCD, csr: { ...SEED.etcdCsr, hosts: [...SEED.etcdCsr.hosts, '10.0.0.4'] } }))
    expect(reason(more)).toBe(`issue ${etcdPem}: SANs differ: +10.0.0.4`)
    expect(run('openssl', ['x509', '-text', '-noout', '-in', etcdPem])).toContain('IP Address:192.168.0.93, IP Address:10.0.0.4')
  })

  it('a 1h profile is re-issued on the next run because it expires within renew_before', async () => {
    const short = { ...ETCD, name: 'short', profile: 'short' }
    await apply(await plan(short))
    expect(reason(await plan(short))).toMatch(/^issue .*short.pem: expires in 5\d minutes \(profile short expiry 1h is within renew_before: re-issued on every run\)$/)
  })
})

describe('ECDSA all the way, with IPv6 and DNS SANs', () => {
  it('a P-384 CA signs a P-256 cert: openssl verifies, cfssl reads the SANs, the re-plan is a no-op', async () => {
    const ec = { action: 'init_ca', csr: { CN: 'ec-ca', key: { algo: 'ecdsa', size: 384 } }, dest: join(T, 'ec') }
    const leaf = { action: 'gencert', csr: { CN: 'api', hosts: ['api.local', '::1', '2001:DB8::10', '10.1.1.1'], key: { algo: 'ecdsa', size: 256 } }, dest: join(T, 'ec'), name: 'api', ca: join(T, 'ec/ca'), ca_config: SEED.caConfig, profile: 'server' }
    await apply(await plan(ec))
    await apply(await plan(leaf))
    expect(readFileSync(join(T, 'ec/api-key.pem'), 'utf8')).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n/)
    expect(run('openssl', ['verify', '-CAfile', 'ec/ca.pem', 'ec/api.pem']).trim()).toBe('ec/api.pem: OK')
    expect(run('openssl', ['x509', '-noout', '-text', '-in', 'ec/ca.pem'])).toContain('ecdsa-with-SHA384')
    const info = JSON.parse(run('cfssl', ['certinfo', '-cert', join(T, 'ec/api.pem')])) as { sans: string[] }
    expect(info.sans).toEqual(['api.local', '::1', '2001:db8::10', '10.1.1.1'])
    expect(await plan(leaf)).toMatchObject({ changed: false })
  })
})

describe('a CA made by the real cfssl', () => {
  const R = join(T, 'real')
  beforeAll(() => {
    mkdirSync(R)
    writeFileSync(join(R, 'ca-csr.json'), JSON.stringify(SEED.caCsr))
    writeFileSync(join(R, 'ca-config.json'), JSON.stringify(SEED.caConfig))
    writeFileSync(join(R, 'etcd-csr.json'), JSON.stringify(SEED.etcdCsr))
    run('sh', ['-c', 'cfssl gencert -initca ca-csr.json 2>/dev/null | cfssljson -bare ca'], R)
    run('sh', ['-c', 'cfssl gencert -ca=ca.pem -ca-key=ca-key.pem -config=ca-config.json -profile=kubernetes etcd-csr.json 2>/dev/null | cfssljson -bare etcd'], R)
  })

  it('is reused, never replaced, and signs a cert openssl accepts', async () => {
    const before = readFileSync(join(R, 'ca.pem'))
    expect(await plan({ ...INIT, dest: R })).toMatchObject({ changed: false, noop: `CA ${R}/ca.pem exists and matches ${R}/ca-key.pem` })
    await apply(await plan({ ...ETCD, dest: join(R, 'ours'), ca: join(R, 'ca') }))
    expect(run('openssl', ['verify', '-CAfile', 'ca.pem', 'ours/etcd.pem'], R).trim()).toBe('ours/etcd.pem: OK')
    expect(readFileSync(join(R, 'ca.pem'))).toEqual(before)
  })

  it("takes the real cfssl's etcd cert for current: same subject, SANs, usages", async () => {
    expect(await plan({ ...ETCD, dest: R, ca: join(R, 'ca') })).toMatchObject({ changed: false, noop: expect.stringContaining(`${R}/etcd.pem is current`) })
  })
})
