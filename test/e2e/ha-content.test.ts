import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { krun, REPO } from './helpers.js'

/**
 * The shipped HA content checked without hosts: it loads, its tags are the components, and the
 * example inventory's group_vars give the values of the seed's environment.sh. The example's
 * addresses are never contacted: only debug runs (a controller-side module), over a local connection.
 */
let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'krun-ha-content-'))
  for (const d of ['playbooks', 'roles', 'inventory']) cpSync(join(REPO, d), join(dir, d), { recursive: true })
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

const COMPONENTS = ['prepare', 'pki', 'kubectl', 'etcd', 'flannel', 'lb', 'apiserver', 'controller-manager', 'scheduler', 'runtime', 'kubelet', 'kube-proxy', 'verify']

/** environment.sh (seed 003, "集群环境变量") for test1-3 = 192.168.0.91-93, VIP 192.168.0.235. */
const ENVIRONMENT_SH: Record<string, unknown> = {
  service_cidr: '10.254.0.0/16',
  cluster_cidr: '172.30.0.0/16',
  node_port_range: '8400-9000',
  master_vip: '192.168.0.235',
  kube_apiserver: 'https://192.168.0.235:8443',
  vip_if: 'eth0',
  etcd_endpoints: 'https://192.168.0.91:2379,https://192.168.0.92:2379,https://192.168.0.93:2379',
  etcd_nodes: 'test1=https://192.168.0.91:2380,test2=https://192.168.0.92:2380,test3=https://192.168.0.93:2380',
  flannel_etcd_prefix: '/kubernetes/network',
  cluster_kubernetes_svc_ip: '10.254.0.1',
  cluster_dns_svc_ip: '10.254.0.2',
  cluster_dns_domain: 'cluster.local.',
  bin_dir: '/opt/k8s/bin',
  master_ips: ['192.168.0.91', '192.168.0.92', '192.168.0.93'],
}

describe('playbooks/ha-cluster.yml content', () => {
  it('passes --syntax-check with the example inventory', async () => {
    const run = await krun(['playbooks/ha-cluster.yml', '-i', 'inventory', '--syntax-check'], { cwd: dir })
    expect(run.code, run.stderr).toBe(0)
  })

  it('tags each role with its component', async () => {
    const run = await krun(['playbooks/ha-cluster.yml', '-i', 'inventory', '--list-tags'], { cwd: dir })
    const tags = [...run.stdout.matchAll(/TASK TAGS: \[([^\]]*)\]/g)].flatMap((m) => m[1]!.split(', ').filter(Boolean))
    expect([...new Set(tags)].sort()).toEqual([...COMPONENTS].sort())
  })

  it('the example group_vars reproduce the seed\'s environment.sh', async () => {
    writeFileSync(join(dir, 'show.yml'), `- hosts: test2\n  gather_facts: false\n  tasks:\n    - debug: {var: item}\n      loop: [${Object.keys(ENVIRONMENT_SH).map((k) => `"{{ ${k} }}"`).join(', ')}]\n`)
    const run = await krun(['show.yml', '-i', 'inventory', '-e', 'ansible_connection=local', '--json'], { cwd: dir })
    expect(run.code, run.stderr).toBe(0)
    const seen = run.events.filter((e) => e.event === 'host_result').map((e) => (e.data as { item: unknown }).item)
    expect(seen).toEqual(Object.values(ENVIRONMENT_SH))
  })
})
