import { execFileSync } from 'node:child_process'
import { hostname } from 'node:os'
import { describe, expect, it } from 'vitest'
import { factsToVars, gatherCommand, gatherFacts, parseGather } from './gather.js'
import { distributionFacts, ipv4Network, parseOsRelease } from './gather-parse.js'

const COMMON = `@@env
HOME=/root
PATH=/usr/sbin:/usr/bin:/sbin:/bin
@@hostname
etcd1
@@fqdn
etcd1.lab.example
@@uname
etcd1
Linux
6.1.0-18-amd64
x86_64
#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)
@@os_release
PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION_CODENAME=bookworm
ID=debian
@@debian_version
12.5
@@service_mgr
systemd
@@meminfo
MemTotal:        2013456 kB
MemFree:          912344 kB
SwapTotal:             0 kB
@@cpuinfo
processor	: 0
physical id	: 0
cpu cores	: 2
processor	: 1
physical id	: 0
cpu cores	: 2
@@nproc
2
@@user
root
0
0
@@date
1706789012|2024-02-01|12:03:32|UTC|+0000
`

// a Debian 12 systemd-nspawn host with iproute2
const WITH_IP = `${COMMON}@@ip_route
default via 10.88.0.1 dev eth0 proto static
@@ip_addr
1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever
2: eth0    inet 10.88.0.11/24 brd 10.88.0.255 scope global eth0\\       valid_lft forever preferred_lft forever
2: eth0    inet 10.88.0.100/32 scope global eth0:vip\\       valid_lft forever preferred_lft forever
`

// a minimal Debian without iproute2: /proc/net/route and hostname -I
const WITHOUT_IP = `${COMMON}@@proc_route
Iface	Destination	Gateway 	Flags	RefCnt	Use	Metric	Mask		MTU	Window	IRTT
eth0	0058000A	00000000	0001	0	0	0	00FFFFFF	0	0	0
eth0	00000000	0100580A	0003	0	0	0	00000000	0	0	0
@@hostname_i
192.168.7.3 10.88.0.11 fd00::11 
`

describe('parseGather', () => {
  it('names facts as Ansible does (Debian, systemd, with ip)', () => {
    expect(parseGather(WITH_IP)).toMatchObject({
      hostname: 'etcd1',
      fqdn: 'etcd1.lab.example',
      nodename: 'etcd1',
      os_family: 'Debian',
      distribution: 'Debian',
      distribution_version: '12.5',
      distribution_major_version: '12',
      distribution_release: 'bookworm',
      architecture: 'x86_64',
      kernel: '6.1.0-18-amd64',
      service_mgr: 'systemd',
      memtotal_mb: 1966,
      processor_vcpus: 2,
      processor_count: 1,
      processor_cores: 2,
      user_id: 'root',
      env: { HOME: '/root', PATH: '/usr/sbin:/usr/bin:/sbin:/bin' },
      default_ipv4: { address: '10.88.0.11', interface: 'eth0', gateway: '10.88.0.1', netmask: '255.255.255.0', network: '10.88.0.0', prefix: '24', broadcast: '10.88.0.255' },
      all_ipv4_addresses: ['10.88.0.11', '10.88.0.100'],
      date_time: { epoch: '1706789012', date: '2024-02-01', iso8601: '2024-02-01T12:03:32Z' },
    })
  })
  it('finds the default address without ip, from /proc/net/route and hostname -I', () => {
    expect(parseGather(WITHOUT_IP)).toMatchObject({
      default_ipv4: { address: '10.88.0.11', interface: 'eth0', gateway: '10.88.0.1' },
      all_ipv4_addresses: ['192.168.7.3', '10.88.0.11'],
    })
  })
  it('falls back to the kernel name when hostname -f gives nothing, and shortens the hostname', () => {
    const out = WITH_IP.replace('@@hostname\netcd1\n@@fqdn\netcd1.lab.example\n', '@@hostname\nweb1.example.org\n@@fqdn\n')
    expect(parseGather(out)).toMatchObject({ hostname: 'web1', fqdn: 'web1.example.org' })
  })
  it('gives each fact an ansible_ name and the ansible_facts dict', () => {
    const vars = factsToVars({ hostname: 'etcd1', os_family: 'Debian' })
    expect(vars).toEqual({ ansible_hostname: 'etcd1', ansible_os_family: 'Debian', ansible_facts: { hostname: 'etcd1', os_family: 'Debian' } })
  })
})

describe('distributionFacts', () => {
  it.each([
    ['ID=ubuntu\nID_LIKE=debian\nVERSION_ID="22.04"\nVERSION_CODENAME=jammy', '', { distribution: 'Ubuntu', os_family: 'Debian', distribution_version: '22.04', distribution_major_version: '22', distribution_release: 'jammy' }],
    ['ID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.3"', '', { distribution: 'Rocky', os_family: 'RedHat', distribution_version: '9.3', distribution_major_version: '9' }],
    ['ID=debian\nVERSION_CODENAME=trixie', 'trixie/sid', { distribution: 'Debian', os_family: 'Debian', distribution_version: '' }],
    ['ID=myos\nID_LIKE=debian\nNAME="My OS"\nVERSION_ID=3', '', { distribution: 'My OS', os_family: 'Debian' }],
  ])('%j', (osr, debianVersion, expected) => {
    expect(distributionFacts(parseOsRelease(osr), debianVersion)).toMatchObject(expected)
  })
})

it('ipv4Network computes mask and network', () => {
  expect(ipv4Network('172.16.5.9', 20)).toEqual({ netmask: '255.255.240.0', network: '172.16.0.0' })
})

it('the real command runs under dash on this machine in one exec', async () => {
  const probe = { exec: async (cmd: string) => ({ rc: 0, stdout: execFileSync('/bin/sh', ['-c', cmd]).toString(), stderr: '' }) }
  const vars = await gatherFacts(probe)
  expect(vars.ansible_nodename).toBe(hostname())
  expect(vars.ansible_architecture).toBe(process.arch === 'x64' ? 'x86_64' : vars.ansible_architecture)
  expect(Number(vars.ansible_processor_vcpus)).toBeGreaterThan(0)
  expect(vars.ansible_facts).toMatchObject({ nodename: hostname() })
  expect(gatherCommand()).not.toContain('bash')
})
