import { Writable } from 'node:stream'
import {
  DefaultRenderer,
  LISTR_DEFAULT_RENDERER_STYLE,
  Listr,
  ListrLogger,
  ProcessOutput,
  type ListrDefaultRendererOptions,
} from 'listr2'
import type { TaskInfo } from '../core/results.js'
import type { Reporter, ReporterOptions } from './types.js'
import { palette } from './color.js'
import { banner, formatRecap, formatResult, formatWarning, playHeading } from './format.js'
import { LiveTask } from './tty-task.js'
import { flush } from './stream.js'

/** listr2's default renderer, allowed on any stream: createReporter already decided it is a TTY. */
class LiveRenderer extends DefaultRenderer {
  static override nonTTY = true
}

/** Renderer options that send listr2's frames to `out` instead of process.stdout. */
function rendererOptions(opts: ReporterOptions): ListrDefaultRendererOptions {
  // stderr is not hijacked: a crash message written there must not sit in a buffer.
  const sink = new Writable({ write: (_c, _e, cb) => cb() })
  const processOutput = new ProcessOutput(opts.out as NodeJS.WriteStream, sink as NodeJS.WriteStream, {
    leaveEmptyLine: false,
  })
  const logger = new ListrLogger({ useIcons: true, toStderr: [], processOutput })
  const plain = (s: string): string => s
  const color = opts.color
    ? undefined
    : Object.fromEntries(Object.keys(LISTR_DEFAULT_RENDERER_STYLE.color ?? {}).map((k) => [k, plain]))
  return { logger, ...(color ? { color } : {}) }
}

/**
 * Live TTY reporter on listr2. The engine's hooks are synchronous and its task list is not
 * known in advance, so each engine task becomes a one-task Listr whose task function waits
 * for taskEnd; the lists run one after the other on a promise chain, and so do the play
 * banners, the text kept after each task (failures, diffs, debug output), warnings and the
 * recap. Finished lines stay on screen, so a play reads as one list.
 */
export function createTtyReporter(opts: ReporterOptions): Reporter {
  const p = palette(opts.color)
  const options = rendererOptions(opts)
  let chain: Promise<void> = Promise.resolve()
  let current: LiveTask | undefined
  let first = true
  const write = (text: string): void => {
    opts.out.write(`${text}\n`)
    first = false
  }
  // Banners are preceded by a blank line, except at the very top.
  const section = (text: string): void => write(first ? text : `\n${text}`)
  // Output errors must not stop the run: say what happened and go on.
  const enqueue = (step: () => void | Promise<void>): void => {
    chain = chain.then(step).catch((e: unknown) => write(`krun: output error: ${String(e)}`))
  }

  async function show(live: LiveTask): Promise<void> {
    first = false
    const list = new Listr(
      [
        {
          title: live.progressTitle(),
          task: async (_ctx, t): Promise<void> => {
            live.onChange = () => (t.title = live.progressTitle())
            live.onChange()
            await live.done
            live.onChange = undefined
            t.title = live.finalTitle()
            // A thrown error is how listr2 marks the line failed; its message becomes the title.
            if (live.failed()) throw new Error(live.finalTitle())
            if (live.allSkipped()) t.skip(live.finalTitle())
          },
        },
      ],
      { renderer: LiveRenderer, rendererOptions: options, registerSignalListeners: false, exitOnError: true },
    )
    await list.run().catch(() => undefined)
    if (live.persist.length > 0) write(live.persist.join('\n'))
  }

  return {
    playStart(e) {
      enqueue(() => section(p.bold(banner(playHeading(e.name, e.check)))))
    },
    taskStart(e) {
      current?.finish()
      const live = new LiveTask(e.task, e.hosts, opts)
      current = live
      enqueue(() => show(live))
    },
    hostResult(r) {
      // strategy: free interleaves tasks: a result of another task than the live one gets its own line
      if (current && sameTask(current.info, r.task)) current.add(r)
      else enqueue(() => write(formatResult(r, opts)))
    },
    retry(e) {
      current?.retry(e.host, e.retriesLeft)
    },
    taskEnd() {
      current?.finish()
      current = undefined
    },
    warn(msg) {
      enqueue(() => write(formatWarning(msg, opts.color)))
    },
    recap(stats) {
      enqueue(() => section(formatRecap(stats, opts.color)))
    },
    async close() {
      // A run that stopped mid-task (an engine error) must not leave close() waiting.
      current?.finish()
      current = undefined
      await chain
      await flush(opts.out)
    },
  }
}

/** The same task (runs build their own TaskInfo objects): same place in the same file. */
function sameTask(a: TaskInfo, b: TaskInfo): boolean {
  return a.pos.file === b.pos.file && a.pos.line === b.pos.line && a.pos.col === b.pos.col && a.isHandler === b.isHandler
}
