import { Ajv } from 'ajv'
import { describe, expect, it } from 'vitest'
import { SYSTEM_MODULES } from './group-system.js'
import type { AnyModule } from './types.js'

// the playbook loader's settings (strict: the schemas must also compile in strict mode, see index.test.ts)
const ajv = new Ajv({ allErrors: true, strict: false })
const valid = (name: keyof typeof SYSTEM_MODULES, args: object): boolean => ajv.validate((SYSTEM_MODULES[name] as AnyModule).schema, args)

describe('system module schemas: what Ansible users write is accepted', () => {
  it.each<[keyof typeof SYSTEM_MODULES, object]>([
    ['systemd', { name: 'etcd', state: 'started', enabled: 'yes', daemon_reload: true }],
    ['systemd', { service: 'etcd', masked: false, no_block: 'no', scope: 'system', force: true }],
    ['systemd', { 'daemon-reload': 'yes' }],
    ['systemd', { daemon_reexec: true }],
    ['sysctl', { name: 'net.ipv4.ip_forward', value: 1, sysctl_set: 'yes', reload: false, ignoreerrors: 'no' }],
    ['sysctl', { key: 'net.core.somaxconn', val: '4096', sysctl_file: '/etc/sysctl.d/k8s.conf' }],
    ['sysctl', { name: 'net.ipv4.ip_forward', state: 'absent' }],
    ['modprobe', { name: 'br_netfilter', state: 'present', params: 'a=1', persistent: 'present' }],
    ['modprobe', { name: 'br_netfilter', state: 'absent', persistent: 'absent' }],
    ['hostname', { name: 'web1', use: 'systemd' }],
    ['timezone', { name: 'Europe/Paris', hwclock: 'UTC' }],
  ])('%s %j', (name, args) => expect(valid(name, args)).toBe(true))
})

describe('system module schemas: mistakes fail at load', () => {
  it.each<[keyof typeof SYSTEM_MODULES, object]>([
    ['systemd', { name: 'etcd' }],
    ['systemd', { state: 'started' }],
    ['systemd', { name: 'etcd', state: 'running' }],
    ['systemd', { name: 'etcd', state: 'started', scope: 'user' }],
    ['systemd', { name: 'etcd', enable: true }],
    ['sysctl', { name: 'net.ipv4.ip_forward' }],
    ['sysctl', { value: 1 }],
    ['sysctl', { name: 'net.ipv4.ip_forward', value: [1] }],
    ['sysctl', { name: 'net.ipv4.ip_forward', value: 1, state: 'latest' }],
    ['modprobe', { name: 'br_netfilter', state: 'absent', persistent: 'present' }],
    ['modprobe', { name: 'br_netfilter', persistent: 'yes' }],
    ['modprobe', { state: 'present' }],
    ['hostname', { name: 'web1', use: 'windows' }],
    ['hostname', {}],
    ['timezone', { zone: 'Europe/Paris' }],
  ])('%s %j', (name, args) => expect(valid(name, args)).toBe(false))
})
