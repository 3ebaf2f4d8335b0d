import { cpSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recap, REPO, type Run } from './helpers.js'
import { startLabProject, type LabProject } from './lab-project.js'
import { byTask, changedLines, expectLoadError, results } from './module-results.js'

/**
 * Issue 5 on 3 systemd lab hosts with Debian's etcd 3.4: the seed's PKI made by the cfssl
 * module on the controller, a 3-member TLS etcd cluster from the seed's unit, health through
 * the etcdctl module with mutual TLS, flannel's network config put once; a rerun changes
 * nothing; a new SAN re-issues only the etcd cert and restarts the members one at a time;
 * a cert inside renew_before is re-issued. Playbook: test/fixtures/etcd.
 */
let lp: LabProject
let pki: string
let hosts: string[]
const SEED_FLANNEL = '{"Network":"172.30.0.0/16", "SubnetLen": 24, "Backend": {"Type": "vxlan"}}'
const TLS = '--cacert=/etc/kubernetes/cert/ca.pem --cert=/etc/etcd/cert/etcd.pem --key=/etc/etcd/cert/etcd-key.pem'

beforeAll(async () => {
  lp = await startLabProject({ name: 'etcd', hosts: 3, packages: ['etcd-server', 'etcd-client'] })
  cpSync(join(REPO, 'test/fixtures/etcd'), lp.dir, { recursive: true })
  pki = join(lp.dir, 'pki')
  mkdirSync(pki)
  hosts = lp.lab.hosts.map((h) => h.name)
  lp.write('san.yml', 'etcd_extra_hosts: [127.0.0.2]\n')
  // dropping the SAN again makes the next issue happen, with the short profile
  lp.write('short.yml', 'etcd_cert_profile: short\n')
}, 300_000)
afterAll(async () => lp?.stop(), 60_000)

const site = (...extra: string[]): Promise<Run> => lp.krun('site.yml', '-e', `pki_dir=${pki}`, ...extra)
const etcdctl = (host: string, args: string): Promise<string> =>
  lp.onHost(host, `ETCDCTL_API=3 etcdctl --endpoints=https://${lp.addresses[host] ?? ''}:2379 ${TLS} ${args}`)
/** The statuses of one task on every host (run_once tasks: one entry). */
const statuses = (run: Run, task: string): string[] => results(run).filter((e) => e.task === task).map((e) => String(e.status))
const ok = (run: Run): void => expect(run.code, run.stderr + run.stdout.slice(-3000)).toBe(0)

/** etcd's unit on a host: its invocation and when it last stopped and became active (CLOCK_MONOTONIC, shared by all lab hosts). */
async function unitTimes(host: string): Promise<{ id: string; exit: number; enter: number }> {
  const out = await lp.onHost(host, 'systemctl show etcd -p InvocationID -p ActiveExitTimestampMonotonic -p ActiveEnterTimestampMonotonic')
  const p = Object.fromEntries(out.trim().split('\n').map((l) => l.split('=') as [string, string]))
  return { id: p.InvocationID ?? '', exit: Number(p.ActiveExitTimestampMonotonic), enter: Number(p.ActiveEnterTimestampMonotonic) }
}

describe('etcd cluster with the seed PKI (cfssl, etcdctl, systemd, throttle)', () => {
  it('cold: PKI, a 3-member TLS cluster, health through the module, the flannel config put', async () => {
    const run = await site()
    ok(run)
    expect(statuses(run, 'issue CA')).toEqual(['changed'])
    expect(statuses(run, 'issue etcd cert')).toEqual(['changed'])
    for (const h of hosts) {
      expect(byTask(run, h, 'status')['etcd healthy']).toBe('ok')
      expect(byTask(run, h, 'msg')['etcd healthy']).toMatch(/^3 endpoints healthy, leader 10\.\S+:2379, raft term \d+$/)
    }
    expect(statuses(run, 'flannel network config')).toEqual(['changed'])
    // the real etcdctl over ssh: the seed's JSON byte for byte, three started members
    expect(await etcdctl(hosts[1] ?? '', 'get /kubernetes/network/config --print-value-only')).toBe(`${SEED_FLANNEL}\n`)
    expect((await etcdctl(hosts[2] ?? '', 'member list')).trim().split('\n').filter((l) => l.includes(', started, '))).toHaveLength(3)
  })

  it('mutual TLS: a client without a certificate is refused', async () => {
    const ip = lp.addresses[hosts[0] ?? ''] ?? ''
    const cmd = `ETCDCTL_API=3 etcdctl --endpoints=https://${ip}:2379 --cacert=/etc/kubernetes/cert/ca.pem --command-timeout=2s get /kubernetes/network/config`
    await expect(lp.onHost(hosts[0] ?? '', cmd)).rejects.toThrow()
  })

  it('rerun: nothing changes on any host; put and health say why', async () => {
    const run = await site()
    ok(run)
    for (const [h, s] of Object.entries(recap(run))) expect([h, s.changed]).toEqual([h, 0])
    expect(byTask(run, hosts[0] ?? '', 'msg')['flannel network config']).toBe('/kubernetes/network/config already holds the value')
    expect(statuses(run, 'restart etcd')).toEqual([])
  })

  it('--check --diff on a new value: changed, the old and new value shown, etcd untouched', async () => {
    const run = await site('-e', 'cluster_cidr=10.244.0.0/16', '--check', '--diff')
    ok(run)
    const put = results(run).find((e) => e.task === 'flannel network config') ?? {}
    expect(put.status).toBe('changed')
    expect(changedLines(put)).toEqual([`-${SEED_FLANNEL}`, `+${SEED_FLANNEL.replace('172.30.0.0/16', '10.244.0.0/16')}`])
    expect(await etcdctl(hosts[0] ?? '', 'get /kubernetes/network/config --print-value-only')).toBe(`${SEED_FLANNEL}\n`)
  })

  it('bad arguments fail at load with file:line', async () => {
    await expectLoadError(lp, 'etcdctl', '    - etcdctl: {action: put, key: /kubernetes/network/config}\n', /etcdctl: missing required argument 'value'/)
  })

  it('a new SAN re-issues only the etcd cert; members restart one at a time; health passes after', async () => {
    const ca = readFileSync(join(pki, 'ca.pem'))
    const caKey = readFileSync(join(pki, 'ca-key.pem'))
    const before = await Promise.all(hosts.map(unitTimes))
    const run = await site('-e', '@san.yml')
    ok(run)
    expect(statuses(run, 'issue CA')).toEqual(['ok'])
    expect(byTask(run, hosts[0] ?? '', 'msg')['issue etcd cert']).toMatch(/SANs differ: \+127\.0\.0\.2/)
    expect([readFileSync(join(pki, 'ca.pem')), readFileSync(join(pki, 'ca-key.pem'))]).toEqual([ca, caKey])
    expect(statuses(run, 'CA cert')).toEqual(['ok', 'ok', 'ok'])
    expect(statuses(run, 'etcd cert')).toEqual(['changed', 'changed', 'changed'])
    expect(statuses(run, 'restart etcd')).toEqual(['changed', 'changed', 'changed'])
    expect(statuses(run, 'etcd healthy')).toEqual(['ok', 'ok', 'ok'])
    expect(await lp.onHost(hosts[0] ?? '', 'openssl x509 -in /etc/etcd/cert/etcd.pem -noout -ext subjectAltName')).toContain('IP Address:127.0.0.2')
    // every member restarted, and each was active again before the next one stopped
    const after = (await Promise.all(hosts.map(unitTimes))).sort((a, b) => a.exit - b.exit)
    expect(after.map((t) => before.some((b) => b.id === t.id))).toEqual([false, false, false])
    for (let i = 1; i < after.length; i++) expect(after[i]!.exit).toBeGreaterThan(after[i - 1]!.enter)
    const again = await site('-e', '@san.yml')
    ok(again)
    for (const s of Object.values(recap(again))) expect(s.changed).toBe(0)
  })

  it('a cert that expires within renew_before (profile expiry 1h) is re-issued on the next run', async () => {
    const first = await site('-e', '@short.yml')
    ok(first)
    expect(byTask(first, hosts[0] ?? '', 'msg')['issue etcd cert']).toMatch(/SANs differ: -127\.0\.0\.2/)
    const run = await site('-e', '@short.yml')
    ok(run)
    expect(statuses(run, 'issue etcd cert')).toEqual(['changed'])
    expect(byTask(run, hosts[0] ?? '', 'msg')['issue etcd cert']).toMatch(/expires in \d+ minutes/)
    expect(statuses(run, 'restart etcd')).toEqual(['changed', 'changed', 'changed'])
    expect(statuses(run, 'etcd healthy')).toEqual(['ok', 'ok', 'ok'])
  })
})
