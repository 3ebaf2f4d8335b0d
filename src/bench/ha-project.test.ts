import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadInventory } from '../inventory/index.js'
import { HA_GROUPS, haProjectFiles, haVip, renderHaInventory } from './ha-project.js'

const HOSTS = [...HA_GROUPS.masters, ...HA_GROUPS.lb, ...HA_GROUPS.workers].map((name, i) => ({ name, address: `10.213.9.${10 + i}` }))
const SUBNET = '10.213.9.0/24'

const tmp: string[] = []
afterEach(() => tmp.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

/** Writes the project files into a scratch directory and loads its inventory as krun does. */
function loadProject(): ReturnType<typeof loadInventory> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-ha-'))
  tmp.push(dir)
  for (const [rel, text] of Object.entries(haProjectFiles(HOSTS, SUBNET, '/lab/id_ed25519', '/lab/known_hosts'))) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true })
    writeFileSync(join(dir, rel), text)
  }
  return loadInventory([join(dir, 'inventory')])
}

describe('the HA project (W4)', () => {
  it('maps the lab hosts onto masters, etcd (= masters), lb and workers', () => {
    const groups = loadProject().groupsMap()
    expect(groups).toMatchObject({ masters: [...HA_GROUPS.masters], lb: [...HA_GROUPS.lb], workers: [...HA_GROUPS.workers] })
    expect([...(groups.etcd ?? [])].sort()).toEqual([...HA_GROUPS.masters])
    expect(groups.all).toHaveLength(7)
  })

  it.each([
    ['master1', 'ansible_host', '10.213.9.10'],
    ['worker2', 'ansible_host', '10.213.9.16'],
    ['lb2', 'master_vip', '10.213.9.250'],
    ['master3', 'etcd_install_from', 'package'],
    ['worker1', 'k8s_sysctl_kernel_keys', false],
    ['worker1', 'k8s_sysctl_bridge_keys', false],
    ['master1', 'k8s_kernel_modules', false],
    ['lb1', 'ansible_user', 'root'],
    ['lb1', 'ansible_ssh_private_key_file', '/lab/id_ed25519'],
    ['lb1', 'krun_ssh_known_hosts_file', '/lab/known_hosts'],
    // the example's group_vars come along: pki_dir beside the playbook's copy, in the project
    ['master2', 'pki_dir', '{{ playbook_dir }}/../pki'],
    ['master2', 'service_cidr', '10.254.0.0/16'],
  ])('%s has %s = %j', (host, key, want) => {
    expect(loadProject().hostVars(host)[key]).toEqual(want)
  })

  it('points ansible.cfg at the inventory directory with one fork per host', () => {
    const cfg = haProjectFiles(HOSTS, SUBNET, '/k', '/kh')['ansible.cfg']!
    expect(cfg).toMatch(/^inventory = inventory$/m)
    expect(cfg).toMatch(/^forks = 7$/m)
  })

  it('keeps the VIP inside the lab subnet', () => {
    expect(haVip(HOSTS, SUBNET)).toBe('10.213.9.250')
    expect(() => haVip(HOSTS, '10.213.8.0/24')).toThrow(/outside lab subnet/)
  })

  it('refuses a lab that is not the ha layout', () => {
    const light = [{ name: 'node1', address: '10.213.9.10' }]
    expect(() => haVip(light, SUBNET)).toThrow(/no master1/)
    expect(() => renderHaInventory(light, '/k', '/kh')).toThrow(/no host master1/)
  })
})
