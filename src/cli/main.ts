import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isKrunError } from '../core/errors.js'
import { EXIT } from '../core/results.js'
import { adhocCommand } from './adhoc-cmd.js'
import { HELP } from './help.js'
import { inventoryCommand } from './inventory-cmd.js'
import { playbookCommand } from './playbook-cmd.js'

/** Entry point: dispatches subcommands; every input error becomes one line and exit 1, never a stack trace. */
export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv
  try {
    if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
      process.stdout.write(HELP)
      return first === undefined ? EXIT.usage : EXIT.ok
    }
    if (first === '--version') {
      process.stdout.write(`krun ${ownVersion()}\n`)
      return EXIT.ok
    }
    if (first === 'inventory') return await inventoryCommand(rest)
    if (first === 'adhoc') return await adhocCommand(rest)
    if (first === 'lab') {
      const { labMain } = await import('../lab/index.js')
      return await labMain(rest)
    }
    return await playbookCommand(argv)
  } catch (e) {
    if (isKrunError(e)) {
      process.stderr.write(`ERROR: ${e.format()}\n`)
      return EXIT.usage
    }
    const verbose = argv.some((a) => /^-v{3,}$/.test(a))
    const detail = e instanceof Error ? (verbose ? e.stack : e.message) : String(e)
    process.stderr.write(`ERROR: internal error in krun: ${detail}\n${verbose ? '' : '  (rerun with -vvv for the stack trace; please report it)\n'}`)
    return EXIT.usage
  }
}

/** krun's version from its package.json: the nearest one above this file (dist/cli/ or the bundle in dist/). */
function ownVersion(): string {
  for (let d = dirname(fileURLToPath(import.meta.url)); d !== dirname(d); d = dirname(d)) {
    const f = join(d, 'package.json')
    if (existsSync(f)) return (JSON.parse(readFileSync(f, 'utf8')) as { version: string }).version
  }
  return 'unknown'
}
