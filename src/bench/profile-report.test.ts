import { describe, expect, it } from 'vitest'
import { formatProfile, parseEvents, parseProfile, type KrunProfile } from './profile-report.js'

const prof: KrunProfile = {
  origin: 1000,
  startupMs: 200,
  exitMs: 700,
  cpuMs: 400,
  elu: 0.5,
  io: { connect: [50, 60], connectInPlanMs: 110, probe: { n: 4, ms: 40 }, apply: { n: 2, ms: 30 } },
  spans: { plan: { n: 4, ms: 300 }, apply: { n: 2, ms: 34 } },
}

describe('profile report', () => {
  it('finds the KRUN_PROFILE line among other stderr', () => {
    expect(parseProfile(`warning\nKRUN_PROFILE ${JSON.stringify(prof)}\n`)).toEqual(prof)
    expect(parseProfile('nothing')).toBeUndefined()
  })

  it('pairs task_start and task_end events', () => {
    const ev = ['{"event":"play_start","ts":1190}', '{"event":"task_start","ts":1200,"task":{"name":"a"}}', '{"event":"task_end","ts":1400}', 'noise', '{"event":"task_start","ts":1400,"task":{"name":"b"}}', '{"event":"task_end","ts":1650}']
    expect(parseEvents(ev.join('\n'))).toEqual([
      { name: 'a', startTs: 1200, ms: 200 },
      { name: 'b', startTs: 1400, ms: 250 },
    ])
  })

  it('puts start-up, tasks and the tail after the last task in the breakdown', () => {
    const lines = formatProfile(prof, [{ name: 'a', startTs: 1200, ms: 200 }, { name: 'b', startTs: 1400, ms: 250 }], 2, 800)
    expect(lines.join('\n')).toContain('until the first task: 200 ms')
    expect(lines.join('\n')).toContain('tasks: 2 in 450 ms: a 200, b 250')
    expect(lines.join('\n')).toContain('1.00 per host-task, 10 ms each')
    expect(lines.join('\n')).toContain('closing 2 connections): 50 ms')
    // plan spans 300 ms over 4 host-tasks, less 40 ms of probes and 110 ms of connects
    expect(lines.join('\n')).toContain('no probe or connect waits): 38 ms per host-task')
    expect(lines.join('\n')).toContain('applying, controller side: 2.0 ms per changed host-task')
  })
})
