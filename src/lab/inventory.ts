/**
 * Lab shapes (host names and groups) and the inventory.ini a lab writes for krun and Ansible.
 */
import type { HostState } from './state.js'

/** One planned host: its name and the groups it is directly in. */
export interface PlannedHost {
  name: string
  groups: string[]
}

/** Host names and groups: `node1..nodeN` in [nodes], or the HA layout (3 masters = etcd, 2 lb, 2 workers). */
export function planHosts(opts: { hosts?: number; layout?: 'ha' }): PlannedHost[] {
  if (opts.layout === 'ha') {
    return [
      ...[1, 2, 3].map((i) => ({ name: `master${i}`, groups: ['masters'] })),
      ...[1, 2].map((i) => ({ name: `lb${i}`, groups: ['lb'] })),
      ...[1, 2].map((i) => ({ name: `worker${i}`, groups: ['workers'] })),
    ]
  }
  const n = opts.hosts ?? 3
  return Array.from({ length: n }, (_, i) => ({ name: `node${i + 1}`, groups: ['nodes'] }))
}

/** Groups -> host names, plus `children` groups (etcd = masters in the HA layout). */
export function groupsOf(planned: readonly PlannedHost[], layout?: 'ha'): { groups: Record<string, string[]>; children: Record<string, string[]> } {
  const groups: Record<string, string[]> = {}
  for (const h of planned) for (const g of h.groups) (groups[g] ??= []).push(h.name)
  return { groups, children: layout === 'ha' ? { etcd: ['masters'] } : {} }
}

/** Renders inventory.ini: each host with ansible_host, root user and the lab's key. */
export function renderInventory(
  hosts: readonly Pick<HostState, 'name' | 'address'>[],
  groups: Record<string, string[]>,
  children: Record<string, string[]>,
  keyPath: string,
  knownHostsPath: string,
): string {
  const byName = new Map(hosts.map((h) => [h.name, h]))
  const line = (n: string): string => `${n} ansible_host=${byName.get(n)?.address ?? n}`
  const out: string[] = ['# written by `krun lab up`; removed by `krun lab down`']
  for (const [g, names] of Object.entries(groups)) out.push('', `[${g}]`, ...names.map(line))
  for (const [g, kids] of Object.entries(children)) out.push('', `[${g}:children]`, ...kids)
  out.push(
    '',
    '[all:vars]',
    'ansible_user=root',
    `ansible_ssh_private_key_file=${keyPath}`,
    // krun reads the lab's own known_hosts from this var; Ansible from the ssh args below.
    `krun_ssh_known_hosts_file=${knownHostsPath}`,
    // For Ansible side by side: the lab's own known_hosts, never the user's.
    `ansible_ssh_common_args='-o UserKnownHostsFile=${knownHostsPath} -o StrictHostKeyChecking=yes'`,
    '',
  )
  return out.join('\n')
}
