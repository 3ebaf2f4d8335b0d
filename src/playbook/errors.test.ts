import { join, relative } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { KrunError } from '../core/errors.js'
import { loadPlaybook } from './load-playbook.js'
import { FAKE_MODULES, fixture, removeFixtures } from './testing.js'

afterAll(removeFixtures)

const play = (tasks: string): string => `- hosts: all\n  gather_facts: no\n  tasks:\n${tasks}\n`

type Case = [what: string, files: Record<string, string>, code: string, file: string, line: number, message: RegExp]

const cases: Case[] = [
  ['bad YAML (unclosed bracket: points at the opener)', { 'pb.yml': '- hosts: all\n  tasks: [\n    {debug: msg=1}\n' }, 'E_YAML', 'pb.yml', 2, /^YAML syntax error: '\[' is never closed \(missing \]\)$/],
  ['misaligned key', { 'pb.yml': '- hosts: all\n  vars:\n    a: 1\n   b: 2\n' }, 'E_YAML', 'pb.yml', 4, /^YAML syntax error: bad indentation: this line does not line up/],
  ['unclosed quote', { 'pb.yml': play('    - debug:\n        msg: "abc\n    - debug: msg=2') }, 'E_YAML', 'pb.yml', 5, /^YAML syntax error: '"' is never closed/],
  ['unquoted template value', { 'pb.yml': play('    - debug:\n        msg: {{ x }}') }, 'E_YAML', 'pb.yml', 5, /^unquoted template \{\{ x \}\}: .*quote the whole value/],
  ['template syntax error in when', { 'pb.yml': play('    - debug: msg=1\n      when: x ==') }, 'E_TEMPLATE_SYNTAX', 'pb.yml', 5, /^when: template syntax error in "x ==": unexpected end of expression$/],
  ['template syntax error in an argument', { 'pb.yml': play('    - debug:\n        msg: "{{ x }"') }, 'E_TEMPLATE_SYNTAX', 'pb.yml', 5, /^debug: argument 'msg': template syntax error in "\{\{ x \}": expected variable end$/],
  ['loop over a literal that is not a list', { 'pb.yml': play('    - debug: msg=1\n      loop: 3') }, 'E_LOOP', 'pb.yml', 5, /'loop' requires a list .*got number 3/],
  ['boolean keyword with a word that is not one', { 'pb.yml': play('    - debug: msg=1\n      become: maybe') }, 'E_KEYWORD_TYPE', 'pb.yml', 5, /'become' must be a boolean .* got 'maybe'/],
  ['tab in indentation', { 'pb.yml': '- hosts: all\n\ttasks: []\n' }, 'E_YAML_TAB', 'pb.yml', 2, /tab character in indentation/],
  ['duplicate key', { 'pb.yml': play('    - debug: msg=1\n      debug: msg=2') }, 'E_YAML_DUPLICATE_KEY', 'pb.yml', 5, /^duplicate key 'debug'$/],
  ['several documents', { 'pb.yml': '- hosts: a\n---\n- hosts: b\n' }, 'E_YAML', 'pb.yml', 2, /more than one YAML document/],
  ['!vault value', { 'pb.yml': '- hosts: all\n  vars:\n    pw: !vault |\n      $ANSIBLE_VAULT;1.1;AES256\n' }, 'E_YAML_VAULT', 'pb.yml', 3, /vault values are not supported yet/],
  ['unknown module', { 'pb.yml': play('    - name: x\n      cpoy: src=a dest=b') }, 'E_UNKNOWN_MODULE', 'pb.yml', 5, /^unknown module 'cpoy' \(did you mean 'copy'\?\)$/],
  ['typo in a keyword', { 'pb.yml': play('    - debug: msg=1\n      whenn: x') }, 'E_UNKNOWN_KEYWORD', 'pb.yml', 5, /^unknown keyword 'whenn' \(did you mean 'when'\?\)$/],
  ['two modules', { 'pb.yml': play('    - debug: msg=1\n      shell: ls') }, 'E_MULTIPLE_MODULES', 'pb.yml', 5, /more than one module: 'debug' and 'shell'/],
  ['no module', { 'pb.yml': play('    - name: nothing\n      when: x') }, 'E_NO_MODULE', 'pb.yml', 4, /task has no module \(keys: name, when\)/],
  ['wrong argument type', { 'pb.yml': play('    - copy:\n        dest: /x\n        force: [1]') }, 'E_ARGS', 'pb.yml', 6, /^copy: argument 'force' must be boolean$/],
  ['unknown argument', { 'pb.yml': play('    - copy:\n        src: a\n        dst: /b') }, 'E_ARGS', 'pb.yml', 6, /^copy: unknown argument 'dst' \(did you mean 'dest'\?\)$/],
  ['value not in enum', { 'pb.yml': play('    - file: path=/x state=dir') }, 'E_ARGS', 'pb.yml', 4, /^file: argument 'state' must be one of file, directory, link, absent, touch$/],
  ['missing required argument', { 'pb.yml': play('    - copy: src=a') }, 'E_ARGS', 'pb.yml', 4, /^copy: missing required argument 'dest'$/],
  ['stray word in k=v arguments', { 'pb.yml': play('    - copy: src=a dest') }, 'E_ARGS', 'pb.yml', 4, /^copy: expected key=value arguments, got 'dest'$/],
  ['missing vars_file', { 'pb.yml': '- hosts: all\n  vars_files:\n    - vars/a.yml\n    - vars/nope.yml\n', 'vars/a.yml': 'a: 1\n' }, 'E_MISSING_FILE', 'pb.yml', 4, /vars file not found: .*vars\/nope\.yml/],
  ['missing role', { 'pb.yml': '- hosts: all\n  roles:\n    - etcd\n' }, 'E_MISSING_ROLE', 'pb.yml', 3, /^role 'etcd' not found$/],
  ['unknown handler', { 'pb.yml': play('    - debug: msg=1\n      notify: restart etdc') + '  handlers:\n    - name: restart etcd\n      debug: msg=r\n' }, 'E_UNKNOWN_HANDLER', 'pb.yml', 5, /no handler named 'restart etdc' \(did you mean 'restart etcd'\?\)/],
  ['cyclic import_tasks', { 'pb.yml': play('    - import_tasks: a.yml'), 'a.yml': '- debug: msg=a\n- import_tasks: b.yml\n', 'b.yml': '- import_tasks: a.yml\n' }, 'E_IMPORT_CYCLE', 'b.yml', 1, /import cycle: .*a\.yml -> .*b\.yml -> .*a\.yml$/],
  ['cyclic import_playbook', { 'pb.yml': '- import_playbook: other.yml\n', 'other.yml': '- hosts: a\n- import_playbook: pb.yml\n' }, 'E_IMPORT_CYCLE', 'other.yml', 2, /import cycle: .*pb\.yml -> .*other\.yml -> .*pb\.yml$/],
  ['unknown play keyword', { 'pb.yml': '- hosts: all\n  taks: []\n' }, 'E_UNKNOWN_KEYWORD', 'pb.yml', 2, /^unknown play keyword 'taks' \(did you mean 'tasks'\?\)$/],
  ['play without hosts', { 'pb.yml': '- name: x\n  tasks: []\n' }, 'E_PLAY', 'pb.yml', 1, /play has no 'hosts'/],
  ['missing include_tasks file', { 'pb.yml': play('    - include_tasks: nope.yml') }, 'E_MISSING_FILE', 'pb.yml', 4, /include_tasks: file not found/],
  ['unsupported keyword', { 'pb.yml': play('    - shell: sleep 9\n      async: 10') }, 'E_UNSUPPORTED_KEYWORD', 'pb.yml', 5, /keyword 'async' is not supported by krun/],
  ['two loops', { 'pb.yml': play('    - debug: msg=1\n      loop: [1]\n      with_items: [2]') }, 'E_LOOP', 'pb.yml', 6, /both 'loop' and 'with_items'/],
  ['module inside a block', { 'pb.yml': play('    - block: []\n      debug: msg=1') }, 'E_UNKNOWN_KEYWORD', 'pb.yml', 5, /unknown block keyword 'debug'/],
  ['templated import_tasks', { 'pb.yml': play('    - import_tasks: "{{ x }}.yml"') }, 'E_IMPORT_TEMPLATED', 'pb.yml', 4, /use include_tasks/],
  ['missing role tasks_from', { 'pb.yml': play('    - import_role: {name: r, tasks_from: nope}'), 'roles/r/tasks/main.yml': '[]' }, 'E_MISSING_FILE', 'pb.yml', 4, /role r: tasks\/nope not found/],
  ['bad keyword type', { 'pb.yml': play('    - debug: msg=1\n      when: {a: 1}') }, 'E_KEYWORD_TYPE', 'pb.yml', 5, /'when' must be a condition/],
]

describe('broken playbooks fail at load with one positioned error', () => {
  it.each(cases)('%s', (_what, files, code, file, line, message) => {
    const dir = fixture(files)
    let err: unknown
    try {
      loadPlaybook(join(dir, 'pb.yml'), { modules: FAKE_MODULES })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(KrunError)
    const k = err as KrunError
    expect({ code: k.code, file: relative(dir, k.pos?.file ?? ''), line: k.pos?.line }).toEqual({ code, file, line })
    expect(k.message).toMatch(message)
    expect(k.format()).toMatch(new RegExp(`^${join(dir, file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${line}:\\d+: `))
  })
})
