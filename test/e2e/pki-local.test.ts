import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashTree, krun, recap, total, type Run } from './helpers.js'

const NAMES = [{ C: 'CN', ST: 'BeiJing', L: 'BeiJing', O: 'k8s', OU: '4Paradigm' }]
// the seed's CA and etcd steps, then the admin kubeconfig, on the controller (delegate_to + run_once)
const SITE = `- hosts: all
  gather_facts: false
  vars:
    pki: "{{ root }}/pki"
  tasks:
    - name: CA
      cfssl: {action: init_ca, csr: ca-csr.json, dest: "{{ pki }}"}
      delegate_to: localhost
      run_once: true
    - name: etcd cert
      cfssl:
        action: gencert
        csr:
          CN: etcd
          hosts: "{{ ['127.0.0.1'] + etcd_ips }}"
          key: {algo: rsa, size: 2048}
          names: ${JSON.stringify(NAMES)}
        dest: "{{ pki }}"
        name: etcd
        ca: "{{ pki }}/ca"
        ca_config: ca-config.json
        profile: kubernetes
      delegate_to: localhost
      run_once: true
    - name: admin cert
      cfssl: {action: gencert, csr: {CN: admin, key: {algo: ecdsa, size: 256}, names: [{O: "system:masters"}]}, dest: "{{ pki }}", name: admin, ca: "{{ pki }}/ca", ca_config: ca-config.json, profile: kubernetes}
      delegate_to: localhost
      run_once: true
    - name: kubeconfig
      kubeconfig:
        path: "{{ root }}/{{ inventory_hostname }}/.kube/config"
        cluster: kubernetes
        server: https://10.0.0.10:6443
        ca: "{{ pki }}/ca.pem"
        user: admin
        client_cert: "{{ pki }}/admin.pem"
        client_key: "{{ pki }}/admin-key.pem"
`

/** The cfssl and kubeconfig modules end to end through the CLI, on the local connection. */
describe('a cluster PKI on the controller', () => {
  let dir: string
  let root: string
  let first: Run
  const run = (...extra: string[]): Promise<Run> => krun(['site.yml', '-i', 'inv.ini', '-e', `root=${root}`, '--json', ...extra], { cwd: dir })
  const results = (r: Run, task: string) => r.events.filter((e) => e.event === 'host_result' && e.task === task)

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'krun-pki-'))
    root = join(dir, 'out')
    mkdirSync(join(dir, 'files'))
    writeFileSync(join(dir, 'inv.ini'), 'n1 ansible_connection=local\nn2 ansible_connection=local\n\n[all:vars]\netcd_ips=["10.0.0.1", "10.0.0.2", "10.0.0.3"]\n')
    writeFileSync(join(dir, 'files/ca-csr.json'), JSON.stringify({ CN: 'kubernetes', key: { algo: 'rsa', size: 2048 }, names: NAMES }))
    writeFileSync(join(dir, 'files/ca-config.json'), JSON.stringify({ signing: { default: { expiry: '87600h' }, profiles: { kubernetes: { usages: ['signing', 'key encipherment', 'server auth', 'client auth'], expiry: '87600h' } } } }))
    writeFileSync(join(dir, 'site.yml'), SITE)
    writeFileSync(join(dir, 'more-ips.yml'), 'etcd_ips: [10.0.0.1, 10.0.0.2, 10.0.0.3, 10.0.0.4]\n')
    first = await run()
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('issues the CA and certs once, on the controller, and a kubeconfig per host', () => {
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(results(first, 'etcd cert').map((e) => [e.status, e.msg])).toEqual([['changed', expect.stringMatching(/^issue .*\/pki\/etcd.pem: no certificate yet; write /)]])
    expect(results(first, 'kubeconfig').map((e) => e.status)).toEqual(['changed', 'changed'])
    const out = execFileSync('openssl', ['verify', '-CAfile', 'ca.pem', 'etcd.pem', 'admin.pem'], { cwd: join(root, 'pki'), encoding: 'utf8' })
    expect(out).toBe('etcd.pem: OK\nadmin.pem: OK\n')
    expect((statSync(join(root, 'pki/etcd-key.pem')).mode & 0o777).toString(8)).toBe('600')
    expect((statSync(join(root, 'n2/.kube/config')).mode & 0o777).toString(8)).toBe('600')
  })

  it('changes nothing on the second run, and says why', async () => {
    const second = await run()
    expect(second.code).toBe(0)
    expect(total(second, 'changed')).toBe(0)
    expect(results(second, 'CA')[0]?.msg).toMatch(/^CA .*\/pki\/ca.pem exists and matches .*\/pki\/ca-key.pem$/)
    expect(results(second, 'etcd cert')[0]?.msg).toMatch(/etcd.pem is current: signed by .*ca.pem, subject, SANs and usages match, expires in 36\d\d days$/)
    expect(results(second, 'kubeconfig')[0]?.msg).toContain('are as wanted')
  })

  it('--check --diff with an added etcd IP: only the etcd cert, with the SAN line, nothing written, no key shown', async () => {
    const before = hashTree(root)
    const check = await run('-e', '@more-ips.yml', '--check', '--diff')
    expect(check.code).toBe(0)
    expect(hashTree(root)).toEqual(before)
    expect(recap(check).n1).toMatchObject({ changed: 1, failed: 0 })
    const [etcd] = results(check, 'etcd cert')
    expect(etcd?.msg).toMatch(/^issue .*etcd.pem: SANs differ: \+10.0.0.4; write /)
    const patch = JSON.stringify(etcd?.diffs)
    expect(patch).toContain('-sans: 127.0.0.1, 10.0.0.1, 10.0.0.2, 10.0.0.3\\n+sans: 127.0.0.1, 10.0.0.1, 10.0.0.2, 10.0.0.3, 10.0.0.4')
    expect(patch).toContain('new rsa-2048 private key (content hidden)')
    expect(check.stdout + check.stderr).not.toContain('PRIVATE KEY')
  })

  it('a gencert without ca is a load-time error with file:line', async () => {
    writeFileSync(join(dir, 'broken.yml'), '- hosts: all\n  tasks:\n    - cfssl: {action: gencert, csr: x.json, dest: /tmp/x, name: x}\n')
    const r = await krun(['broken.yml', '-i', 'inv.ini'], { cwd: dir })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^ERROR: .*broken.yml:3:\d+: .*missing required argument 'ca'/m)
  })
})
