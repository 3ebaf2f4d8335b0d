/**
 * `krun lab up|down|status`: argument parsing and output; the work is in up/down/status.
 */
import { parseArgs } from 'node:util'
import { KrunError, errorMessage } from '../core/errors.js'
import { labDown } from './down.js'
import { formatStatus, labStatus } from './status.js'
import type { LabInfo } from './types.js'
import { checkPlatform, labUp } from './up.js'

const USAGE = `usage:
  krun lab up NAME [--hosts N] [--layout ha] [--light] [--with-python] [--package PKG]...
  krun lab down NAME
  krun lab status [--json]`

/** Renders a lab for the terminal. */
export function formatInfo(info: LabInfo): string {
  const lines = [`lab ${info.name}: ${info.hosts.length} ${info.hosts[0]?.kind ?? ''} hosts`, `  inventory:   ${info.inventoryPath}`, `  key:         ${info.keyPath}`, `  known_hosts: ${info.knownHostsPath}`]
  for (const h of info.hosts) lines.push(`  ${h.name.padEnd(10)} ${h.address}`)
  lines.push(`  ssh: ssh -i ${info.keyPath} -o UserKnownHostsFile=${info.knownHostsPath} root@${info.hosts[0]?.address ?? ''}`)
  return lines.join('\n')
}

/** Entry point of `krun lab ...` (argv after `lab`). Returns the exit code. */
export async function labMain(argv: string[]): Promise<number> {
  const args = argv[0] === 'lab' ? argv.slice(1) : argv
  try {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        hosts: { type: 'string' },
        layout: { type: 'string' },
        light: { type: 'boolean' },
        'with-python': { type: 'boolean' },
        package: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    })
    const [cmd, name, ...rest] = positionals
    if (values.help || !cmd) {
      process.stdout.write(`${USAGE}\n`)
      return values.help ? 0 : 1
    }
    if (rest.length > 0) throw new KrunError('E_LAB_USAGE', `unexpected argument '${rest[0]}'\n${USAGE}`)
    checkPlatform()
    if (cmd === 'status') {
      const labs = await labStatus()
      process.stdout.write(`${values.json ? JSON.stringify(labs) : formatStatus(labs)}\n`)
      return 0
    }
    if (!name) throw new KrunError('E_LAB_USAGE', `missing lab name\n${USAGE}`)
    if (cmd === 'up') {
      if (values.layout !== undefined && values.layout !== 'ha') throw new KrunError('E_LAB_USAGE', `unknown layout '${values.layout}' (known: ha)`)
      const t0 = Date.now()
      const info = await labUp({
        name,
        ...(values.hosts !== undefined ? { hosts: Number(values.hosts) } : {}),
        ...(values.layout === 'ha' ? { layout: 'ha' as const } : {}),
        light: values.light === true,
        withPython: values['with-python'] === true,
        packages: values.package ?? [],
        log: (m) => process.stderr.write(`${m}\n`),
      })
      process.stdout.write(values.json ? `${JSON.stringify(info)}\n` : `${formatInfo(info)}\n  up in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`)
      return 0
    }
    if (cmd === 'down') {
      const found = await labDown(name)
      process.stdout.write(found ? `lab ${name} removed\n` : `no lab named ${name}\n`)
      return 0
    }
    throw new KrunError('E_LAB_USAGE', `unknown lab command '${cmd}'\n${USAGE}`)
  } catch (e) {
    const msg = e instanceof KrunError ? e.format() : e instanceof TypeError && 'code' in e ? `${e.message}\n${USAGE}` : errorMessage(e)
    process.stderr.write(`krun lab: ${msg}\n`)
    return 1
  }
}
