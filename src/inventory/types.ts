/** One host as the inventory defines it. */
export interface Host {
  name: string
  /** Inline and host_vars variables (host level only). */
  vars: Record<string, unknown>
  /** Groups the host is directly in (not 'all'). */
  groups: string[]
  /** True for the implicit localhost that Ansible creates on demand (not in 'all'). */
  implicit?: boolean
  /** The inventory file the host was first read from (Ansible's inventory_file). */
  source?: string
}

export interface Group {
  name: string
  /** Hosts listed directly in this group, in order of first appearance. */
  hosts: string[]
  children: string[]
  vars: Record<string, unknown>
}

/**
 * The merged inventory: every source (-i may repeat) plus group_vars/host_vars beside it.
 * 'all' and 'ungrouped' always exist.
 */
export interface Inventory {
  hosts: Map<string, Host>
  groups: Map<string, Group>
  /** Files the inventory was read from, for messages. */
  sources: string[]
  /** Non-fatal problems Ansible would warn about (unexpected YAML keys, skipped files). */
  warnings?: string[]
  /** Variables of a host from the inventory: groups by depth (all first, parent before child, then by name), then host vars. */
  hostVars(host: string): Record<string, unknown>
  /** Every group the host is in, directly or through children, sorted, without 'all' (Ansible's group_names). */
  groupNames(host: string): string[]
  /** group name -> hosts, all groups incl. 'all' and 'ungrouped' (Ansible's `groups`). */
  groupsMap(): Record<string, string[]>
}
