import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { results, changedLines, expectLoadError } from './module-results.js'
import { startLabProject, type LabProject } from './lab-project.js'
import { recap } from './helpers.js'

/**
 * lineinfile, blockinfile and replace on 2 systemd lab hosts: apply (changed), apply again
 * (ok, with each module's no-op reason), --check --diff with changed arguments (changed, the
 * exact lines, no byte changed on the hosts), and bad arguments refused at load with file:line.
 */
const DIR = '/etc/krun-text'
const SUDOERS = '/etc/sudoers.d/krun-text'
let lp: LabProject
let hosts: string[]

const PLAYBOOK = `- hosts: all
  gather_facts: false
  vars:
    selinux: enforcing
    listen: 10.0.0.9
    db2_ip: 10.0.0.2
  tasks:
    - name: SELinux mode
      lineinfile: {path: ${DIR}/selinux, regexp: '^SELINUX=', line: 'SELINUX={{ selinux }}'}
    - name: Sudoers drop-in
      lineinfile:
        path: ${SUDOERS}
        create: true
        mode: '0440'
        regexp: '^%krun '
        line: '%krun ALL=(ALL) NOPASSWD: ALL'
        validate: /usr/sbin/visudo -cf %s
    - name: Through a link
      lineinfile: {path: ${DIR}/current.conf, line: b=2}
    - name: Hosts block
      blockinfile:
        path: ${DIR}/hosts
        marker: '# {mark} KRUN HOSTS'
        block: |
          10.0.0.1 db1
          {{ db2_ip }} db2
    - name: Listen address
      replace: {path: ${DIR}/sshd_config, regexp: '^(ListenAddress[ ]+)[^\\n]+$', replace: '\\g<1>{{ listen }}'}
`

const SEED = [
  `mkdir -p ${DIR} && rm -f ${SUDOERS}`,
  `printf 'SELINUX=disabled\\nSELINUXTYPE=targeted\\n' > ${DIR}/selinux`,
  `printf 'a=1\\n' > ${DIR}/real.conf && ln -sfn real.conf ${DIR}/current.conf`,
  `printf '127.0.0.1 localhost\\n' > ${DIR}/hosts`,
  `printf 'Port 22\\nListenAddress 10.0.0.1\\nPermitRootLogin no\\n' > ${DIR}/sshd_config && chmod 0600 ${DIR}/sshd_config`,
].join(' && ')

/** Every entry's type, mode, size and link target, and every file's hash: "no byte changed" made checkable. */
const SNAPSHOT = `find ${DIR} ${SUDOERS} -printf '%p %y %m %s %l\\n' | sort; sha256sum ${DIR}/*.conf ${DIR}/selinux ${DIR}/hosts ${DIR}/sshd_config ${SUDOERS}`

beforeAll(async () => {
  lp = await startLabProject({ name: 'm-text', hosts: 2 })
  hosts = lp.lab.hosts.map((h) => h.name)
  await Promise.all(hosts.map((h) => lp.onHost(h, SEED)))
  lp.write('text.yml', PLAYBOOK)
}, 300_000)

afterAll(async () => {
  await lp?.stop()
})

describe('text modules on lab hosts', () => {
  it('apply: every task changes every host, and the files are exactly as Ansible would leave them', async () => {
    const run = await lp.krun('text.yml')
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    for (const h of hosts) expect(recap(run)[h]).toMatchObject({ changed: 5, failed: 0 })
    for (const h of hosts) {
      expect(await lp.onHost(h, `cat ${DIR}/selinux`)).toBe('SELINUX=enforcing\nSELINUXTYPE=targeted\n')
      expect(await lp.onHost(h, `cat ${SUDOERS}; stat -c '%a %U' ${SUDOERS}`)).toBe('%krun ALL=(ALL) NOPASSWD: ALL\n440 root\n')
      // written through the link: the link stays a link
      expect(await lp.onHost(h, `readlink ${DIR}/current.conf; cat ${DIR}/real.conf`)).toBe('real.conf\na=1\nb=2\n')
      expect(await lp.onHost(h, `cat ${DIR}/hosts`)).toBe('127.0.0.1 localhost\n# BEGIN KRUN HOSTS\n10.0.0.1 db1\n10.0.0.2 db2\n# END KRUN HOSTS\n')
      expect(await lp.onHost(h, `cat ${DIR}/sshd_config; stat -c %a ${DIR}/sshd_config`)).toBe('Port 22\nListenAddress 10.0.0.9\nPermitRootLogin no\n600\n')
    }
  })

  it('apply again: nothing changes, and each module says why', async () => {
    const run = await lp.krun('text.yml')
    expect(run.code).toBe(0)
    for (const h of hosts) expect(recap(run)[h]).toMatchObject({ changed: 0, ok: 5 })
    const reasons = Object.fromEntries(results(run).filter((e) => e.host === hosts[0]).map((e) => [e.task, e.msg]))
    expect(reasons).toEqual({
      'SELinux mode': `${DIR}/selinux: line already present`,
      'Sudoers drop-in': `${SUDOERS}: line already present; attributes match`,
      'Through a link': `${DIR}/current.conf: line already present`,
      'Hosts block': `${DIR}/hosts: block already present`,
      'Listen address': `${DIR}/sshd_config: 1 match(es), already as wanted`,
    })
  })

  it('--check --diff with changed arguments: changed, exactly the lines that change, no byte changed', async () => {
    const before = await Promise.all(hosts.map((h) => lp.onHost(h, SNAPSHOT)))
    const run = await lp.krun('text.yml', '--check', '--diff', '-e', 'selinux=permissive listen=0.0.0.0 db2_ip=10.0.0.3')
    expect(run.code).toBe(0)
    expect(await Promise.all(hosts.map((h) => lp.onHost(h, SNAPSHOT)))).toEqual(before)
    for (const h of hosts) expect(recap(run)[h]).toMatchObject({ changed: 3, ok: 5 })
    const diffs = Object.fromEntries(results(run, 'changed').filter((e) => e.host === hosts[1]).map((e) => [e.task, changedLines(e)]))
    expect(diffs).toEqual({
      'SELinux mode': ['-SELINUX=enforcing', '+SELINUX=permissive'],
      'Hosts block': ['-10.0.0.2 db2', '+10.0.0.3 db2'],
      'Listen address': ['-ListenAddress 10.0.0.9', '+ListenAddress 0.0.0.0'],
    })
  })

  it('a line visudo rejects: the task fails and the file keeps every byte', async () => {
    lp.write('invalid.yml', `- hosts: all\n  gather_facts: false\n  tasks:\n    - lineinfile: {path: ${SUDOERS}, regexp: '^%krun ', line: '%krun ALL=(ALL', validate: '/usr/sbin/visudo -cf %s'}\n`)
    const before = await Promise.all(hosts.map((h) => lp.onHost(h, SNAPSHOT)))
    const run = await lp.krun('invalid.yml')
    expect(run.code).toBe(2)
    const failed = results(run, 'failed')
    expect(failed.map((e) => e.host).sort()).toEqual([...hosts].sort())
    expect(String(failed[0]?.msg)).toMatch(/^failed to validate \/etc\/sudoers\.d\/krun-text: Command failed with exit code 1: \/usr\/sbin\/visudo -cf %s/)
    expect(await Promise.all(hosts.map((h) => lp.onHost(h, SNAPSHOT)))).toEqual(before)
  })

  it.each([
    ['lineinfile', '    - lineinfile: {path: /tmp/x, regexp: a}\n', /lineinfile: missing required argument 'line' \(or 'value'\)/],
    ['blockinfile', '    - blockinfile: {path: /tmp/x, blok: a}\n', /blockinfile: unknown argument 'blok' \(did you mean 'block'\?\)/],
    ['replace', '    - replace: {path: /tmp/x, replace: b}\n', /replace: missing required argument 'regexp'/],
  ])('%s with bad arguments: exit 1 at load, one ERROR with file:line', (name, task, msg) => expectLoadError(lp, name, task, msg))
})
