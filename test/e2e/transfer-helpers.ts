/** Playbooks and helpers of modules-transfer.test.ts (the transfer modules on lab hosts). */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Run } from './helpers.js'
import type { LabProject } from './lab-project.js'

export const sha = (b: string | Buffer): string => createHash('sha256').update(b).digest('hex')

/** Makes files/<name>.tgz and .zip of app/{bin/run,etc/app.conf} in the project, every time fixed so only content differs. */
export function archive(lp: LabProject, name: string, conf: string): Buffer {
  const tree = join(lp.dir, `tree-${name}`)
  mkdirSync(join(tree, 'app/bin'), { recursive: true })
  mkdirSync(join(tree, 'app/etc'), { recursive: true })
  writeFileSync(join(tree, 'app/bin/run'), '#!/bin/sh\necho run\n', { mode: 0o755 })
  writeFileSync(join(tree, 'app/etc/app.conf'), conf)
  mkdirSync(join(lp.dir, 'files'), { recursive: true })
  const tgz = join(lp.dir, 'files', `${name}.tgz`)
  execFileSync('sh', ['-c', 'find "$1" -exec touch -h -d @1704164645 {} + && tar -C "$1" -czf "$2" app && cd "$1" && zip -qr "$3" app', 'sh', tree, tgz, join(lp.dir, 'files', `${name}.zip`)])
  return readFileSync(tgz)
}


/** Path, mode, size and link target of everything under the paths the playbooks touch, and every file's sha256. */
export const hostState = (lp: LabProject, h: string): Promise<string> =>
  lp.onHost(h, 'find /opt /srv /root -xdev -printf "%p %m %s %l\\n" | sort; find /opt /srv /root -xdev -type f -exec sha256sum {} + | sort')

/** The host_result events of a task. */
export const results = (run: Run, task: string): Array<Record<string, unknown>> => run.events.filter((e) => e.event === 'host_result' && e.task === task)
export const resultOf = (run: Run, task: string, host: string): Record<string, unknown> | undefined => results(run, task).find((e) => e.host === host)
export const msgOf = (run: Run, task: string, host: string): string => String(resultOf(run, task, host)?.msg)

/** The +/- lines of a task's diff patches on a host (without the ---/+++ headers). */
export const patchLines = (run: Run, task: string, host: string): string[] =>
  ((resultOf(run, task, host)?.diffs ?? []) as Array<{ patch?: string }>)
    .flatMap((d) => (d.patch ?? '').split('\n'))
    .filter((l) => /^[-+]/.test(l) && !/^(---|\+\+\+) /.test(l))

/** Every transfer module, applied (vars: base, gw, port, tool_sha). */
export const SITE = `
- hosts: all
  gather_facts: no
  tasks:
    - name: tool by checksum
      get_url: { url: "{{ base }}/tool.bin", dest: /opt/tool.bin, checksum: "sha256:{{ tool_sha }}", mode: "0755" }
    - name: archive by checksum file
      get_url: { url: "{{ base }}/app.tgz", dest: /opt/, checksum: "sha256:{{ base }}/SHA256SUMS" }
    - name: dirs
      file: { path: "{{ item }}", state: directory }
      loop: [/srv/local, /srv/remote]
    - name: unarchive from the controller
      unarchive: { src: app.tgz, dest: /srv/local }
    - name: unarchive on the host
      unarchive: { src: /opt/app.tgz, dest: /srv/remote, remote_src: yes, mode: "u=rwX,g=rX,o=" }
    - name: start something later
      shell: nohup sh -c 'sleep 1; echo ready > /run/krun-ready' >/dev/null 2>&1 &
      args: { creates: /run/krun-ready }
    - name: wait for the file
      wait_for: { path: /run/krun-ready, search_regex: "^ready", timeout: 20, sleep: 0.2 }
    - name: wait for sshd
      wait_for: { port: 22 }
    - name: wait for the web server
      wait_for: { host: "{{ gw }}", port: "{{ port }}", timeout: 10 }
    - name: nothing on 2222
      wait_for: { port: 2222, state: stopped, timeout: 5 }
    - name: slurp
      slurp: { src: /etc/hostname }
      register: hn
    - name: decoded copy
      copy: { content: "{{ hn.content | b64decode }}", dest: /root/hostname.copy }
    - name: fetch
      fetch: { src: /etc/hostname, dest: fetched }
    - name: pause
      pause: { seconds: 1 }
    - name: prompt
      pause: { prompt: Check the hosts }
`

/** Changed arguments for --check --diff (vars: base, tool2_sha). */
export const CHANGED = `
- hosts: all
  gather_facts: no
  tasks:
    - name: tool v2
      get_url: { url: "{{ base }}/v2/tool.bin", dest: /opt/tool.bin, checksum: "sha256:{{ tool2_sha }}", mode: "0755" }
    - name: unarchive app2
      unarchive: { src: app2.tgz, dest: /srv/local }
    - name: fetch
      fetch: { src: /etc/hostname, dest: fetched }
`

/** What cannot work (vars: base; h1 = the host without a downloader, bad = a wrong sha256). */
export const failing = (h1: string, bad: string): string => `
- hosts: all
  gather_facts: no
  tasks:
    - name: only on the target
      get_url: { url: "{{ base }}/tool.bin", dest: /opt/t2.bin, download_on: target }
      when: inventory_hostname == "${h1}"
      ignore_errors: yes
    - name: wrong checksum
      get_url: { url: "{{ base }}/tool.bin", dest: /opt/t3.bin, checksum: "sha256:${bad}" }
      ignore_errors: yes
    - name: zip upload
      copy: { src: app.zip, dest: /opt/app.zip }
    - name: zip without unzip
      unarchive: { src: /opt/app.zip, dest: /srv/remote, remote_src: yes }
      ignore_errors: yes
    - name: never open
      wait_for: { port: 2222, timeout: 1, msg: nothing listens on 2222 }
      ignore_errors: yes
`
