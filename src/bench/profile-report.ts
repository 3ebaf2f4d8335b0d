/** Reads krun's KRUN_PROFILE line and --json events into where the time of one run went. */

/** The JSON krun's src/engine/profile.ts prints at exit (times in ms since `origin`, epoch ms). */
export interface KrunProfile {
  origin: number
  startupMs?: number
  exitMs: number
  cpuMs: number
  elu: number
  io: { connect: number[]; connectInPlanMs: number; probe: { n: number; ms: number }; apply: { n: number; ms: number } }
  spans: { plan: { n: number; ms: number }; apply: { n: number; ms: number } }
}

/** Wall time of each task, from task_start to task_end events. */
export interface TaskSpan {
  name: string
  startTs: number
  ms: number
}

/** The KRUN_PROFILE line of stderr, if any. */
export function parseProfile(stderr: string): KrunProfile | undefined {
  const m = /^KRUN_PROFILE (\{.*\})$/m.exec(stderr)
  return m ? (JSON.parse(m[1]!) as KrunProfile) : undefined
}

/** Task spans from --json output (events carry epoch ms in `ts`). */
export function parseEvents(stdout: string): TaskSpan[] {
  const tasks: TaskSpan[] = []
  let open: { name: string; ts: number } | undefined
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{')) continue
    const e = JSON.parse(line) as { event: string; ts: number; task?: { name?: string } | string }
    if (e.event === 'task_start') open = { name: typeof e.task === 'object' ? (e.task.name ?? '?') : '?', ts: e.ts }
    if (e.event === 'task_end' && open) {
      tasks.push({ name: open.name, startTs: open.ts, ms: e.ts - open.ts })
      open = undefined
    }
  }
  return tasks
}

const ms = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? '-' : `${Math.abs(x) < 10 ? x.toFixed(1) : Math.round(x)} ms`)
const q50 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN
const per = (b: { n: number; ms: number }): string => ms(b.n ? b.ms / b.n : undefined)

/** Floor figures shown beside krun's. */
export interface FloorFigures {
  wallMs: number
  connectMs: number[]
  runMs: number[]
  steps: number
}

/** Text lines of the breakdown of one krun run over n hosts; the floor's figures alongside when given. */
export function formatProfile(p: KrunProfile, tasks: TaskSpan[], n: number, wallMs: number, floor?: FloorFigures): string[] {
  const hostTasks = Math.max(1, tasks.length * n)
  const first = tasks[0]
  const last = tasks[tasks.length - 1]
  const tasksMs = first && last ? last.startTs + last.ms - first.startTs : 0
  const c = p.io.connect
  const connectSum = c.reduce((a, b) => a + b, 0)
  const own = (span: { n: number; ms: number }, waits: number): number | undefined => (span.n ? (span.ms - waits) / span.n : undefined)
  const floorRt = floor && floor.steps ? q50(floor.runMs) / floor.steps : undefined
  return [
    `wall ${ms(wallMs)}${floor ? ` (floor ${ms(floor.wallMs)})` : ''}; controller CPU ${ms(p.cpuMs)}, event loop busy ${(p.elu * 100).toFixed(0)}%`,
    `  start-up (node, load, parse) until the first task: ${ms(first ? first.startTs - p.origin : p.startupMs)}`,
    `  connection set-up + first round trip per host: median ${ms(q50(c))}, max ${ms(Math.max(...c))}` +
      (floor ? ` (floor handshake: median ${ms(q50(floor.connectMs))}, max ${ms(Math.max(...floor.connectMs))})` : ''),
    `  tasks: ${tasks.length} in ${ms(tasksMs)}: ${tasks.map((t) => `${t.name} ${Math.round(t.ms)}`).join(', ')}`,
    `  fact probes (round trips while planning): ${(p.io.probe.n / hostTasks).toFixed(2)} per host-task, ${per(p.io.probe)} each` +
      (floorRt !== undefined ? ` (floor: 1 per host-task, ${ms(floorRt)} each)` : ''),
    `  changes (round trips while applying): ${(p.io.apply.n / hostTasks).toFixed(2)} per host-task, ${per(p.io.apply)} each`,
    `  planning, controller side (templating, diffs, event-loop queueing; no probe or connect waits): ${ms(own(p.spans.plan, p.io.probe.ms + p.io.connectInPlanMs))} per host-task` +
      `; applying, controller side: ${ms(own(p.spans.apply, p.io.apply.ms + connectSum - p.io.connectInPlanMs))} per changed host-task`,
    `  after the last task until exit (recap, closing ${n} connections): ${ms(last ? p.origin + p.exitMs - (last.startTs + last.ms) : undefined)}`,
  ]
}
