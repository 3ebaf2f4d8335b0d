import { describe, expect, it } from 'vitest'
import { makeScope } from './scope.js'
import { createTemplar } from './templar.js'

const t = createTemplar()
const scope = makeScope([{ svc: '10.254.0.0/16', host: '192.168.1.10/24', nets: ['10.0.0.1', 'fe80::1', 'bogus', '172.16.0.0/12'] }], t)
const ev = (expr: string): unknown => t.evaluate(expr, scope)

describe('network filters', () => {
  it.each([
    ['svc | ansible.utils.nthhost(1)', '10.254.0.1'],
    ['svc | nthhost(2)', '10.254.0.2'],
    ['svc | nthhost(-1)', '10.254.255.255'],
    ['"10.0.0.0/30" | nthhost(9)', false],
    ['svc | ipaddr("net")', '10.254.0.0/16'],
    ['host | ipaddr("net")', false],
    ['svc | ipaddr("address")', false],
    ['host | ipaddr("address")', '192.168.1.10'],
    ['"192.168.1.10" | ipaddr("address")', '192.168.1.10'],
    ['svc | ipaddr("netmask")', '255.255.0.0'],
    ['svc | ipaddr("prefix")', 16],
    ['host | ipaddr("network")', '192.168.1.0'],
    ['host | ipaddr("subnet")', '192.168.1.0/24'],
    ['host | ipaddr("broadcast")', '192.168.1.255'],
    ['host | ipaddr("host")', '192.168.1.10/24'],
    ['svc | ipaddr("size")', 65536],
    ['svc | ipaddr(2)', '10.254.0.2/16'],
    ['svc | ipaddr("2")', '10.254.0.2/16'],
    ['svc | ipaddr(-1)', '10.254.255.255/16'],
    ['svc | ipaddr("first_usable")', '10.254.0.1'],
    ['svc | ipaddr("last_usable")', '10.254.255.254'],
    ['"192.168.0.1/255.255.255.0" | ipaddr("prefix")', 24],
    ['svc | ipaddr', '10.254.0.0/16'],
    ['"bogus" | ipaddr', false],
    ['"10.254.3.4" | ipaddr("10.254.0.0/16")', '10.254.3.4'],
    ['"10.255.3.4" | ipaddr("10.254.0.0/16")', false],
    ['nets | ipaddr', ['10.0.0.1', 'fe80::1', '172.16.0.0/12']],
    ['nets | ipv4', ['10.0.0.1', '172.16.0.0/12']],
    ['nets | ipv6', ['fe80::1']],
    ['"10.0.0.1" | ipv4', '10.0.0.1'],
    ['"10.0.0.1" | ipv6', false],
    ['"10.0.0.1" | ipaddr("private")', '10.0.0.1'],
    ['"8.8.8.8" | ipaddr("public")', '8.8.8.8'],
    ['"10.254.0.1" | ipmath(9)', '10.254.0.10'],
    ['"10.254.0.1/16" | ansible.utils.ipmath(-2)', '10.253.255.255'],
    ['"2001:db8::/64" | ipaddr(5)', '2001:db8::5/64'],
    ['"2001:db8:0:0:1:0:0:1/64" | ipaddr("address")', '2001:db8::1:0:0:1'],
    ['"2001:db8::/32" | ipaddr("netmask")', 'ffff:ffff::'],
    ['"::ffff:10.0.0.1" | ipaddr("ipv6")', '::ffff:a00:1'],
    ['"2001:db8::1" | ipwrap', '[2001:db8::1]'],
    ['"10.0.0.1" | ipwrap', '10.0.0.1'],
    ['"10.0.0.1" | ansible.netcommon.ipaddr("revdns")', '1.0.0.10.in-addr.arpa.'],
  ])('%s', (expr, expected) => {
    expect(ev(expr)).toEqual(expected)
  })

  it.each([['"nope" | nthhost(1)'], ['"nope" | ipmath(1)'], ['"255.255.255.255" | ipmath(1)'], ['svc | ipaddr("frobnicate")']])(
    '%s is a template error',
    (expr) => {
      expect(() => ev(expr)).toThrow(expect.objectContaining({ code: 'E_TEMPLATE' }))
    },
  )
})
