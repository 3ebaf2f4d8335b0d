/**
 * W4's project: the shipped HA content (playbooks/, roles/, the example inventory's group_vars)
 * wired to the bench's `ha` lab, as test/e2e/ha-lab.ts sets it up for the end-to-end test.
 * The playbook runs from the project's own copy, so pki_dir ({{ playbook_dir }}/../pki) and
 * k8s_bin_dir land in the scratch directory, never in the repository.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type { LabInfo } from '../lab/index.js'
import { inSubnet, labHosts, labSubnet, renderConfig, type BenchProject } from './project.js'
import type { BenchHost } from './ssh-pool.js'
import { REPO } from './workloads.js'

/** Group -> lab host names: the example inventory's groups (etcd = children of masters). */
export const HA_GROUPS = { masters: ['master1', 'master2', 'master3'], lb: ['lb1', 'lb2'], workers: ['worker1', 'worker2'] } as const

/** The lab's own settings over the example's group_vars/all.yml (the values of the e2e test). */
export function haLabVars(vip: string): string {
  return [
    '# The lab: a VIP in its subnet that no host uses; etcd from the distribution packages;',
    "# no vm.*/fs.* or bridge sysctls and no modprobe (the hosts share this machine's kernel).",
    `master_vip: ${vip}`,
    'etcd_install_from: package',
    'k8s_sysctl_kernel_keys: false',
    'k8s_sysctl_bridge_keys: false',
    'k8s_kernel_modules: false',
    '',
  ].join('\n')
}

/** The VIP: .250 of master1's /24 (lab hosts are .10 upwards); throws if it falls outside `subnet`. */
export function haVip(hosts: readonly BenchHost[], subnet: string): string {
  const m1 = hosts.find((h) => h.name === HA_GROUPS.masters[0])
  if (!m1) throw new Error(`bench: the lab has no ${HA_GROUPS.masters[0]}: not an ha layout (hosts: ${hosts.map((h) => h.name).join(', ')})`)
  const vip = m1.address.replace(/\.\d+$/, '.250')
  if (!inSubnet(vip, subnet)) throw new Error(`bench: VIP ${vip} is outside lab subnet '${subnet}'`)
  return vip
}

/** inventory/hosts.ini: masters, etcd (children: masters), lb, workers; every group host must be in the lab. */
export function renderHaInventory(hosts: readonly BenchHost[], keyPath: string, knownHostsPath: string): string {
  const addr = new Map(hosts.map((h) => [h.name, h.address]))
  const group = (g: string, names: readonly string[]): string[] => [
    `[${g}]`,
    ...names.map((n) => {
      const a = addr.get(n)
      if (!a) throw new Error(`bench: the ha lab has no host ${n} (group ${g})`)
      return `${n} ansible_host=${a}`
    }),
    '',
  ]
  return [
    ...group('masters', HA_GROUPS.masters),
    '[etcd:children]', 'masters', '',
    ...group('lb', HA_GROUPS.lb),
    ...group('workers', HA_GROUPS.workers),
    '[all:vars]', 'ansible_user=root', `ansible_ssh_private_key_file=${keyPath}`, `krun_ssh_known_hosts_file=${knownHostsPath}`, '',
  ].join('\n')
}

/** Files of the HA project relative to its directory (the copied playbooks/ and roles/ aside). */
export function haProjectFiles(hosts: readonly BenchHost[], subnet: string, keyPath: string, knownHostsPath: string): Record<string, string> {
  return {
    'ansible.cfg': renderConfig(hosts.length, 'inventory'),
    'inventory/hosts.ini': renderHaInventory(hosts, keyPath, knownHostsPath),
    'inventory/group_vars/all/00-cluster.yml': readFileSync(join(REPO, 'inventory', 'group_vars', 'all.yml'), 'utf8'),
    'inventory/group_vars/all/10-lab.yml': haLabVars(haVip(hosts, subnet)),
  }
}

/** Writes the HA project for an `ha` lab into a fresh temporary directory. */
export function makeHaProject(lab: LabInfo): BenchProject {
  const hosts = labHosts(lab)
  const files = haProjectFiles(hosts, labSubnet(lab), lab.keyPath, lab.knownHostsPath)
  const dir = mkdtempSync(join(tmpdir(), `krun-bench-${lab.name}-`))
  try {
    for (const d of ['playbooks', 'roles']) cpSync(join(REPO, d), join(dir, d), { recursive: true })
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true })
      writeFileSync(join(dir, rel), text)
    }
  } catch (e) {
    rmSync(dir, { recursive: true, force: true })
    throw e
  }
  const playbooks = Object.fromEntries(['ha-cluster.yml'].map((f) => [join(REPO, 'playbooks', f), join(dir, 'playbooks', f)]))
  return {
    dir,
    cfgPath: join(dir, 'ansible.cfg'),
    inventoryPath: join(dir, 'inventory'),
    keyPath: lab.keyPath,
    hosts,
    playbooks,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}
