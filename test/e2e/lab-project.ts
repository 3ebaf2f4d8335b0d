import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { labDown, labUp, type LabInfo, type LabUpOptions } from '../../src/lab/index.js'
import { krun, type Run } from './helpers.js'

const pexec = promisify(execFile)

/** A lab plus a scratch project directory wired to it: what an end-to-end test on real hosts needs. */
export interface LabProject {
  lab: LabInfo
  /** Scratch project directory (playbooks are written here); removed by stop(). */
  dir: string
  /** Inventory file in dir: the lab's hosts under their lab names, plus `extra` lines. */
  inventory: string
  /** Inventory name -> address. */
  addresses: Record<string, string>
  /** Runs a command on a host with OpenSSH itself, so checks do not trust krun's transport. Rejects on rc != 0. */
  onHost(host: string, cmd: string): Promise<string>
  /** Writes a file into the project (e.g. a playbook) and returns its path. */
  write(rel: string, content: string): string
  /** Runs krun with --json on the lab inventory from the project directory. */
  krun(...args: string[]): Promise<Run>
  stop(): Promise<void>
}

/**
 * Brings up a lab named `name` (after removing a stale one of that name) and a project
 * directory with an inventory for it. Call stop() in afterAll.
 */
export async function startLabProject(opts: LabUpOptions & { inventoryExtra?: string }): Promise<LabProject> {
  await labDown(opts.name)
  const lab = await labUp(opts)
  const dir = mkdtempSync(join(tmpdir(), `krun-${opts.name}-`))
  const addresses = Object.fromEntries(lab.hosts.map((h) => [h.name, h.address]))
  const inventory = join(dir, 'inventory.ini')
  writeFileSync(inventory, `${readFileSync(lab.inventoryPath, 'utf8')}\n${opts.inventoryExtra ?? ''}\n`)
  const write = (rel: string, content: string): string => {
    const p = join(dir, rel)
    mkdirSync(dirname(p), { recursive: true })
    writeFileSync(p, content)
    return p
  }
  return {
    lab,
    dir,
    inventory,
    addresses,
    async onHost(host, cmd) {
      const { stdout } = await pexec('ssh', ['-i', lab.keyPath, '-o', `UserKnownHostsFile=${lab.knownHostsPath}`, '-o', 'BatchMode=yes', '-o', 'ConnectTimeout=5', `root@${addresses[host] ?? host}`, cmd])
      return stdout
    },
    write,
    krun: (...args) => krun([...args, '-i', inventory, '--json'], { cwd: dir }),
    async stop() {
      await labDown(opts.name)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
