import { describe, expect, it } from 'vitest'
import type { KmodFile } from '../facts/kmod.js'
import { modprobe } from './modprobe.js'
import { scriptedContext } from './testing/fake-sections.js'

/** A kernel and the module's configuration files, as the probe reports them. */
interface Kernel {
  proc?: boolean
  loaded?: boolean
  builtin?: boolean
  files?: KmodFile[]
  missing?: string[]
  noSysfs?: boolean
}

function output(k: Kernel): string {
  const files = (k.files ?? []).map((f) => `@@krun-kmod|${f.dir}|${f.path}|${Buffer.byteLength(f.content)}\n${f.content}`)
  return [`proc=${k.proc === false ? 'no' : 'yes'}\n`, k.loaded ? 'loaded=yes\nsys=yes\n' : '', k.builtin ? 'sys=yes\n' : '', k.noSysfs ? 'nosysfs\n' : '', ...(k.missing ?? []).map((d) => `nodir=${d}\n`), ...files].join('')
}
const ctxFor = (k: Kernel) => scriptedContext({}, (part) => (part.startsWith('if [ -r /proc/modules ]') ? output(k) : undefined))
const load = (f: string, content: string): KmodFile => ({ dir: '/etc/modules-load.d', path: f, content })
const conf = (f: string, content: string): KmodFile => ({ dir: '/etc/modprobe.d', path: f, content })
const put = (path: string, content: string, extra: object = {}) => ({ kind: 'put', path, content: Buffer.from(content), ...extra })
const BR = 'br_netfilter'
const state = (before: string, after: string) => ({ path: `modprobe:${BR}`, before: `state: ${before}\n`, after: `state: ${after}\n` })

describe('modprobe plans (one probe: /proc/modules, /sys/module and the files)', () => {
  it.each<[string, Record<string, unknown>, Kernel, unknown]>([
    ['not loaded: modprobe with the params', { name: BR, params: 'a=1 b="x y"' }, {},
      { changed: true, changes: [{ kind: 'exec', cmd: "modprobe br_netfilter a=1 'b=x y'", reason: 'load module br_netfilter' }], diffs: [state('absent', 'present')] }],
    ['loaded: nothing to do', { name: BR }, { loaded: true }, { changed: false, noop: 'br_netfilter is loaded' }],
    ['built in: nothing to do, and it says so', { name: 'overlay' }, { builtin: true }, { changed: false, noop: 'overlay is loaded (built into the kernel)' }],
    ['absent: modprobe -r', { name: BR, state: 'absent' }, { loaded: true },
      { changed: true, changes: [{ kind: 'exec', cmd: 'modprobe -r br_netfilter', reason: 'unload module br_netfilter' }], diffs: [state('present', 'absent')] }],
    ['absent and not loaded', { name: BR, state: 'absent' }, {}, { changed: false, noop: 'br_netfilter is not loaded' }],
    ['persistent: a modules-load.d file (and its missing directory)', { name: BR, persistent: 'present' }, { loaded: true, missing: ['/etc/modules-load.d'] },
      { changed: true, changes: [{ kind: 'exec', cmd: 'mkdir -p -- /etc/modules-load.d', reason: 'create directories /etc/modules-load.d' }, put('/etc/modules-load.d/br_netfilter.conf', 'br_netfilter\n', { mode: '0644' })],
        diffs: [{ path: '/etc/modules-load.d/br_netfilter.conf', before: null, after: 'br_netfilter\n' }] }],
    ['persistent already, in /etc/modules (modules.conf links there)', { name: BR, persistent: 'present' }, { loaded: true, files: [load('/etc/modules', '# modules\nloop\nbr_netfilter # k8s\n')] },
      { changed: false, noop: 'br_netfilter is loaded; persistent in /etc/modules' }],
    ['a commented line is not persistence', { name: BR, persistent: 'present' }, { loaded: true, files: [load('/etc/modules', '#br_netfilter\n')] },
      { changed: true, changes: [put('/etc/modules-load.d/br_netfilter.conf', 'br_netfilter\n', { mode: '0644' })], diffs: expect.any(Array) }],
    ['new options: old ones commented out wherever they are, NAME.conf written', { name: BR, persistent: 'present', params: 'nf_call=1' },
      { loaded: true, files: [load('/etc/modules-load.d/br_netfilter.conf', 'br_netfilter\n'), conf('/etc/modprobe.d/k8s.conf', 'blacklist x\noptions br_netfilter nf_call=0\n')] },
      { changed: true, changes: [put('/etc/modprobe.d/k8s.conf', 'blacklist x\n#options br_netfilter nf_call=0\n'), put('/etc/modprobe.d/br_netfilter.conf', 'options br_netfilter nf_call=1\n', { mode: '0644' })],
        diffs: [{ path: '/etc/modprobe.d/k8s.conf', before: 'blacklist x\noptions br_netfilter nf_call=0\n', after: 'blacklist x\n#options br_netfilter nf_call=0\n' },
          { path: '/etc/modprobe.d/br_netfilter.conf', before: null, after: 'options br_netfilter nf_call=1\n' }] }],
    ['the same options in another order', { name: BR, persistent: 'present', params: 'b=2 a=1' },
      { loaded: true, files: [load('/etc/modules-load.d/br_netfilter.conf', 'br_netfilter\n'), conf('/etc/modprobe.d/br_netfilter.conf', 'options br_netfilter a=1\noptions br_netfilter b=2\n')] },
      { changed: false, noop: 'br_netfilter is loaded; persistent in /etc/modules-load.d/br_netfilter.conf, options b=2 a=1' }],
    ['no params wanted: existing options are commented out', { name: BR, persistent: 'present' },
      { loaded: true, files: [load('/etc/modules', 'br_netfilter\n'), conf('/etc/modprobe.d/br_netfilter.conf', 'options br_netfilter a=1\n')] },
      { changed: true, changes: [put('/etc/modprobe.d/br_netfilter.conf', '#options br_netfilter a=1\n')], diffs: expect.any(Array) }],
    ['persistent absent: lines commented, the rest kept', { name: BR, persistent: 'absent' },
      { loaded: true, files: [load('/etc/modules', 'loop\nbr_netfilter\n'), conf('/etc/modprobe.d/br.conf', 'options br_netfilter a=1\n')] },
      { changed: true, changes: [put('/etc/modules', 'loop\n#br_netfilter\n'), put('/etc/modprobe.d/br.conf', '#options br_netfilter a=1\n')], diffs: expect.any(Array) }],
    ['persistent absent and nowhere listed', { name: BR, state: 'absent', persistent: 'absent' }, { files: [load('/etc/modules', '#br_netfilter\n')] },
      { changed: false, noop: 'br_netfilter is not loaded; not persistent' }],
    ['dash and underscore name one module', { name: 'br-netfilter', persistent: 'absent' }, { loaded: true, files: [load('/etc/modules', 'br_netfilter\n')] },
      { changed: true, changes: [put('/etc/modules', '#br_netfilter\n')], diffs: expect.any(Array) }],
  ])('%s', async (_n, args, kernel, expected) => {
    const ctx = ctxFor(kernel)
    expect(await modprobe.plan(args as never, ctx)).toEqual({ ...(expected as object), data: expect.objectContaining({ name: args.name }) })
    expect(ctx.rounds).toHaveLength(1)
  })

  it.each<[string, Record<string, unknown>, Kernel, RegExp]>([
    ['loading on a kernel without module support', { name: BR }, { proc: false }, /this kernel has no loadable module support \(\/proc\/modules is missing\) and br_netfilter is not built in/],
    ['no module support, and /sys/module hidden', { name: BR }, { proc: false, noSysfs: true }, /and whether br_netfilter is built in cannot be seen \(no \/sys\/module here\)/],
    ['unloading a built-in module', { name: 'overlay', state: 'absent' }, { builtin: true }, /cannot unload overlay: it is built into the kernel/],
    ['unloaded but loaded at boot', { name: BR, state: 'absent', persistent: 'present' }, {}, /persistent=present can't be used with state=absent/],
    ['a name that is not a module name', { name: 'br netfilter; reboot' }, {}, /invalid module name/],
  ])('%s fails', async (_n, args, kernel, msg) => {
    await expect(modprobe.plan(args as never, ctxFor(kernel))).rejects.toThrow(msg)
  })
})
