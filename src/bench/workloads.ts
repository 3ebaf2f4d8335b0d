/**
 * The bench's workloads: which playbook (the same file for krun and ansible-playbook), how
 * hosts are reset before a cold run, what a correct run reports, and the floor's commands.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sh } from '../connection/quote.js'
import type { ContenderName } from './contenders.js'
import type { BenchHost } from './ssh-pool.js'

/** The repository root (this file is src/bench/ or dist/bench/). */
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
/** bench/workloads: playbooks, files and templates. */
export const WORKLOADS_DIR = join(REPO, 'bench', 'workloads')

/** One command the floor runs on a host (one exec, one round trip). */
export interface FloorStep {
  cmd: string
  stdin?: string
}

/** A workload as the harness runs it. */
export interface Workload {
  id: 'W1' | 'W2' | 'W3' | 'W3r' | 'W4'
  title: string
  playbook: string
  /** 'light': N light hosts; 'ha': the 7 systemd hosts of the HA layout (python for Ansible). */
  layout: 'light' | 'ha'
  /** sh command run on every host before each run (a cold start); absent: a rerun on what the last run left. */
  reset?: string
  /** Run with --check. */
  check?: boolean
  /** Apply the playbook once with krun before the warm-up (W4: --check after a full apply). */
  applyFirst?: boolean
  /** Changed tasks per host that a correct run reports. */
  expectChanged?: number
  /** The floor's steps on a host; absent: no floor for this workload. */
  floor?: (h: BenchHost) => FloorStep[]
  /** Contenders that cannot run this workload, and why (the table and the JSON say so instead of a number). */
  na?: Partial<Record<ContenderName, string>>
}

const file = (rel: string): string => readFileSync(join(WORKLOADS_DIR, rel), 'utf8')

/** One idempotent round trip that writes `content` to `dest` unless it is already there. */
export function putStep(dest: string, content: string, opts: { mode?: string; owner?: string } = {}): FloorStep {
  const sum = `${createHash('sha1').update(content).digest('hex')}  -`
  const tmp = `${dest}.floor-tmp`
  const fix = [opts.owner && sh`chown ${opts.owner} ${tmp}`, opts.mode && sh`chmod ${opts.mode} ${tmp}`].filter(Boolean)
  const write = [sh`cat > ${tmp}`, ...fix, sh`mv ${tmp} ${dest}`].join(' && ')
  return { cmd: `[ "$(sha1sum 2>/dev/null < ${sh`${dest}`})" = ${sh`${sum}`} ] || { ${write}; }`, stdin: content }
}

/** Renders the W3 templates as Ansible would: they only substitute these variables. */
export function renderSimple(text: string, vars: Record<string, string | number>): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m))
}

const W1_RESET = 'userdel -r pyinfra >/dev/null 2>&1; rm -rf /opt/pyinfra /var/log/pyinfra.log'
const W3_RESET = 'rm -rf /opt/krun-bench'

function w1Floor(): FloorStep[] {
  return [
    { cmd: 'getent passwd pyinfra >/dev/null || useradd -m -d /opt/pyinfra -s /bin/bash pyinfra' },
    { cmd: 'f=/var/log/pyinfra.log; [ -e $f ] || touch $f; chown pyinfra $f && chmod 0777 $f' },
    putStep('/opt/pyinfra/test_file.txt', file('files/test_file.txt'), { owner: 'pyinfra' }),
    { cmd: 'echo "hi!"' },
  ]
}

function w3Floor(h: BenchHost): FloorStep[] {
  const dir = '/opt/krun-bench'
  const vars = { inventory_hostname: h.name, app_name: 'bench', app_port: 8080 }
  const steps: FloorStep[] = [{ cmd: sh`mkdir -p ${dir} && chmod 0755 ${dir}` }]
  for (let i = 1; i <= 7; i++) steps.push(putStep(`${dir}/conf-${i}.txt`, file(`files/conf-${i}.txt`), { mode: '0644' }))
  for (let i = 1; i <= 6; i++) steps.push(putStep(`${dir}/app-${i}.conf`, renderSimple(file(`templates/app-${i}.conf.j2`), vars), { mode: '0644' }))
  for (let i = 1; i <= 6; i++) steps.push({ cmd: sh`mkdir -p ${`${dir}/d${i}`} && chmod 0750 ${`${dir}/d${i}`}` })
  return steps
}

/** The HA playbook W4 runs, when it exists. */
export const HA_PLAYBOOK = join(REPO, 'playbooks', 'ha-cluster.yml')

/** Why only krun runs W4: the playbook uses krun's own modules, and nobody wrote it as one ssh2 script. */
export const W4_NA: Partial<Record<ContenderName, string>> = {
  ansible: 'krun modules (cfssl, kubeconfig, etcdctl)',
  floor: 'no ssh2 script for the HA playbook',
}

/** Every workload, in the order the harness runs them (W2 and W3r reuse the state left before them). */
export function allWorkloads(): Workload[] {
  const w1 = join(WORKLOADS_DIR, 'w1.yml')
  const w3 = join(WORKLOADS_DIR, 'w3.yml')
  return [
    { id: 'W1', title: 'pyinfra workload, cold', playbook: w1, layout: 'light', reset: W1_RESET, expectChanged: 4, floor: w1Floor },
    { id: 'W2', title: 'pyinfra workload, nothing to change', playbook: w1, layout: 'light', expectChanged: 1, floor: w1Floor },
    { id: 'W3', title: '20 copy/file/template tasks, cold', playbook: w3, layout: 'light', reset: W3_RESET, expectChanged: 20, floor: w3Floor },
    { id: 'W3r', title: '20 copy/file/template tasks, rerun', playbook: w3, layout: 'light', expectChanged: 0, floor: w3Floor },
    { id: 'W4', title: 'ha-cluster.yml --check after apply', playbook: HA_PLAYBOOK, layout: 'ha', check: true, applyFirst: true, expectChanged: 0, na: W4_NA },
  ]
}

/** Whether a workload can run here (W4 needs the HA playbook). */
export function missingReason(w: Workload): string | undefined {
  return existsSync(w.playbook) ? undefined : `${w.playbook.slice(REPO.length + 1)} not present`
}
