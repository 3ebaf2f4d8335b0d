/** Project files of modules-files.test.ts: copy, template, file, command, shell, stat and the local modules. */

/** Everything the playbooks touch lives under this root on the hosts. */
export const R = '/srv/krun-files'

/** Seeds each host: a file to back up, a tree to remove, a marker for `removes`. */
export const SEED = `rm -rf ${R} && mkdir -p ${R}/obsolete/sub && echo x > ${R}/obsolete/sub/x && printf 'old=0\\n' > ${R}/backed.conf && touch ${R}/marker`

/**
 * Mode, owner, group of every directory; type, mode, owner, group, size, links, link target and
 * mtime of everything else; every file's sha256. Directory mtimes are left out: a validator's
 * temporary file beside its target is created and removed, as in Ansible.
 */
export const SNAPSHOT = [
  `cd ${R}`,
  `find . -type d -printf '%p %y %m %u %g\\n' | sort`,
  `find . ! -type d -printf '%p %y %m %u %g %s %n %l %T@\\n' | sort`,
  'find . -type f -print0 | sort -z | xargs -0 sha256sum',
].join(' && ')

/** Type, mode, owner, group, links and link target of every entry (the backup's time stamp masked). */
export const LISTING = `cd ${R} && find . -printf '%p %y %m %u %g %n %l\\n' | sed -e 's/[.][0-9-]*@[0-9:]*~/.TIME~/' -e 's/ $//' | sort`

/** Files the project ships: a file and a directory tree under files/, a role with a template. */
export const PROJECT: Record<string, string> = {
  'files/banner.txt': 'Authorized use only.\n',
  'files/tree/a.txt': 'a\n',
  'files/tree/sub/b.txt': 'b\n',
  'files/tree/sub/deeper/c.txt': 'c\n',
  'roles/site/tasks/main.yml': `- name: template
  template: {src: site.conf.j2, dest: '${R}/{{ item }}.conf', mode: '0644'}
  loop: [site, mirror]
`,
  'roles/site/templates/site.conf.j2': `# {{ item }} of {{ inventory_hostname }}
role = {{ app_role }}
{% for p in ports %}
listen {{ p }}
{% endfor %}
`,
}

/** Host vars beside the inventory: what differs between the two hosts. */
export const hostVars = (role: string): string => `app_role: ${role}\n`

/** One playbook with every module; -e changes its arguments for the --check --diff step. */
export const PLAYBOOK = `- hosts: all
  gather_facts: false
  vars:
    greeting: welcome
    backup_value: 1
    banner_mode: '0640'
    tls_port: 443
    ports: [80, '{{ tls_port }}']
    dir_mode: u=rwx,g=rx,o=
    touch_mode: '0600'
    link_src: motd.txt
    tree_mode: u=rwX,g=rX,o=
  roles: [site]
  tasks:
    - name: copy content
      copy: {content: "{{ greeting }}\\n", dest: ${R}/motd.txt}
    - name: copy src
      copy: {src: banner.txt, dest: ${R}/etc/, mode: '{{ banner_mode }}'}
    - name: copy tree
      copy: {src: tree, dest: ${R}/}
    - name: copy backup
      copy: {content: "new={{ backup_value }}\\n", dest: ${R}/backed.conf, backup: yes}
    - name: copy validate
      copy: {content: "#!/bin/sh\\necho ok\\n", dest: ${R}/run.sh, mode: '0755', validate: /bin/sh -n %s}
    - name: copy force no
      copy: {content: "{{ greeting }}\\n", dest: ${R}/keep.txt, force: no}
    - name: file directory
      file: {path: ${R}/app, state: directory, mode: '{{ dir_mode }}'}
    - name: file touch
      file: {path: ${R}/app/touched, state: touch, mode: '{{ touch_mode }}', modification_time: preserve, access_time: preserve}
    - name: file link
      file: {src: '{{ link_src }}', dest: ${R}/current.txt, state: link}
    - name: file hard
      file: {src: ${R}/motd.txt, dest: ${R}/hard.txt, state: hard}
    - name: file absent
      file: {path: ${R}/obsolete, state: absent}
    - name: file recurse
      file: {path: ${R}/tree, state: directory, recurse: yes, owner: nobody, group: nogroup, mode: '{{ tree_mode }}'}
    - name: command argv
      command: {argv: [touch, '${R}/made by argv'], creates: '${R}/made by argv'}
    - name: command stdin
      command: tee tee.txt
      args: {chdir: ${R}, stdin: from stdin, creates: tee.txt}
    - name: command removes
      command: rm marker
      args: {chdir: ${R}, removes: marker}
    - name: shell chdir
      shell: pwd > where.txt && id -un >> where.txt
      args: {chdir: ${R}/app, creates: ${R}/app/where.txt}
    - name: shell unguarded
      shell: echo run >> ${R}/runs.log
    - name: stat
      stat: {path: ${R}/motd.txt}
      register: st
    - name: stat used
      copy: {content: "{{ st.stat.checksum }} {{ st.stat.mode }} {{ st.stat.pw_name }} {{ st.stat.nlink }}\\n", dest: ${R}/motd.sum}
      when: st.stat.exists and st.stat.isreg and not st.stat.islnk
    - name: stat says no
      file: {path: ${R}/never, state: touch}
      when: st.stat.isdir
    - name: assert
      assert: {that: ["st.stat.size == 8", "st.stat.gr_name == 'root'"], success_msg: motd checked}
    - name: set_fact
      set_fact: {motd_sum: '{{ st.stat.checksum }}'}
    - name: debug
      debug: {msg: 'sum {{ motd_sum }}'}
    - name: fail
      fail: {msg: never}
      when: st.stat.islnk
    - name: meta
      meta: noop
`

/** A validator that rejects the new content: the task fails and the file keeps its bytes. */
export const INVALID = `- hosts: all
  gather_facts: false
  tasks:
    - copy: {content: "if then fi\\n", dest: ${R}/run.sh, validate: /bin/sh -n %s}
`

/** One broken task per module, on line 5 of its playbook: [module, task line, expected message]. */
export const BROKEN: Array<[string, string, RegExp]> = [
  ['copy', 'copy: {content: x}', /^copy: missing required argument 'dest'$/],
  ['template', 'template: {src: a.j2, dset: /tmp/x}', /^template: unknown argument 'dset' \(did you mean 'dest'\?\)$/],
  ['file', 'file: {path: /tmp/x, state: dir}', /^file: argument 'state' must be one of file, directory, absent, link, hard, touch$/],
  ['command', 'command: {cmd: ls, chdri: /tmp}', /^command: unknown argument 'chdri' \(did you mean 'chdir'\?\)$/],
  ['shell', 'shell: {chdir: /tmp, creates: /tmp/x}', /^shell: missing required argument 'cmd'$/],
  ['stat', 'stat: {follow: yes}', /^stat: missing required argument 'path'$/],
  ['assert', 'assert: {msg: x}', /^assert: missing required argument 'that'$/],
  ['fail', 'fail: {mesg: x}', /^fail: unknown argument 'mesg' \(did you mean 'msg'\?\)$/],
  ['debug', 'debug: {mgs: x}', /^debug: unknown argument 'mgs' \(did you mean 'msg'\?\)$/],
  ['meta', 'meta: explode', /^meta: argument '_raw_params' must be one of flush_handlers, /],
]
