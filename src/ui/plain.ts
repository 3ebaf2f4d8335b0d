import type { Reporter, ReporterOptions } from './types.js'
import { banner, formatRecap, formatResult, formatRetry, formatWarning, playHeading, taskHeading } from './format.js'
import { flush } from './stream.js'

/**
 * Line reporter for CI logs and non-TTY stdout, in the shape of ansible-playbook's default
 * output: banners for plays and tasks, then one line per host (per loop item) as results
 * arrive, then the recap. Nothing is buffered beyond the current line.
 */
export function createPlainReporter(opts: ReporterOptions): Reporter {
  let first = true
  const write = (text: string): void => {
    opts.out.write(`${text}\n`)
    first = false
  }
  // Each banner is preceded by a blank line, except at the very top.
  const section = (text: string): void => write(first ? text : `\n${text}`)

  return {
    playStart(e) {
      section(banner(playHeading(e.name, e.check)))
    },
    taskStart(e) {
      section(banner(taskHeading(e.task)))
    },
    hostResult(r) {
      write(formatResult(r, opts))
    },
    retry(e) {
      write(formatRetry(e, opts))
    },
    warn(msg) {
      write(formatWarning(msg, opts.color))
    },
    recap(stats) {
      section(formatRecap(stats, opts.color))
    },
    close() {
      return flush(opts.out)
    },
  }
}
