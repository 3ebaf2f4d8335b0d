import { describe, expect, it } from 'vitest'
import { inSubnet, renderConfig, renderInventory } from './project.js'

describe('inSubnet (the bench only reaches the lab bridge)', () => {
  it.each([
    ['10.213.7.10', '10.213.7.0/24', true],
    ['10.213.8.10', '10.213.7.0/24', false],
    ['172.29.3.254', '172.29.3.0/24', true],
    ['8.8.8.8', '10.213.7.0/24', false],
    ['10.213.7.10', '', false],
    ['example.com', '10.213.7.0/24', false],
  ])('%s in %s: %s', (a, c, want) => expect(inSubnet(a, c)).toBe(want))
})

describe('project files', () => {
  it('tunes Ansible as its users are told: pipelining, ControlPersist, forks = N, no host key checking', () => {
    const cfg = renderConfig(50)
    expect(cfg).toMatch(/^forks = 50$/m)
    expect(cfg).toMatch(/^pipelining = True$/m)
    expect(cfg).toMatch(/ControlPersist=60s/)
    expect(cfg).toMatch(/^host_key_checking = False$/m)
  })

  it('lists every host with its address under its groups', () => {
    const inv = renderInventory([{ name: 'node1', address: '10.213.7.10' }, { name: 'node2', address: '10.213.7.11' }], { nodes: ['node1', 'node2'] }, '/k')
    expect(inv).toContain('[nodes]\nnode1 ansible_host=10.213.7.10\nnode2 ansible_host=10.213.7.11\n')
    expect(inv).toContain('ansible_ssh_private_key_file=/k')
  })
})
