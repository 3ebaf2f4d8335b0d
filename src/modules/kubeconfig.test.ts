import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { kubeconfig, type KubeconfigArgs } from './kubeconfig.js'
import { fakeContext, type FakeFs } from './testing/fake-host.js'
import type { Plan, PlanContext } from './types.js'

const CA = '-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n'
const CERT = '-----BEGIN CERTIFICATE-----\nADMIN\n-----END CERTIFICATE-----\n'
const KEY = '-----BEGIN RSA PRIVATE KEY-----\nSECRETKEYMATERIAL\n-----END RSA PRIVATE KEY-----\n'
const b64 = (s: string) => Buffer.from(s).toString('base64')
const FILES: FakeFs = {
  '/root/.kube': { type: 'directory' },
  '/etc/kubernetes/cert/ca.pem': { content: CA },
  '/pki/admin.pem': { content: CERT },
  '/pki/admin-key.pem': { content: KEY, mode: '0600' },
  '/pki/admin2-key.pem': { content: KEY.replace('SECRET', 'OTHER'), mode: '0600' },
}
// the seed's four kubectl config commands, as one task
const ARGS = { path: '/root/.kube/config', cluster: 'kubernetes', server: 'https://10.0.0.10:6443', ca: '/etc/kubernetes/cert/ca.pem', user: 'admin', client_cert: '/pki/admin.pem', client_key: '/pki/admin-key.pem' }

// what `kubectl config set-cluster/set-credentials/set-context/use-context` write, byte for byte
const KUBECTL = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${b64(CA)}
    server: https://10.0.0.10:6443
  name: kubernetes
contexts:
- context:
    cluster: kubernetes
    user: admin
  name: kubernetes
current-context: kubernetes
kind: Config
preferences: {}
users:
- name: admin
  user:
    client-certificate-data: ${b64(CERT)}
    client-key-data: ${b64(KEY)}
`
const OTHER = `apiVersion: v1
clusters:
- cluster: {server: 'https://old:6443'}
  name: old
contexts:
- context: {cluster: old, user: ops}
  name: old
current-context: old
kind: Config
preferences: {}
users:
- name: ops
  user: {token: abc}
`

const plan = (fs: FakeFs, args: Record<string, unknown> = {}, over: Partial<PlanContext> = {}): Promise<Plan> =>
  kubeconfig.plan({ ...ARGS, ...args } as unknown as KubeconfigArgs, fakeContext({ ...FILES, ...fs }, over))
const written = (p: Plan) => (p.changed ? p.changes.find((c) => c.kind === 'put') : undefined)

describe('kubeconfig plans', () => {
  it("a new file: kubectl's YAML, mode 0600; the diff shows fingerprints and <redacted>, never the key", async () => {
    const p = await plan({})
    expect(written(p)).toEqual({ kind: 'put', path: '/root/.kube/config', content: Buffer.from(KUBECTL), mode: '0600' })
    const diff = p.changed ? p.diffs[0] : undefined
    expect(diff?.before).toBeNull()
    expect(diff?.after).toMatch(/^ {4}certificate-authority-data: <sha256:[0-9a-f]{16}>\n/m)
    expect(diff?.after).toContain('    client-key-data: <redacted>\n')
    expect(JSON.stringify(p)).not.toMatch(new RegExp(`${b64(KEY).slice(0, 20)}|SECRETKEY`))
    expect(p.changed && p.changes.map((c) => c.kind)).toEqual(['put'])
  })

  it.each<[string, FakeFs, Record<string, unknown>, string]>([
    ['the same file', { '/root/.kube/config': { content: KUBECTL, mode: '0600' } }, {}, '/root/.kube/config: cluster kubernetes, user admin and context kubernetes are as wanted'],
    ['the same meaning in other formatting (JSON, other key order)', { '/root/.kube/config': { content: JSON.stringify({ kind: 'Config', apiVersion: 'v1', ...(parse(KUBECTL) as object) }), mode: '0600' } }, {}, 'are as wanted'],
    ['dest alias, explicit context and current_context: no on a file that has it', { '/root/.kube/config': { content: KUBECTL, mode: '0600' } }, { path: undefined, dest: '/root/.kube/config', context: 'kubernetes', current_context: 'no' }, 'are as wanted'],
  ])('%s: ok', async (_n, fs, args, noop) => {
    expect(await plan(fs, args)).toMatchObject({ changed: false, noop: expect.stringContaining(noop) })
  })

  it('same content, mode 0644: only a chmod', async () => {
    expect(await plan({ '/root/.kube/config': { content: KUBECTL, mode: '0644' } })).toMatchObject({
      changed: true,
      changes: [{ kind: 'exec', cmd: 'chmod 0600 -- /root/.kube/config' }],
      diffs: [{ path: '/root/.kube/config', before: 'mode: 0644\n', after: 'mode: 0600\n' }],
    })
  })

  it('a missing directory is created first', async () => {
    const p = await plan({}, { path: '/home/k8s/.kube/config' })
    expect(p.changed && p.changes.map((c) => (c.kind === 'exec' ? c.cmd : c.kind))).toEqual(['mkdir -p -- /home/k8s/.kube', 'put'])
  })

  it.each<[string, Record<string, unknown>, string[]]>([
    ['a new server URL', { server: 'https://10.0.0.11:6443' }, ['-    server: https://10.0.0.10:6443', '+    server: https://10.0.0.11:6443']],
    ['a rotated key: said, not shown', { client_key: '/pki/admin2-key.pem' }, ['-    client-key-data: <redacted>', '+    client-key-data: <redacted, changed>']],
    ['a namespace on the context', { namespace: 'kube-system' }, ['+    namespace: kube-system']],
  ])('%s: the diff changes exactly those lines', async (_n, args, lines) => {
    const p = await plan({ '/root/.kube/config': { content: KUBECTL, mode: '0600' } }, args)
    const d = p.changed ? p.diffs[0]! : { before: '', after: '' }
    const before = new Set(d.before!.split('\n'))
    const after = new Set(d.after!.split('\n'))
    const changed = [...[...before].filter((l) => !after.has(l)).map((l) => `-${l}`), ...[...after].filter((l) => !before.has(l)).map((l) => `+${l}`)]
    expect(changed).toEqual(lines)
  })

  it("merges into a file with other entries, as kubectl does; a token user's secret never shows", async () => {
    const p = await plan({ '/root/.kube/config': { content: OTHER, mode: '0600' } }, { client_cert: undefined, client_key: undefined, token: 'tok-123', user: 'ops' })
    const yaml = written(p)?.kind === 'put' ? written(p)!.content.toString() : ''
    const doc = parse(yaml) as Record<string, Array<{ name: string }>>
    expect(doc.clusters!.map((c) => c.name)).toEqual(['old', 'kubernetes'])
    expect(doc.users).toEqual([{ name: 'ops', user: { token: 'tok-123' } }])
    expect(doc['current-context']).toBe('kubernetes')
    expect(JSON.stringify(p.changed && p.diffs)).not.toContain('tok-123')
    expect(JSON.stringify(p.changed && p.diffs)).toContain('token: <redacted, changed>')
  })

  it('current_context: no keeps the current context', async () => {
    const p = await plan({ '/root/.kube/config': { content: OTHER, mode: '0600' } }, { current_context: false })
    expect(written(p)?.kind === 'put' && written(p)!.content.toString()).toContain('current-context: old\n')
  })

  it('no_log hides the whole diff', async () => {
    const p = await plan({}, {}, { noLog: true })
    expect(p.changed && p.diffs).toEqual([{ path: '/root/.kube/config', before: null, after: '', redacted: 'content hidden (no_log)' }])
  })

  it.each<[Record<string, unknown>, FakeFs, RegExp]>([
    [{ ca: '/nope/ca.pem' }, {}, /^ca: \/nope\/ca.pem does not exist on h1$/],
    [{ token: 't' }, {}, /token and client_cert are mutually exclusive/],
    [{ client_key: undefined }, {}, /client_cert and client_key go together/],
    [{}, { '/root/.kube/config': { content: 'a: [' } }, /\/root\/.kube\/config is not valid YAML/],
    [{}, { '/root/.kube/config': { content: '- a\n' } }, /is not a kubeconfig \(not a mapping\)/],
  ])('%j fails', async (args, fs, msg) => {
    await expect(plan(fs, args)).rejects.toThrow(msg)
  })
})
