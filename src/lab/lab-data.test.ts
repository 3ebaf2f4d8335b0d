import { describe, expect, it } from 'vitest'
import { parseDeb822, parseSourcesList, pickMirror } from './apt-sources.js'
import { packageList, treeHash } from './base-tree.js'
import { groupsOf, planHosts, renderInventory } from './inventory.js'
import { candidateSubnets, linkNames, overlaps, pickSubnet } from './net.js'

describe('apt sources', () => {
  const deb822 = `Types: deb
# http://snapshot.example/archive/debian/20250520T000000Z
URIs: http://mirror.example/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://mirror.example/debian-security
Suites: bookworm-security
Components: main

Types: deb-src
URIs: http://src.example/debian
Suites: bookworm
Components: main

Enabled: no
Types: deb
URIs: http://disabled.example/debian
Suites: bookworm
Components: main
`
  it('reads deb822 stanzas, skipping deb-src and disabled ones', () => {
    const s = parseDeb822(deb822)
    expect(s.map((x) => x.uri)).toEqual(['http://mirror.example/debian', 'http://mirror.example/debian-security'])
    expect(pickMirror(s, 'bookworm')).toMatchObject({ uri: 'http://mirror.example/debian', signedBy: '/usr/share/keyrings/debian-archive-keyring.gpg' })
  })

  it('reads one-line sources and picks the one serving the suite with main', () => {
    const s = parseSourcesList(
      '# deb http://commented.example/debian bookworm main\ndeb https://vendor.example/apt cloud-sdk-bookworm main\ndeb [arch=amd64 signed-by=/k.gpg] http://m.example/debian bookworm main contrib\n',
    )
    expect(pickMirror(s, 'bookworm')).toEqual({ uri: 'http://m.example/debian', suites: ['bookworm'], components: ['main', 'contrib'], signedBy: '/k.gpg' })
    expect(pickMirror(s, 'trixie')).toBeUndefined()
  })
})

describe('base tree key', () => {
  it('has no python unless asked, and HA extras for the HA layout', () => {
    expect(packageList({})).not.toContain('python3')
    expect(packageList({ withPython: true })).toContain('python3')
    expect(packageList({ layout: 'ha' })).toEqual(expect.arrayContaining(['etcd-server', 'etcd-client', 'haproxy', 'keepalived', 'openssh-server']))
  })
  it('hashes the package set, not its order', () => {
    expect(treeHash('bookworm', packageList({ packages: ['jq', 'curl'] }))).toBe(treeHash('bookworm', packageList({ packages: ['curl', 'jq'] })))
    expect(treeHash('bookworm', packageList({}))).not.toBe(treeHash('bookworm', packageList({ withPython: true })))
  })
  it('refuses package names that are not Debian names', () => {
    expect(() => packageList({ packages: ['x; rm -rf /'] })).toThrow(/not a Debian package name/)
  })
})

describe('subnets', () => {
  it.each([
    [{ addr: '10.213.5.0', prefix: 24 }, { addr: '10.213.5.77', prefix: 32 }, true],
    [{ addr: '10.213.5.0', prefix: 24 }, { addr: '10.213.6.1', prefix: 24 }, false],
    [{ addr: '10.213.5.0', prefix: 24 }, { addr: '10.0.0.0', prefix: 8 }, true],
    [{ addr: '10.213.5.0', prefix: 24 }, { addr: '0.0.0.0', prefix: 0 }, true],
    [{ addr: '172.29.0.0', prefix: 24 }, { addr: '172.16.0.0', prefix: 12 }, true],
  ])('%j overlaps %j: %s', (a, b, want) => {
    expect(overlaps(a, b)).toBe(want)
  })

  it('skips networks the machine uses', () => {
    const [first, second] = candidateSubnets('lab')
    const used = [{ addr: first!, prefix: 24 }, { addr: '192.0.2.2', prefix: 24 }]
    expect(pickSubnet('lab', used)).toBe(second)
  })

  it('moves to 172.29.x when 10.213.x is taken whole', () => {
    expect(pickSubnet('lab', [{ addr: '10.213.0.0', prefix: 16 }])).toMatch(/^172\.29\.\d+\.0$/)
  })

  it('keeps interface names within 15 characters', () => {
    const n = linkNames('a-very-long-lab-name')
    expect(n.bridge.length).toBeLessThanOrEqual(15)
    expect(n.veth(199).length).toBeLessThanOrEqual(15)
    expect(linkNames('ssh').bridge).toBe('krbr-ssh')
  })
})

describe('inventory', () => {
  it('plans the HA layout: 3 masters (= etcd), 2 lb, 2 workers', () => {
    const planned = planHosts({ layout: 'ha', hosts: 99 })
    const { groups, children } = groupsOf(planned, 'ha')
    expect(groups).toEqual({ masters: ['master1', 'master2', 'master3'], lb: ['lb1', 'lb2'], workers: ['worker1', 'worker2'] })
    expect(children).toEqual({ etcd: ['masters'] })
  })

  it('renders hosts with address, root and the lab key', () => {
    const planned = planHosts({ hosts: 2 })
    const { groups, children } = groupsOf(planned)
    const ini = renderInventory([{ name: 'node1', address: '10.1.1.10' }, { name: 'node2', address: '10.1.1.11' }], groups, children, '/lab/key', '/lab/kh')
    expect(ini).toContain('[nodes]\nnode1 ansible_host=10.1.1.10\nnode2 ansible_host=10.1.1.11\n')
    expect(ini).toContain('[all:vars]\nansible_user=root\nansible_ssh_private_key_file=/lab/key\nkrun_ssh_known_hosts_file=/lab/kh\n')
  })
})
