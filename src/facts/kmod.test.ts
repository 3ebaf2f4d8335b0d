import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { kmodCommand, namePattern, parseKmod } from './kmod.js'

const file = (dir: string, path: string, content: string): string => `@@krun-kmod|${dir}|${path}|${Buffer.byteLength(content)}\n${content}`

describe('parseKmod', () => {
  it.each<[string, string, object]>([
    ['a loaded module', 'proc=yes\nloaded=yes\nsys=yes\n', { loadable: true, loaded: true, builtin: false, files: [], missingDirs: [] }],
    ['a built-in module (modules.builtin)', 'proc=yes\nbuiltin=yes\n', { loadable: true, loaded: false, builtin: true }],
    ['built in, seen only under /sys/module', 'proc=yes\nsys=yes\n', { loaded: false, builtin: true }],
    ['a kernel without module support', 'proc=no\nsys=yes\nnodir=/etc/modprobe.d\n', { loadable: false, builtin: true, sysfs: true, missingDirs: ['/etc/modprobe.d'] }],
    ['a container that hides /sys/module', 'proc=no\nnosysfs\n', { loadable: false, builtin: false, sysfs: false }],
    ['absent everywhere', 'proc=yes\n', { loadable: true, loaded: false, builtin: false }],
  ])('%s', (_n, out, expected) => expect(parseKmod(out)).toMatchObject(expected))

  it('files are read by their byte count: markers, missing final newlines and UTF-8 inside survive', () => {
    const tricky = 'br_netfilter # pont été\n@@krun-kmod|fake|x|3\nno newline'
    const out = `proc=yes\n${file('/etc/modules-load.d', '/etc/modules', tricky)}${file('/etc/modprobe.d', '/etc/modprobe.d/br_netfilter.conf', 'options br_netfilter a=1\n')}`
    expect(parseKmod(out).files).toEqual([
      { dir: '/etc/modules-load.d', path: '/etc/modules', content: tricky },
      { dir: '/etc/modprobe.d', path: '/etc/modprobe.d/br_netfilter.conf', content: 'options br_netfilter a=1\n' },
    ])
  })
})

describe('kmodCommand', () => {
  it('dash and _ are one character to the kernel', () => {
    expect(namePattern('br-net_filter')).toBe('br[-_]net[-_]filter')
    expect(kmodCommand('br-netfilter')).toContain("grep -q '^br_netfilter ' /proc/modules")
  })
  // the lab's overlay mounts need the overlay module: it is loaded or built in on this machine
  it.each([['overlay', true], ['krun_no_such_module', false]])('runs read-only under dash on this machine: %s present is %s', (name, present) => {
    const facts = parseKmod(execFileSync('dash', ['-c', kmodCommand(name)]).toString())
    expect(facts.loaded || facts.builtin).toBe(present)
    expect(facts.loadable).toBe(existsSync('/proc/modules'))
  })
})
