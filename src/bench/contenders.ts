/**
 * The three contenders and how each is started for a workload: krun, ansible-playbook
 * (tuned through the project's ansible.cfg) and the floor script.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FloorSpec } from './floor.js'
import { measure, reapSshMasters, type Sample } from './measure.js'
import type { BenchProject } from './project.js'
import { REPO, type Workload } from './workloads.js'

/** A contender's name. */
export type ContenderName = 'krun' | 'ansible' | 'floor'

/** All contenders, in the order the harness alternates them. */
export const CONTENDERS: readonly ContenderName[] = ['krun', 'ansible', 'floor']

/** Whether a contender can run a workload (W4: krun only; the floor needs its own script). */
export function runs(c: ContenderName, w: Workload): boolean {
  return !w.na?.[c] && (c !== 'floor' || !!w.floor)
}

/** The playbook file a workload runs in a project: the project's own copy when it has one. */
export function playbookIn(w: Workload, p: BenchProject): string {
  return p.playbooks?.[w.playbook] ?? w.playbook
}

/** krun's command line for a workload: the shipped CLI, so Node start-up is in the figure. */
export function krunArgv(w: Workload, p: BenchProject, extra: string[] = []): string[] {
  return [process.execPath, join(REPO, 'bin', 'krun.js'), playbookIn(w, p), '-i', p.inventoryPath, ...(w.check ? ['--check'] : []), ...extra]
}

/** Runs one contender once on the project's hosts. */
export async function runContender(c: ContenderName, w: Workload, p: BenchProject, env: NodeJS.ProcessEnv = {}): Promise<Sample & { stdout: string; stderr: string }> {
  const base = { ANSIBLE_CONFIG: p.cfgPath, ...env }
  if (c === 'krun') return measure(krunArgv(w, p), { cwd: p.dir, env: base })
  if (c === 'ansible') {
    // a fresh ControlPath per run: every run pays its own handshakes, as krun's does
    const cp = mkdtempSync(join(p.dir, 'cp-'))
    try {
      const s = await measure(['ansible-playbook', playbookIn(w, p), '-i', p.inventoryPath, ...(w.check ? ['--check'] : [])], {
        cwd: p.dir,
        env: { ...base, ANSIBLE_SSH_CONTROL_PATH_DIR: cp, ANSIBLE_NOCOLOR: '1' },
      })
      s.cpuMs += reapSshMasters(cp)
      return s
    } finally {
      rmSync(cp, { recursive: true, force: true })
    }
  }
  const spec: FloorSpec = { keyPath: p.keyPath, hosts: p.hosts.map((h) => ({ ...h, steps: w.floor?.(h) ?? [] })) }
  const specPath = join(p.dir, `floor-${w.id}.json`)
  writeFileSync(specPath, JSON.stringify(spec))
  return measure([process.execPath, join(REPO, 'dist', 'bench', 'floor.js'), specPath], { cwd: p.dir, env: base })
}
