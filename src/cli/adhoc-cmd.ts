import { join } from 'node:path'
import { KrunError } from '../core/errors.js'
import { EXIT } from '../core/results.js'
import { playHosts, runPlaybook } from '../engine/run.js'
import { MODULES } from '../modules/index.js'
import { loadPlaybookData } from '../playbook/index.js'
import { createTemplar } from '../template/index.js'
import { ADHOC_OPTIONS, parse } from './args.js'
import { extraVarsFrom, inventoryFrom, runOptionsFrom } from './common.js'
import { loadConfig } from './config.js'

/** `krun adhoc PATTERN -m MODULE -a ARGS`: one task on a host pattern, as `ansible` does. */
export async function adhocCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, ADHOC_OPTIONS)
  const pattern = positionals[0]
  if (!pattern || positionals.length > 1) throw new KrunError('E_USAGE', 'usage: krun adhoc PATTERN -i INVENTORY -m MODULE [-a ARGS]')
  const cfg = loadConfig()
  const extraVars = extraVarsFrom(values)
  const mod = (values['module-name'] as string | undefined) ?? 'command'
  const args = (values.args as string | undefined) ?? ''
  const where = join(process.cwd(), '<adhoc>')
  const data = [{ name: `Ad-hoc ${mod}`, hosts: pattern, gather_facts: false, tasks: [{ name: `${mod}${args ? ` ${args}` : ''}`, [mod]: args === '' ? {} : args }] }]
  const playbook = loadPlaybookData(data, where, { modules: MODULES, extraVars })
  const inventory = inventoryFrom(values, cfg)
  if (values['list-hosts']) {
    const hosts = playHosts({ inventory, templar: createTemplar(), extraVars, limit: values.limit as string | undefined }, playbook.plays[0]!)
    process.stdout.write(`  hosts (${hosts.length}):\n${hosts.map((h) => `    ${h}\n`).join('')}`)
    return EXIT.ok
  }
  const summary = await runPlaybook(await runOptionsFrom(values, cfg, playbook, inventory, extraVars, true))
  return summary.exitCode
}
