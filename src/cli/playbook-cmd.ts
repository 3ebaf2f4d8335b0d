import { writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { KrunError } from '../core/errors.js'
import { EXIT } from '../core/results.js'
import { playHosts, runPlaybook } from '../engine/run.js'
import { MODULES } from '../modules/index.js'
import { loadPlaybook, taskLabel, walkTasks } from '../playbook/index.js'
import type { Playbook } from '../playbook/types.js'
import { createTemplar } from '../template/index.js'
import { PLAYBOOK_OPTIONS, listOpt, parse } from './args.js'
import { extraVarsFrom, inventoryFrom, runOptionsFrom } from './common.js'
import { loadConfig } from './config.js'
import { renderListing } from './listing.js'

/** `krun PLAYBOOK... [options]`: load everything (failing before any host is touched), then run. */
export async function playbookCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, PLAYBOOK_OPTIONS)
  if (values.step) throw new KrunError('E_USAGE', '--step is not supported yet (use --start-at-task and --tags to run part of a playbook)')
  if (positionals.length === 0) throw new KrunError('E_USAGE', 'no playbook given (usage: krun PLAYBOOK -i INVENTORY)')
  const cfg = loadConfig()
  const extraVars = extraVarsFrom(values)
  const files = positionals.map((p) => resolve(p))
  const books = files.map((f) => loadPlaybook(f, { modules: MODULES, extraVars }))
  const playbook: Playbook = { file: files[0]!, plays: books.flatMap((b) => b.plays) }
  const inventory = inventoryFrom(values, cfg, [dirname(playbook.file)])
  for (const w of inventory.warnings ?? []) process.stderr.write(`[WARNING]: ${w}\n`)
  const startAt = values['start-at-task'] as string | undefined
  if (startAt !== undefined && ![...walkTasks(playbook)].some(({ task }) => task.name === startAt || taskLabel(task) === startAt)) {
    throw new KrunError('E_USAGE', `--start-at-task: no task named '${startAt}' in ${playbook.file}`)
  }
  if (values['syntax-check']) {
    process.stdout.write(files.map((f) => `\nplaybook: ${f}\n`).join(''))
    return EXIT.ok
  }
  if (values['list-hosts'] || values['list-tasks'] || values['list-tags']) {
    const templar = createTemplar()
    const sel = { tags: listOpt(values.tags), skipTags: listOpt(values['skip-tags']) }
    const hostsOf = (play: Playbook['plays'][number]): string[] => playHosts({ inventory, templar, extraVars, limit: values.limit as string | undefined }, play)
    const what = { hosts: !!values['list-hosts'], tasks: !!values['list-tasks'], tags: !!values['list-tags'] }
    process.stdout.write(renderListing(playbook, hostsOf, what, sel) + '\n')
    return EXIT.ok
  }
  const opts = await runOptionsFrom(values, cfg, playbook, inventory, extraVars)
  const summary = await runPlaybook(opts)
  if (summary.failedHosts.length > 0) retryHint(playbook.file, summary.failedHosts, cfg)
  return summary.exitCode
}

/** After failures: write `<playbook>.retry` when enabled in the config, else print the --limit to rerun them. */
function retryHint(file: string, hosts: string[], cfg: ReturnType<typeof loadConfig>): void {
  if (cfg.retryFilesEnabled) {
    const dir = cfg.retryFilesSavePath ? resolve(cfg.retryFilesSavePath) : dirname(file)
    const retry = join(dir, `${basename(file).replace(/\.ya?ml$/, '')}.retry`)
    writeFileSync(retry, hosts.join('\n') + '\n')
    process.stderr.write(`to retry, use: --limit @${retry}\n`)
  } else {
    process.stderr.write(`to retry the failed hosts, add: --limit ${hosts.join(',')}\n`)
  }
}
