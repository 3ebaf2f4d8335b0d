import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashTree, listedTasks, krun, recap, tasksRun, total } from './helpers.js'
import { etcdctl, HA_GROUPS, hostStates, httpThrough, runHa, setUpHaProject, startStandIns, stopStandIns, vipHolders, waitFor } from './ha-lab.js'
import { CERT_NAMES, execStart, SEED_FLANNEL_CONFIG, seedCerts, seedEtcd, seedUnits, type SeedEnv } from './ha-seed.js'
import { startLabProject, type LabProject } from './lab-project.js'
import { changedLines, results } from './module-results.js'

/**
 * playbooks/ha-cluster.yml on the 7-host HA lab (master1-3 = etcd, lb1-2, worker1-2), with the
 * example inventory's group_vars and the lab's values (VIP .250, etcd from Debian's packages).
 *
 * The Kubernetes binaries (kube-apiserver, kubelet, flanneld, dockerd...) cannot be downloaded
 * on these machines: their units are installed, enabled and checked flag by flag, never started.
 * etcd, haproxy and keepalived are real and run; a haproxy on each master's :6443 stands in for
 * kube-apiserver where the load balancer's forwarding is checked, and a shell script named
 * kube-proxy stands in for that binary where the "binary present: start it" path is checked.
 */
let lp: LabProject
let vip: string
let env: SeedEnv
const timings: Record<string, number> = {}
const ip = (h: string): string => lp.addresses[h] ?? h

async function timed<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const t0 = Date.now()
  try {
    return await fn()
  } finally {
    timings[name] = Date.now() - t0
  }
}

beforeAll(async () => {
  lp = await startLabProject({ name: 'ha', layout: 'ha' })
  vip = setUpHaProject(lp)
  env = { masters: HA_GROUPS.masters.map((name) => ({ name, ip: ip(name) })), vip, serviceCidr: '10.254.0.0/16', kubernetesSvcIp: '10.254.0.1', dnsSvcIp: '10.254.0.2' }
})

afterAll(async () => {
  console.log(`ha-cluster timings (ms): ${JSON.stringify(timings)}`)
  await lp?.stop()
})

describe('playbooks/ha-cluster.yml on the HA lab', () => {
  it('--check --diff on fresh hosts runs through: exact diffs, the rest "not known until apply", nothing changed', async () => {
    const before = await hostStates(lp)
    const run = await timed('check on fresh hosts', () => runHa(lp, '--check', '--diff'))
    expect(run.code, run.stderr).toBe(0)
    expect(total(run, 'failed') + total(run, 'unreachable')).toBe(0)
    for (const [h, s] of Object.entries(recap(run))) expect([h, s.changed > 0]).toEqual([h, true])
    // what depends on changes the check did not make (a group, the CA, a unit file) says so, with the reason
    const unknown = results(run).filter((e) => e.status === 'skipped' && String(e.msg).startsWith('not known until apply'))
    expect(unknown.some((e) => String(e.msg).includes('Group docker does not exist'))).toBe(true)
    expect(unknown.some((e) => String(e.msg).includes('CA not found'))).toBe(true)
    expect(run.events.some((e) => e.event === 'warning' && /task results were not known in check mode/.test(String(e.msg)))).toBe(true)
    // the unit the check could plan is shown exactly
    const unit = results(run).find((e) => e.host === 'master1' && e.task === 'etcd unit')
    expect(unit?.status).toBe('changed')
    expect(changedLines(unit!).some((l) => l.startsWith('+ExecStart='))).toBe(true)
    expect(await hostStates(lp)).toEqual(before)
    expect(existsSync(join(lp.dir, 'pki'))).toBe(false)
  }, 120_000)

  it('applies in full without error (no Kubernetes binaries here: each component says so and is not started)', async () => {
    const run = await timed('first run', () => runHa(lp))
    expect(run.code, run.stderr).toBe(0)
    expect(total(run, 'failed') + total(run, 'unreachable')).toBe(0)
    expect(Object.keys(recap(run)).sort()).toEqual(Object.keys(lp.addresses).sort())
    const said = results(run).filter((e) => /missing$/.test(String(e.task))).map((e) => String((e.data as { msg?: string }).msg))
    for (const bin of ['kubectl', 'flanneld', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'dockerd', 'kubelet', 'kube-proxy']) {
      expect(said.some((m) => m.startsWith(`${bin} `) || m.startsWith(`${bin} (`))).toBe(true)
    }
  }, 300_000)

  it.each(CERT_NAMES)(
    'certificate %s passes openssl verify against the CA and carries the seed subject and SANs',
    (name) => {
      const dir = join(lp.dir, 'pki')
      const ossl = (...a: string[]): string => execFileSync('openssl', a, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
      expect(ossl('verify', '-CAfile', 'ca.pem', `${name}.pem`).trim()).toBe(`${name}.pem: OK`)
      const want = seedCerts(env)[name]
      expect(ossl('x509', '-in', `${name}.pem`, '-noout', '-subject').trim().replace(/ = /g, '=')).toBe(`subject=${want.subject}`)
      const sans = ossl('x509', '-in', `${name}.pem`, '-noout', '-ext', 'subjectAltName').split('\n')[1]?.trim() ?? ''
      expect(sans ? sans.split(', ').sort() : []).toEqual([...want.sans].sort())
    },
  )

  it('the hosts hold the controller\'s certificates, and they verify there against the host\'s CA', async () => {
    const pem = (f: string): string => readFileSync(join(lp.dir, 'pki', f), 'utf8')
    for (const m of HA_GROUPS.masters) {
      expect(await lp.onHost(m, 'cat /etc/kubernetes/cert/kubernetes.pem')).toBe(pem('kubernetes.pem'))
      const out = await lp.onHost(m, 'cd /etc && openssl verify -CAfile kubernetes/cert/ca.pem kubernetes/cert/kubernetes.pem etcd/cert/etcd.pem flanneld/cert/flanneld.pem kubernetes/cert/kube-controller-manager.pem')
      expect(out.trim().split('\n').map((l) => l.replace(/^.*: /, ''))).toEqual(['OK', 'OK', 'OK', 'OK'])
    }
    expect(await lp.onHost('worker1', 'stat -c %a:%U /etc/flanneld/cert/flanneld-key.pem; cat /etc/kubernetes/cert/ca.pem')).toBe(`600:k8s\n${pem('ca.pem')}`)
  })

  it('etcd: 3/3 members healthy over mutual TLS with one leader; no client certificate, no answer', async () => {
    const health = JSON.parse(await lp.onHost('master2', `${etcdctl(lp)} endpoint health -w json`)) as Array<{ health: boolean }>
    expect(health.map((h) => h.health)).toEqual([true, true, true])
    // member ids exceed 2^53: read them as text
    const status = await lp.onHost('master2', `${etcdctl(lp)} endpoint status -w json`)
    const members = [...status.matchAll(/"member_id":(\d+)/g)].map((m) => m[1])
    const leaders = new Set([...status.matchAll(/"leader":(\d+)/g)].map((m) => m[1]))
    expect(members).toHaveLength(3)
    expect(leaders.size).toBe(1)
    expect(members).toContain([...leaders][0])
    await expect(lp.onHost('master2', `${etcdctl(lp, false)} --command-timeout=3s endpoint health`)).rejects.toThrow()
    const unit = await lp.onHost('master1', 'cat /etc/systemd/system/etcd.service')
    expect(execStart(unit)).toEqual(seedEtcd(env, { name: 'master1', ip: ip('master1') }))
  })

  it('the flannel config key holds the seed\'s JSON', async () => {
    const value = await lp.onHost('master3', `${etcdctl(lp)} get /kubernetes/network/config --print-value-only`)
    expect(value.trim()).toBe(SEED_FLANNEL_CONFIG)
  })

  it('haproxy on both lb hosts and the VIP forward :8443 to the masters, with health checks (a haproxy on :6443 stands in for kube-apiserver, whose binary cannot be downloaded here)', async () => {
    for (const lb of HA_GROUPS.lb) expect(await lp.onHost(lb, 'ss -Hltn sport = :8443')).toMatch(/0\.0\.0\.0:8443/)
    await startStandIns(lp)
    try {
      const answer = /^stand-in for kube-apiserver on (master\d)$/
      let body = ''
      // haproxy marks a server up after 2 checks 2 s apart
      expect(await waitFor(async () => answer.test((body = await httpThrough(vip, 8443))), 15_000), body).toBe(true)
      for (const lb of HA_GROUPS.lb) expect(await httpThrough(ip(lb), 8443)).toMatch(answer)
      const first = answer.exec(body)![1]!
      await stopStandIns(lp, [first])
      let other = ''
      expect(await waitFor(async () => (other = answer.exec(await httpThrough(vip, 8443))?.[1] ?? '') !== '' && other !== first, 15_000)).toBe(true)
      expect(HA_GROUPS.masters).toContain(other)
    } finally {
      await stopStandIns(lp, HA_GROUPS.masters)
    }
  }, 60_000)

  it('control-plane and worker units carry the seed\'s flags and are enabled, not started (no binaries here)', async () => {
    const checks: Array<[string, string]> = [
      ...HA_GROUPS.masters.flatMap((h) => ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'flanneld'].map((u) => [h, u] as [string, string])),
      ...HA_GROUPS.workers.flatMap((h) => ['flanneld', 'docker', 'kubelet', 'kube-proxy'].map((u) => [h, u] as [string, string])),
    ]
    for (const [h, u] of checks) {
      const unit = await lp.onHost(h, `cat /etc/systemd/system/${u}.service`)
      expect(execStart(unit), `${h} ${u}`).toEqual(seedUnits(env, { name: h, ip: ip(h) })[u])
      expect(await lp.onHost(h, `systemctl is-enabled ${u}; systemctl is-active ${u} || true`)).toBe('enabled\ninactive\n')
    }
    const kubelet = JSON.parse(await lp.onHost('worker2', 'cat /etc/kubernetes/kubelet.config.json')) as Record<string, unknown>
    expect(kubelet).toMatchObject({ address: ip('worker2'), clusterDomain: 'cluster.local.', clusterDNS: ['10.254.0.2'], readOnlyPort: 0 })
    expect(await lp.onHost('worker2', 'cat /etc/kubernetes/kube-proxy.config.yaml')).toContain(`hostnameOverride: worker2\nkind: KubeProxyConfiguration\nmetricsBindAddress: ${ip('worker2')}:10249`)
  })

  it('second run: changed=0 on every host', async () => {
    const run = await timed('second run', () => runHa(lp))
    expect(run.code, run.stderr).toBe(0)
    for (const [h, s] of Object.entries(recap(run))) expect([h, s.changed, s.failed]).toEqual([h, 0, 0])
  }, 120_000)

  it('--check --diff after changing SERVICE_CIDR shows the new apiserver and controller-manager flags and the re-issued kubernetes certificate, and changes nothing', async () => {
    const vars = join(lp.dir, 'inventory/group_vars/all/00-cluster.yml')
    const original = readFileSync(vars, 'utf8')
    writeFileSync(vars, original.replace('service_cidr: 10.254.0.0/16', 'service_cidr: 10.96.0.0/16'))
    const [pkiBefore, hostsBefore] = [hashTree(join(lp.dir, 'pki')), await hostStates(lp)]
    const run = await timed('check diff', () => runHa(lp, '--check', '--diff')).finally(() => writeFileSync(vars, original))
    expect(run.code, run.stderr).toBe(0)
    const changed = results(run, 'changed')
    expect([...new Set(changed.map((e) => `${String(e.role)} : ${String(e.task)}`))].sort()).toEqual(
      ['kube-apiserver : kube-apiserver unit', 'kube-controller-manager : kube-controller-manager unit', 'kubelet : kubelet.config.json', 'pki : certificate'],
    )
    for (const unit of ['kube-apiserver unit', 'kube-controller-manager unit']) {
      const per = changed.filter((e) => e.task === unit)
      expect(per.map((e) => e.host).sort()).toEqual([...HA_GROUPS.masters])
      for (const e of per) expect(changedLines(e)).toEqual(['-  --service-cluster-ip-range=10.254.0.0/16 \\', '+  --service-cluster-ip-range=10.96.0.0/16 \\'])
    }
    const cert = changed.find((e) => e.task === 'certificate')!
    expect(cert.item).toBe('kubernetes')
    const sans = changedLines(cert).filter((l) => /^[-+]sans: /.test(l))
    expect(sans[0]).toContain('10.254.0.1')
    expect(sans[1]).toContain('10.96.0.1')
    expect(sans[1]).not.toContain('10.254.0.1')
    expect(hashTree(join(lp.dir, 'pki'))).toEqual(pkiBefore)
    expect(await hostStates(lp)).toEqual(hostsBefore)
  }, 120_000)

  it('--tags etcd runs exactly the tasks --list-tasks --tags etcd lists, changing nothing', async () => {
    const listing = await krun(['playbooks/ha-cluster.yml', '-i', 'inventory', '--list-tasks', '--tags', 'etcd'], { cwd: lp.dir })
    const listed = listedTasks(listing.stdout)
    expect(listed.length).toBeGreaterThan(3)
    expect(listed.every((t) => t.startsWith('etcd : '))).toBe(true)
    const run = await timed('tags etcd', () => runHa(lp, '--tags', 'etcd'))
    expect(run.code, run.stderr).toBe(0)
    expect(tasksRun(run)).toEqual(listed)
    expect(total(run, 'changed')).toBe(0)
  }, 60_000)

  it('an etcd unit changed on two members restarts those two, one at a time, and leaves the third running', async () => {
    const pid = (h: string): Promise<string> => lp.onHost(h, 'systemctl show -p MainPID --value etcd')
    const before = await Promise.all(HA_GROUPS.masters.map(pid))
    await Promise.all(['master2', 'master3'].map((h) => lp.onHost(h, 'echo "# local edit" >> /etc/systemd/system/etcd.service')))
    const run = await timed('etcd rolling restart', () => runHa(lp, '--tags', 'etcd'))
    expect(run.code, run.stderr).toBe(0)
    const restarts = results(run).filter((e) => e.task === 'restart etcd' && e.status === 'changed')
    expect(restarts.map((e) => e.host).sort()).toEqual(['master2', 'master3'])
    const [a, b] = restarts.map((e) => ({ end: Number(e.ts), start: Number(e.ts) - Number(e.duration_ms) })).sort((x, y) => x.start - y.start)
    expect(a!.end).toBeLessThanOrEqual(b!.start)
    const after = await Promise.all(HA_GROUPS.masters.map(pid))
    expect(after[0]).toBe(before[0])
    expect([after[1] !== before[1], after[2] !== before[2]]).toEqual([true, true])
  }, 60_000)

  it('keepalived holds the VIP on exactly one lb host, the first, and moves it to the other when haproxy stops there', async () => {
    expect(await vipHolders(lp, vip)).toEqual(['lb1'])
    await lp.onHost('lb1', 'systemctl stop haproxy')
    try {
      // a failed check every 5 s takes 30 off lb1's 120, below lb2's 110; adverts every 3 s
      const moved = await timed('vip failover', () => waitFor(async () => (await vipHolders(lp, vip)).join() === 'lb2', 30_000))
      expect(moved).toBe(true)
    } finally {
      await lp.onHost('lb1', 'systemctl start haproxy')
    }
    expect(await waitFor(async () => (await vipHolders(lp, vip)).join() === 'lb1', 30_000)).toBe(true)
  }, 90_000)

  it('with a binary in k8s_bin_dir (a shell script standing in for kube-proxy) its unit is started, and restarted only when its config changes', async () => {
    lp.write('k8s-bin/kube-proxy', '#!/bin/sh\n# stands in for kube-proxy, whose binary cannot be downloaded here\nexec sleep infinity\n')
    execFileSync('chmod', ['755', join(lp.dir, 'k8s-bin/kube-proxy')])
    const pids = (): Promise<string[]> => Promise.all(HA_GROUPS.workers.map((h) => lp.onHost(h, 'systemctl is-active kube-proxy; systemctl show -p MainPID --value kube-proxy')))
    const first = await runHa(lp, '--tags', 'kube-proxy')
    expect(first.code, first.stderr).toBe(0)
    const started = await pids()
    for (const s of started) expect(s).toMatch(/^active\n[1-9]\d*\n$/)
    const again = await runHa(lp, '--tags', 'kube-proxy')
    expect(total(again, 'changed')).toBe(0)
    expect(await pids()).toEqual(started)
    const changed = await runHa(lp, '--tags', 'kube-proxy', '-e', 'cluster_cidr=172.31.0.0/16')
    expect(results(changed, 'changed').map((e) => `${String(e.host)} ${String(e.task)}`).sort()).toEqual(
      HA_GROUPS.workers.flatMap((h) => [`${h} kube-proxy.config.yaml`, `${h} restart kube-proxy`]),
    )
    const restarted = await pids()
    restarted.forEach((s, i) => expect({ host: HA_GROUPS.workers[i], state: s, restarted: s !== started[i] }).toMatchObject({ state: expect.stringMatching(/^active\n/), restarted: true }))
  }, 90_000)
})
