import type { HostResult } from '../core/results.js'
import { palette } from './color.js'
import { renderDiff } from './diff.js'
import { flush } from './stream.js'
import type { Reporter, ReporterOptions } from './types.js'

const WORD: Record<HostResult['status'], string> = {
  ok: 'SUCCESS', changed: 'CHANGED', skipped: 'SKIPPED', failed: 'FAILED', unreachable: 'UNREACHABLE!', rescued: 'SUCCESS', ignored: 'FAILED',
}

/**
 * The output of `krun adhoc`, as `ansible` prints it: `h1 | CHANGED | rc=0 >>` and the command's
 * output for command/shell, `h1 | SUCCESS => {json}` for other modules. No banners, no recap.
 */
export function createAdhocReporter(opts: ReporterOptions): Reporter {
  const p = palette(opts.color)
  const paint = (r: HostResult): ((s: string) => string) =>
    r.status === 'changed' ? p.changed : r.status === 'ok' ? p.ok : r.status === 'skipped' ? p.skip : r.status === 'unreachable' ? p.unreachable : p.error
  return {
    hostResult(r) {
      if (r.item !== undefined) return
      const d = r.data ?? {}
      let text: string
      if (opts.diff) for (const diff of r.diffs ?? []) opts.out.write(renderDiff(diff, opts.color))
      if (typeof d.rc === 'number' && (r.task.action === 'command' || r.task.action === 'shell')) {
        const body = [d.stdout, d.stderr].filter((s) => typeof s === 'string' && s !== '').join('\n')
        text = `${r.host} | ${WORD[r.status]} | rc=${d.rc} >>\n${body}`
      } else {
        const shown = r.status === 'unreachable' || r.status === 'failed' ? { ...d, msg: r.msg } : r.display !== undefined && typeof r.display === 'object' ? r.display : d
        text = `${r.host} | ${WORD[r.status]} => ${JSON.stringify(shown, null, 4)}`
      }
      opts.out.write(`${paint(r)(text)}\n`)
    },
    warn(msg) {
      opts.out.write(`${p.warn(`[WARNING]: ${msg}`)}\n`)
    },
    close() {
      return flush(opts.out)
    },
  }
}
