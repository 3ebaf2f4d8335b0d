/**
 * The shipped HA content (playbooks/, roles/, the example inventory's group_vars) set up in a
 * lab project for test/e2e/ha-cluster.test.ts, and the lab-side probes that test uses.
 */
import { cpSync, readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { krun, REPO, type Run } from './helpers.js'
import type { LabProject } from './lab-project.js'
import { HA_GROUPS, haLabVars, renderHaInventory } from '../../src/bench/ha-project.js'

export { HA_GROUPS }

/**
 * Copies playbooks/ and roles/ into the project and writes inventory/: hosts.ini mapping the lab
 * hosts into the example's groups, group_vars/all/ = the example's all.yml + the lab's values.
 * Returns the VIP (.250 of the lab's /24: hosts are .10 upwards).
 */
export function setUpHaProject(lp: LabProject): string {
  for (const d of ['playbooks', 'roles']) cpSync(join(REPO, d), join(lp.dir, d), { recursive: true })
  const hosts = Object.entries(lp.addresses).map(([name, address]) => ({ name, address }))
  const vip = (lp.addresses.master1 ?? '').replace(/\.\d+$/, '.250')
  lp.write('inventory/hosts.ini', renderHaInventory(hosts, lp.lab.keyPath, lp.lab.knownHostsPath))
  lp.write('inventory/group_vars/all/00-cluster.yml', readFileSync(join(REPO, 'inventory/group_vars/all.yml'), 'utf8'))
  lp.write('inventory/group_vars/all/10-lab.yml', haLabVars(vip))
  return vip
}

/** Runs the HA playbook from the project with --json and the project's inventory. */
export const runHa = (lp: LabProject, ...args: string[]): Promise<Run> =>
  krun(['playbooks/ha-cluster.yml', '-i', 'inventory', '--json', ...args], { cwd: lp.dir })

/** etcdctl (v3) against every member, with etcd's client certificate unless told not to. */
export const etcdctl = (lp: LabProject, clientCert = true): string =>
  `ETCDCTL_API=3 etcdctl --endpoints=${HA_GROUPS.masters.map((m) => `https://${lp.addresses[m]}:2379`).join(',')} --cacert=/etc/kubernetes/cert/ca.pem`
  + (clientCert ? ' --cert=/etc/etcd/cert/etcd.pem --key=/etc/etcd/cert/etcd-key.pem' : '')

const HOST_STATE = 'sha256sum /etc/systemd/system/*.service /etc/kubernetes/cert/* /etc/etcd/cert/* /etc/flanneld/cert/* /etc/kubernetes/*.* '
  + '/etc/haproxy/haproxy.cfg /etc/keepalived/keepalived.conf /root/.kube/config 2>/dev/null; systemctl is-active etcd haproxy keepalived; true'

/** Per host: sha256 of every file the playbook writes there, and the state of the running services. */
export const hostStates = (lp: LabProject): Promise<string[]> => Promise.all(Object.keys(lp.addresses).map((h) => lp.onHost(h, HOST_STATE)))

/** The lb hosts that have `vip` on eth0. */
export async function vipHolders(lp: LabProject, vip: string): Promise<string[]> {
  const held = await Promise.all(HA_GROUPS.lb.map(async (h) => (await lp.onHost(h, 'ip -o -4 addr show dev eth0')).includes(` ${vip}/`)))
  return HA_GROUPS.lb.filter((_, i) => held[i])
}

/** Polls `check` every 500 ms until it returns true or `ms` pass; returns the last answer. */
export async function waitFor(check: () => Promise<boolean>, ms: number): Promise<boolean> {
  const end = Date.now() + ms
  for (;;) {
    if (await check()) return true
    if (Date.now() > end) return false
    await new Promise((r) => setTimeout(r, 500))
  }
}

/**
 * Starts, on each master, a haproxy answering HTTP on MASTER_IP:6443 with "stand-in for
 * kube-apiserver on NAME": the apiserver's port, since its binary cannot be downloaded here.
 */
export async function startStandIns(lp: LabProject): Promise<void> {
  await Promise.all(HA_GROUPS.masters.map((m) => {
    const cfg = ['defaults', '  mode http', '  timeout connect 5s', '  timeout client 10s', '  timeout server 10s', 'frontend stand-in',
      `  bind ${lp.addresses[m]}:6443`, `  http-request return status 200 content-type text/plain string "stand-in for kube-apiserver on ${m}"`, ''].join('\n')
    return lp.onHost(m, `printf '%s' '${cfg}' > /run/stand-in.cfg && systemd-run -q --unit=apiserver-stand-in /usr/sbin/haproxy -db -f /run/stand-in.cfg`)
  }))
}

/** Stops the stand-in on the given masters. */
export async function stopStandIns(lp: LabProject, masters: readonly string[]): Promise<void> {
  await Promise.all(masters.map((m) => lp.onHost(m, 'systemctl stop apiserver-stand-in 2>/dev/null; systemctl reset-failed apiserver-stand-in 2>/dev/null; true')))
}

/** One HTTP/1.0 request over a plain TCP connection from this machine; the response body, or the error. */
export function httpThrough(host: string, port: number): Promise<string> {
  return new Promise((res) => {
    let buf = ''
    const s = connect(port, host, () => s.write('GET / HTTP/1.0\r\n\r\n'))
    s.setTimeout(5000, () => s.destroy(new Error('timeout')))
    s.on('data', (d: Buffer) => (buf += d.toString()))
    s.on('end', () => res(buf.split('\r\n\r\n')[1] ?? ''))
    s.on('error', (e) => res(`error: ${e.message}`))
  })
}
