import { Ajv } from 'ajv'
import { describe, expect, it } from 'vitest'
import { etcdctl, type EtcdctlArgs } from './etcdctl.js'
import * as out from './testing/etcd-outputs.js'
import { scriptedContext } from './testing/fake-sections.js'
import type { ModuleFailure } from './types.js'

/** What each etcdctl subcommand prints on the fake host (stdout, stderr, exit code). */
type Reply = { stdout?: string; stderr?: string; rc?: number }
type Replies = Partial<Record<'health' | 'status' | 'alarms' | 'get' | 'members', Reply>>

const WHICH: Array<[keyof Replies, RegExp]> = [['health', / endpoint health /], ['status', / endpoint status /], ['alarms', / alarm list /], ['get', / get /], ['members', / member list /]]

function cluster(replies: Replies, over = {}) {
  return scriptedContext({}, (part) => {
    const name = WHICH.find(([, re]) => re.test(part))?.[0]
    const r = name && replies[name]
    if (!r) return undefined
    // the part ends with withRc's printf: the fake prints what sh would
    return { rc: 0, stdout: `${r.stdout ?? ''}\n@@krun-rc=${r.rc ?? 0}\n`, stderr: r.stderr ?? '' }
  }, over)
}

const TLS = { endpoints: [...out.EP], cacert: '/etc/kubernetes/cert/ca.pem', cert: '/etc/etcd/cert/etcd.pem', client_key: '/etc/etcd/cert/etcd-key.pem' }
const FLAGS = `--endpoints=${out.EP.join(',')} --cacert=/etc/kubernetes/cert/ca.pem --cert=/etc/etcd/cert/etcd.pem --key=/etc/etcd/cert/etcd-key.pem`
const HEALTHY: Replies = { health: { stdout: out.HEALTH_OK }, status: { stdout: out.STATUS_OK }, alarms: { stdout: out.NO_ALARMS } }
const status = (...entries: string[]): Reply => ({ stdout: `[${entries.join(',')}]\n` })
const N = (i: 0 | 1 | 2): string => out.EP[i].replace('https://', '')

describe('etcdctl health (one round trip: endpoint health, endpoint status, alarm list)', () => {
  it('a healthy cluster: ok, with the endpoints and the leader', async () => {
    const ctx = cluster(HEALTHY)
    const plan = await etcdctl.plan({ action: 'health', ...TLS, endpoints: out.EP.join(',') }, ctx)
    expect(plan).toMatchObject({ changed: false, noop: `3 endpoints healthy, leader ${N(0)}, raft term 3`, data: { leader: out.EP[0] } })
    expect(plan.data?.endpoints).toEqual([
      { endpoint: out.EP[0], healthy: true, took: '6.374277ms', member_id: out.HEX.node1, leader: out.HEX.node1, raft_term: 3, version: '3.4.23' },
      { endpoint: out.EP[1], healthy: true, took: '6.374277ms', member_id: out.HEX.node2, leader: out.HEX.node1, raft_term: 3, version: '3.4.23' },
      { endpoint: out.EP[2], healthy: true, took: '6.374277ms', member_id: out.HEX.node3, leader: out.HEX.node1, raft_term: 3, version: '3.4.23' },
    ])
    expect(ctx.rounds).toHaveLength(1)
    expect(ctx.rounds[0]).toContain(`ETCDCTL_API=3 etcdctl ${FLAGS} endpoint health -w json`)
  })

  it.each<[string, Replies, string]>([
    ['a member down (captured)', { health: { stdout: out.HEALTH_ONE_DOWN, stderr: out.HEALTH_ONE_DOWN_STDERR, rc: 1 }, status: { stdout: out.STATUS_ONE_DOWN, stderr: out.STATUS_ONE_DOWN_STDERR, rc: 1 }, alarms: { stdout: out.NO_ALARMS } },
      `${N(2)}: unhealthy: context deadline exceeded`],
    ['a NOSPACE alarm (captured)', { ...HEALTHY, alarms: { stdout: out.ALARM_NOSPACE } }, `alarm NOSPACE on member ${out.HEX.node3} (${N(2)})`],
    ['two leaders (edited)', { ...HEALTHY, status: status(out.statusEntry(out.EP[0], out.ID.node1), out.statusEntry(out.EP[1], out.ID.node2), out.statusEntry(out.EP[2], out.ID.node3, { leader: out.ID.node3 })) },
      `2 leaders: ${out.HEX.node1} (${N(0)}) followed by ${N(0)}, ${N(1)}; ${out.HEX.node3} (${N(2)}) followed by ${N(2)}`],
    ['raft terms differ (edited)', { ...HEALTHY, status: status(out.statusEntry(out.EP[0], out.ID.node1), out.statusEntry(out.EP[1], out.ID.node2), out.statusEntry(out.EP[2], out.ID.node3, { term: 4 })) },
      `raft terms differ: ${N(0)}=3, ${N(1)}=3, ${N(2)}=4`],
    ['still electing: no leader anywhere (edited)', { ...HEALTHY, status: status(...[0, 1, 2].map((i) => out.statusEntry(out.EP[i as 0], Object.values(out.ID)[i] ?? '', { leader: '0' }))) },
      `${N(0)}: no leader; ${N(1)}: no leader; ${N(2)}: no leader`],
    ['healthy but status unreachable', { ...HEALTHY, status: { stdout: out.STATUS_ONE_DOWN, stderr: out.STATUS_ONE_DOWN_STDERR, rc: 1 } }, `${N(2)}: no status: context deadline exceeded`],
    ['an endpoint etcdctl did not report', { ...HEALTHY, health: { stdout: `[${out.HEALTH_OK.slice(1, out.HEALTH_OK.lastIndexOf('},{') + 1)}]` } }, `${N(0)}: unhealthy: no answer`],
    ['etcdctl cannot start (missing --cacert file)', { health: { stderr: out.BAD_CACERT_STDERR, rc: 128 }, status: { stderr: out.BAD_CACERT_STDERR, rc: 128 }, alarms: { stderr: out.BAD_CACERT_STDERR, rc: 128 } },
      'etcdctl endpoint health failed (rc 128): Error: open /nope.pem: no such file or directory'],
  ])('%s: fails naming the criterion', async (_n, replies, msg) => {
    const run = etcdctl.plan({ action: 'health', ...TLS }, cluster(replies))
    await expect(run).rejects.toThrow(msg)
    await expect(run).rejects.toMatchObject({ name: 'ModuleFailure' })
  })

  it('a failure still registers the endpoints (for until: conditions)', async () => {
    const replies: Replies = { ...HEALTHY, health: { stdout: out.HEALTH_ONE_DOWN, rc: 1 } }
    const err = await etcdctl.plan({ action: 'health', ...TLS }, cluster(replies)).then(() => undefined, (e: unknown) => e as ModuleFailure)
    expect((err?.data.endpoints as Array<{ healthy: boolean }>).map((e) => e.healthy)).toEqual([true, true, false])
  })
})

const put = (cmd: string, extra: object = {}) => ({ kind: 'exec', cmd: `ETCDCTL_API=3 etcdctl ${FLAGS} ${cmd}`, ...extra })
const KEY = '/kubernetes/network/config'
const NET = '{"Network":"172.30.0.0/16"}'
const FLANNEL = { Network: '172.30.0.0/16', SubnetLen: 24, Backend: { Type: 'vxlan' } }

describe('etcdctl keys', () => {
  it.each<[string, Partial<EtcdctlArgs>, Replies, unknown]>([
    ['put of an absent key: the value goes on stdin', { action: 'put', key: KEY, value: NET }, { get: { stdout: out.GET_ABSENT } },
      { changed: true, changes: [put(`put -- ${KEY}`, { stdin: NET, reason: `put ${KEY}: absent` })], diffs: [{ path: `etcd:${KEY}`, before: null, after: NET }], data: { exists: true } }],
    ['put of the same value: nothing to do', { action: 'put', key: KEY, value: NET }, { get: { stdout: out.GET_NETWORK } },
      { changed: false, noop: `${KEY} already holds the value`, data: { exists: true } }],
    ['put of a mapping: compact JSON, diff of old and new', { action: 'put', key: KEY, value: FLANNEL }, { get: { stdout: out.GET_NETWORK } },
      { changed: true, changes: [put(`put -- ${KEY}`, { stdin: JSON.stringify(FLANNEL), reason: `put ${KEY}: the value differs` })], diffs: [{ path: `etcd:${KEY}`, before: NET, after: JSON.stringify(FLANNEL) }], data: { exists: true } }],
    ['put of quotes and newlines: equal bytes, nothing to do', { action: 'put', key: '-k', value: 'a "b"\nc\n' }, { get: { stdout: out.GET_QUOTED } },
      { changed: false, noop: '-k already holds the value', data: { exists: true } }],
    ['put of an empty value: as an argument', { action: 'put', key: KEY, value: '' }, { get: { stdout: out.GET_NETWORK } },
      { changed: true, changes: [put(`put -- ${KEY} ''`, { reason: `put ${KEY}: the value differs` })], diffs: [{ path: `etcd:${KEY}`, before: NET, after: '' }], data: { exists: true } }],
    ['get of a present key', { action: 'get', key: KEY }, { get: { stdout: out.GET_NETWORK } }, { changed: false, noop: `${KEY} exists (27 bytes)`, data: { exists: true, value: NET } }],
    ['get of an absent key', { action: 'get', key: KEY }, { get: { stdout: out.GET_ABSENT } }, { changed: false, noop: `${KEY} is absent`, data: { exists: false, value: null } }],
    ['del of a present key', { action: 'del', key: KEY }, { get: { stdout: out.GET_NETWORK } },
      { changed: true, changes: [put(`del -- ${KEY}`, { reason: `del ${KEY}: present` })], diffs: [{ path: `etcd:${KEY}`, before: NET, after: null }], data: { exists: false } }],
    ['del of an absent key: nothing to do', { action: 'del', key: KEY }, { get: { stdout: out.GET_ABSENT } }, { changed: false, noop: `${KEY} is absent`, data: { exists: false } }],
    ['snapshot_save: always, from the first endpoint', { action: 'snapshot_save', path: '/var/backups/etcd.db' }, {},
      { changed: true, changes: [{ kind: 'exec', cmd: `ETCDCTL_API=3 etcdctl ${FLAGS.replace(out.EP.join(','), out.EP[0])} snapshot save -- /var/backups/etcd.db`, reason: `save a snapshot of ${out.EP[0]} to /var/backups/etcd.db` }],
        diffs: [], data: { path: '/var/backups/etcd.db', endpoint: out.EP[0] } }],
  ])('%s', async (_n, args, replies, expected) => {
    const ctx = cluster(replies)
    expect(await etcdctl.plan({ ...TLS, ...args } as EtcdctlArgs, ctx)).toEqual(expected)
    expect(ctx.rounds.length).toBeLessThanOrEqual(1)
  })

  it('member_list registers the members', async () => {
    const plan = await etcdctl.plan({ action: 'member_list', ...TLS }, cluster({ members: { stdout: out.MEMBERS } }))
    expect(plan).toMatchObject({ changed: false, noop: '3 members: node2, node3, node1' })
    expect((plan.data?.members as Array<{ id: string }>).map((m) => m.id)).toEqual([out.HEX.node2, out.HEX.node3, out.HEX.node1])
  })

  it('no_log: the diff says what changed, not the value', async () => {
    const plan = await etcdctl.plan({ action: 'put', key: KEY, value: 's3cret', ...TLS }, cluster({ get: { stdout: out.GET_NETWORK } }, { noLog: true }))
    expect(plan.changed && plan.diffs).toEqual([{ path: `etcd:${KEY}`, before: null, after: null, redacted: `value of ${KEY} changed` }])
  })

  it('a failing get is a failure with etcdctl\'s message', async () => {
    const replies: Replies = { get: { stderr: '{"level":"warn"}\nError: context deadline exceeded\n', rc: 1 } }
    await expect(etcdctl.plan({ action: 'put', key: KEY, value: 'x', ...TLS }, cluster(replies))).rejects.toThrow(`etcdctl get ${KEY} failed (rc 1): Error: context deadline exceeded`)
  })
})

describe('etcdctl schema', () => {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true })
  const valid = ajv.compile(etcdctl.schema)
  it.each<[object, boolean]>([
    [{ action: 'health', endpoints: ['https://a:2379'], cacert: 'ca.pem', cert: 'c.pem', client_key: 'k.pem', timeout: '3s' }, true],
    [{ action: 'health', endpoints: 'https://a:2379,https://b:2379', ca_cert: 'ca.pem', client_cert: 'c.pem', key_file: 'k.pem' }, true],
    [{ action: 'put', key: '/k', value: { Network: '172.30.0.0/16' } }, true],
    [{ action: 'snapshot_save', path: '/tmp/s.db', executable: '/opt/k8s/bin/etcdctl' }, true],
    [{ action: 'put', key: '/k' }, false],
    [{ action: 'get' }, false],
    [{ action: 'snapshot_save' }, false],
    [{ action: 'status' }, false],
    [{ key: '/k' }, false],
    [{ action: 'health', cafile: 'x' }, false],
  ])('%j valid: %s', (args, ok) => expect(valid(args)).toBe(ok))
})
