import { KrunError } from '../core/errors.js'
import { EXIT } from '../core/results.js'
import { inventoryGraph, inventoryList } from '../inventory/index.js'
import { parse } from './args.js'
import { inventoryFrom } from './common.js'
import { loadConfig } from './config.js'

/** `krun inventory --list | --graph [GROUP]`: the merged inventory, as ansible-inventory prints it. */
export async function inventoryCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    inventory: { type: 'string', short: 'i', multiple: true },
    list: { type: 'boolean' },
    graph: { type: 'boolean' },
    vars: { type: 'boolean' },
    'playbook-dir': { type: 'string' },
  })
  if (!values.list && !values.graph) throw new KrunError('E_USAGE', 'usage: krun inventory --list | --graph [GROUP] [-i INVENTORY]')
  const dirs = values['playbook-dir'] ? [String(values['playbook-dir'])] : []
  const inv = inventoryFrom(values, loadConfig(), dirs)
  if (values.list) process.stdout.write(JSON.stringify(inventoryList(inv), null, 4) + '\n')
  else process.stdout.write(inventoryGraph(inv, positionals[0] ?? 'all') + '\n')
  return EXIT.ok
}
