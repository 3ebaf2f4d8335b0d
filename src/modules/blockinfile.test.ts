import { describe, expect, it } from 'vitest'
import { validateArgs } from '../playbook/validate-args.js'
import { blockinfile } from './blockinfile.js'
import { fakeContext, type FakeFs } from './testing/fake-host.js'
import type { Change, Plan } from './types.js'

const B = '# BEGIN ANSIBLE MANAGED BLOCK\n'
const E = '# END ANSIBLE MANAGED BLOCK\n'
const SSHD = 'Port 22\nPermitRootLogin no\n'
const HTML = '<html>\n<body>\n</body>\n</html>\n'
const MANAGED_HTML = '<html>\n<body>\n<!-- BEGIN ANSIBLE MANAGED BLOCK -->\n<h1>Welcome</h1>\n<!-- END ANSIBLE MANAGED BLOCK -->\n</body>\n</html>\n'
const ORA = 'SID_LIST_LISTENER_DG =\n  (SID_LIST =\n    (SID_DESC = x)\n  )\n'

const FS: FakeFs = {
  '/etc': { type: 'directory' },
  '/etc/ssh': { type: 'directory' },
  '/etc/ssh/sshd_config': { content: SSHD, mode: '0600' },
  '/etc/network/interfaces': { content: `auto lo\n${B}iface eth0 inet dhcp\n${E}# end\n` },
  '/var/www/index.html': { content: HTML },
  '/var/www/managed.html': { content: MANAGED_HTML },
  '/etc/hosts': { content: '127.0.0.1 localhost' },
  '/etc/listener.ora': { content: ORA },
  '/etc/swapped': { content: `a\n${E}old\n${B}b\n` },
}

const kept = { mode: '0644', owner: 'root', group: 'root' }
const put = (path: string, content: string, extra: object = kept): Change => ({ kind: 'put', path, content: Buffer.from(content), ...extra })
const edit = (path: string, before: string | null, after: string, msg: string, changes: Change[] = [put(path, after)]): Plan => ({
  changed: true, changes, diffs: [{ path, before, after }], data: { path, msg },
})
const MATCH = 'Match User ansible-agent\nPasswordAuthentication no\n'

describe('blockinfile plans', () => {
  it.each<[string, Record<string, unknown>, Plan]>([
    ['sshd Match block with blank lines around it (Ansible example), mode kept', { path: '/etc/ssh/sshd_config', block: MATCH, append_newline: true, prepend_newline: true },
      edit('/etc/ssh/sshd_config', SSHD, `${SSHD}\n${B}${MATCH}${E}`, 'Block inserted', [put('/etc/ssh/sshd_config', `${SSHD}\n${B}${MATCH}${E}`, { ...kept, mode: '0600' })])],
    ['an existing block is replaced in place (Ansible example: /etc/network/interfaces)', { path: '/etc/network/interfaces', block: 'iface eth0 inet static\n    address 192.0.2.23\n' },
      edit('/etc/network/interfaces', `auto lo\n${B}iface eth0 inet dhcp\n${E}# end\n`, `auto lo\n${B}iface eth0 inet static\n    address 192.0.2.23\n${E}# end\n`, 'Block inserted')],
    ['the same block again: nothing to do', { path: '/etc/network/interfaces', content: 'iface eth0 inet dhcp' },
      { changed: false, noop: '/etc/network/interfaces: block already present', data: { path: '/etc/network/interfaces' } }],
    ['custom {mark} markers after <body> (Ansible example)', { path: '/var/www/index.html', marker: '<!-- {mark} ANSIBLE MANAGED BLOCK -->', insertafter: '<body>', block: '<h1>Welcome</h1>\n' },
      edit('/var/www/index.html', HTML, MANAGED_HTML, 'Block inserted')],
    ['an empty block removes it with its markers (Ansible example)', { path: '/var/www/managed.html', marker: '<!-- {mark} ANSIBLE MANAGED BLOCK -->', block: '' },
      edit('/var/www/managed.html', MANAGED_HTML, HTML, 'Block removed')],
    ['state=absent removes the block', { path: '/etc/network/interfaces', state: 'absent' },
      edit('/etc/network/interfaces', `auto lo\n${B}iface eth0 inet dhcp\n${E}# end\n`, 'auto lo\n# end\n', 'Block removed')],
    ['state=absent and no block: nothing to do', { path: '/var/www/index.html', state: 'absent' },
      { changed: false, noop: '/var/www/index.html: no block to remove', data: { path: '/var/www/index.html' } }],
    ['state=absent and no file: nothing to do', { path: '/etc/none', state: 'absent' },
      { changed: false, noop: 'File /etc/none not present', data: { path: '/etc/none' } }],
    ['per-item markers (Ansible /etc/hosts example); a last line without newline gets one', { path: '/etc/hosts', block: '10.0.0.1 db1', marker: '# {mark} ANSIBLE MANAGED BLOCK db1' },
      edit('/etc/hosts', '127.0.0.1 localhost', '127.0.0.1 localhost\n# BEGIN ANSIBLE MANAGED BLOCK db1\n10.0.0.1 db1\n# END ANSIBLE MANAGED BLOCK db1\n', 'Block inserted')],
    ['marker_begin/marker_end and insertbefore BOF', { path: '/etc/hosts', block: 'x', marker_begin: 'START', marker_end: 'STOP', insertbefore: 'BOF' },
      edit('/etc/hosts', '127.0.0.1 localhost', '# START ANSIBLE MANAGED BLOCK\nx\n# STOP ANSIBLE MANAGED BLOCK\n127.0.0.1 localhost', 'Block inserted')],
    ['a (?m) insertafter searches the whole text (Ansible listener.ora example)', { path: '/etc/listener.ora', insertafter: '(?m)SID_LIST_LISTENER_DG =\\n.*\\(SID_LIST =', block: '    (SID_DESC = y)', marker: '    <!-- {mark} -->' },
      edit('/etc/listener.ora', ORA, 'SID_LIST_LISTENER_DG =\n  (SID_LIST =\n    <!-- BEGIN -->\n    (SID_DESC = y)\n    <!-- END -->\n    (SID_DESC = x)\n  )\n', 'Block inserted')],
    ['insertbefore a pattern: before its last match', { path: '/var/www/index.html', insertbefore: '^</', block: 'x' },
      edit('/var/www/index.html', HTML, `<html>\n<body>\n</body>\n${B}x\n${E}</html>\n`, 'Block inserted')],
    ['markers in reverse order: the span between them is replaced', { path: '/etc/swapped', block: 'new' },
      edit('/etc/swapped', `a\n${E}old\n${B}b\n`, `a\n${B}new\n${E}b\n`, 'Block inserted')],
    ['create a missing file in a missing directory, with backup and validate on the put', { path: '/etc/ssh/conf.d/x.conf', create: true, block: 'X 1', backup: true, validate: 'sshd -T -f %s' },
      { changed: true, changes: [{ kind: 'exec', cmd: 'mkdir -p -- /etc/ssh/conf.d', reason: 'create directories /etc/ssh/conf.d' }, put('/etc/ssh/conf.d/x.conf', `${B}X 1\n${E}`, { validate: 'sshd -T -f %s' })],
        diffs: [{ path: '/etc/ssh/conf.d', before: 'state: absent\n', after: 'state: directory\n' }, { path: '/etc/ssh/conf.d/x.conf', before: null, after: `${B}X 1\n${E}` }],
        data: { path: '/etc/ssh/conf.d/x.conf', msg: 'File created' } }],
  ])('%s', async (_n, args, expected) => {
    expect(await blockinfile.plan(args as never, fakeContext(FS))).toEqual(expected)
  })

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['no file without create', { path: '/etc/none', block: 'x' }, /^Path \/etc\/none does not exist !$/],
    ['a directory', { path: '/etc', block: 'x' }, /^Path \/etc is a directory !$/],
    ['insertafter and insertbefore', { path: '/etc/hosts', block: 'x', insertafter: 'a', insertbefore: 'b' }, /mutually exclusive: insertbefore\|insertafter/],
    ['a bad insertafter pattern', { path: '/etc/hosts', block: 'x', insertafter: '[a' }, /insertafter is not a valid regular expression/],
  ])('%s fails', async (_n, args, msg) => {
    await expect(blockinfile.plan(args as never, fakeContext(FS))).rejects.toThrow(msg)
  })

  it.each<[Record<string, unknown>, string | undefined]>([
    [{ path: '/x', content: 'a', marker: '## {mark}', append_newline: 'yes' }, undefined],
    [{ path: '/x', block: null }, undefined],
    [{ block: 'a' }, "blockinfile: missing required argument 'path' (or 'dest', 'destfile', 'name')"],
    [{ path: '/x', blok: 'a' }, "blockinfile: unknown argument 'blok' (did you mean 'block'?)"],
  ])('load-time check of %j', (args, msg) => {
    const check = (): void => validateArgs(blockinfile, args, { file: 'site.yml', line: 3 }, { ignoreTemplated: true })
    if (msg) expect(check).toThrow(msg)
    else expect(check).not.toThrow()
  })
})
