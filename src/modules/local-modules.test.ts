import { describe, expect, it } from 'vitest'
import { assert } from './assert.js'
import { debug } from './debug.js'
import { fail } from './fail.js'
import { meta } from './meta.js'
import { set_fact } from './set-fact.js'
import { fakeContext } from './testing/fake-host.js'
import { ModuleFailure } from './types.js'

const vars = { etcd: { peers: ['a', 'b'], 'cluster-name': 'k8s' }, port: 2379, empty: '' }
const ctx = (over = {}) => fakeContext({}, { vars, ...over })

describe('debug', () => {
  it.each([
    ['msg text', { msg: 'hello' }, { display: { msg: 'hello' }, data: { msg: 'hello' } }],
    ['default msg', {}, { display: { msg: 'Hello world!' }, data: { msg: 'Hello world!' } }],
    ['msg that is a list', { msg: ['a', 1] }, { display: { msg: ['a', 1] } }],
    ['var by name', { var: 'port' }, { display: { port: 2379 }, data: { port: 2379 } }],
    ['var with a path', { var: "etcd.peers[1]" }, { display: { 'etcd.peers[1]': 'b' } }],
    ['var with a quoted key', { var: "etcd['cluster-name']" }, { display: { "etcd['cluster-name']": 'k8s' } }],
    ['undefined var', { var: 'nope.x' }, { display: { 'nope.x': 'VARIABLE IS NOT DEFINED!' } }],
  ])('%s', async (_n, args, expected) => {
    const plan = await debug.plan(args, ctx())
    expect(plan).toMatchObject({ changed: false, ...expected })
  })
  it('uses the engine evaluator for expressions when given', async () => {
    const plan = await debug.plan({ var: 'etcd.peers | length' }, ctx({ evaluate: (e: string) => (e === 'etcd.peers | length' ? 2 : undefined) }))
    expect(plan.display).toEqual({ 'etcd.peers | length': 2 })
  })
  it('hides values under no_log', async () => {
    const plan = await debug.plan({ msg: 'secret' }, ctx({ noLog: true }))
    expect(JSON.stringify(plan.display)).not.toContain('secret')
  })
  it('msg and var together fail', async () => {
    await expect(debug.plan({ msg: 'a', var: 'b' }, ctx())).rejects.toThrow(/incompatible/)
  })
})

describe('set_fact', () => {
  it('returns the facts without cacheable, unchanged', async () => {
    expect(await set_fact.plan({ a: 1, b: { c: [2] }, cacheable: true }, ctx())).toEqual({ changed: false, noop: '', data: { ansible_facts: { a: 1, b: { c: [2] } } } })
  })
  it.each([[{}, /No key\/value pairs/], [{ 'bad-name': 1 }, /variable name 'bad-name' is not valid/]])('%j fails', async (args, msg) => {
    await expect(set_fact.plan(args, ctx())).rejects.toThrow(msg)
  })
})

describe('assert (the engine passes `that` evaluated as {expr, ok})', () => {
  it.each([
    ['all true', { that: [{ expr: 'a == 1', ok: true }, { expr: 'b', ok: true }] }, { changed: false, noop: 'All assertions passed', display: 'All assertions passed' }],
    ['success_msg and quiet', { that: { expr: 'x', ok: true }, success_msg: 'fine', quiet: 'yes' }, { changed: false, noop: 'fine' }],
    ['plain booleans', { that: [true] }, { changed: false, noop: 'All assertions passed', display: 'All assertions passed' }],
  ])('%s', async (_n, args, expected) => {
    expect(await assert.plan(args, ctx())).toEqual(expected)
  })
  it.each([
    ['names the first false expression', { that: [{ expr: 'a', ok: true }, { expr: 'port > 9000', ok: false }] }, 'Assertion failed: port > 9000', { assertion: 'port > 9000', evaluated_to: false }],
    ['fail_msg wins', { that: [{ expr: 'x', ok: false }], fail_msg: 'etcd needs 3 peers' }, 'etcd needs 3 peers', { assertion: 'x' }],
    ['msg is fail_msg alias', { that: [{ expr: 'x', ok: false }], msg: 'nope' }, 'nope', {}],
    ['evaluation error', { that: [{ expr: 'nope.x', ok: false, error: "'nope' is undefined" }] }, "The conditional check 'nope.x' failed. The error was: 'nope' is undefined", {}],
  ])('%s', async (_n, args, msg, data) => {
    const err = (await assert.plan(args, ctx()).catch((e: unknown) => e)) as ModuleFailure
    expect(err).toBeInstanceOf(ModuleFailure)
    expect(err.message).toBe(msg)
    expect(err.data).toMatchObject(data)
  })
  it('an unevaluated string is an internal error, not a silent pass', async () => {
    await expect(assert.plan({ that: ['1 == 2'] } as never, ctx())).rejects.toMatchObject({ code: 'E_INTERNAL' })
  })
})

describe('fail and meta', () => {
  it.each([[{ msg: 'stop here' }, 'stop here'], [{}, 'Failed as requested from task']])('fail %j', async (args, msg) => {
    await expect(fail.plan(args, ctx())).rejects.toThrow(new ModuleFailure(msg))
  })
  it.each(['flush_handlers', 'end_play', 'end_host', 'noop', 'clear_facts', 'clear_host_errors', 'refresh_inventory'])('meta %s', async (action) => {
    expect(await meta.plan({ _raw_params: action }, ctx())).toEqual({ changed: false, noop: `meta: ${action}`, data: { meta: action } })
  })
  it('meta rejects an unknown action', async () => {
    await expect(meta.plan({ _raw_params: 'flush_handler' }, ctx())).rejects.toThrow(/invalid meta action 'flush_handler'/)
  })
})
