import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import * as out from '../modules/testing/etcd-outputs.js'
import {
  endpointName, etcdctlLine, parseAlarms, parseEtcdJson, parseGet, parseHealth, parseMembers, parseStatus, parseStatusErrors, splitRc, stderrMessage, withRc,
} from './etcd.js'

const TLS = { executable: 'etcdctl', endpoints: ['https://10.0.0.1:2379', 'https://10.0.0.2:2379'], cacert: '/etc/kubernetes/cert/ca.pem', cert: '/etc/etcd/cert/etcd.pem', key: '/etc/etcd/cert/etcd-key.pem' }

describe('etcdctl command lines', () => {
  it.each<[string, Parameters<typeof etcdctlLine>, string]>([
    ['TLS flags before the command', [TLS, ['endpoint', 'health', '-w', 'json']],
      'ETCDCTL_API=3 etcdctl --endpoints=https://10.0.0.1:2379,https://10.0.0.2:2379 --cacert=/etc/kubernetes/cert/ca.pem --cert=/etc/etcd/cert/etcd.pem --key=/etc/etcd/cert/etcd-key.pem endpoint health -w json'],
    ['no flags: etcdctl defaults', [{ executable: '/opt/k8s/bin/etcdctl', endpoints: [] }, ['member', 'list']], 'ETCDCTL_API=3 /opt/k8s/bin/etcdctl member list'],
    ['a key with spaces and quotes is one word', [{ executable: 'etcdctl', endpoints: [], timeout: '2s' }, ['get', '--', "/a b/it's"]], `ETCDCTL_API=3 etcdctl --command-timeout=2s get -- '/a b/it'\\''s'`],
    ['one endpoint instead of all', [TLS, ['snapshot', 'save', '--', '/tmp/s.db'], ['https://10.0.0.2:2379']],
      'ETCDCTL_API=3 etcdctl --endpoints=https://10.0.0.2:2379 --cacert=/etc/kubernetes/cert/ca.pem --cert=/etc/etcd/cert/etcd.pem --key=/etc/etcd/cert/etcd-key.pem snapshot save -- /tmp/s.db'],
  ])('%s', (_n, args, line) => expect(etcdctlLine(...args)).toBe(line))

  it('withRc prints the exit code after the output, and sh agrees', () => {
    const stdout = execFileSync('/bin/sh', ['-c', `${withRc("printf 'no newline'; sh -c 'exit 3'")}`]).toString()
    expect(splitRc(stdout)).toEqual({ rc: 3, out: 'no newline' })
    expect(splitRc('[]\n')).toEqual({ rc: undefined, out: '[]\n' })
  })
})

describe('etcd JSON', () => {
  it('keeps 64-bit ids exact (JSON.parse would round them)', () => {
    expect(parseEtcdJson('{"a":16392989187440125518,"b":[7181205544105929519, 3],"s":"x:12345678901234567","f":1.5e3}')).toEqual({
      a: '16392989187440125518', b: ['7181205544105929519', 3], s: 'x:12345678901234567', f: 1500,
    })
  })

  it('endpoint health: all entries, errors kept', () => {
    expect(parseHealth(out.HEALTH_ONE_DOWN)).toEqual([
      { endpoint: out.EP[0], health: true, took: '6.374277ms' },
      { endpoint: out.EP[1], health: true, took: '6.374277ms' },
      { endpoint: out.EP[2], health: false, took: '5.000638764s', error: 'context deadline exceeded' },
    ])
  })

  it('endpoint status: ids in hex, leader, term, alarms in errors', () => {
    expect(parseStatus(out.STATUS_OK)?.[1]).toEqual({
      endpoint: out.EP[1], memberId: out.HEX.node2, leader: out.HEX.node1, raftTerm: 3, raftIndex: 8, version: '3.4.23', dbSize: 20480, errors: [],
    })
    expect(parseStatus(`[${out.statusEntry(out.EP[0], out.ID.node1, { leader: '0', errors: ['memberID:1 alarm:NOSPACE '] })}]`)?.[0]).toMatchObject({ leader: '', errors: ['memberID:1 alarm:NOSPACE '] })
    expect(parseStatusErrors(out.STATUS_ONE_DOWN_STDERR)).toEqual(new Map([[out.EP[2], 'context deadline exceeded']]))
  })

  it.each<[string, string, unknown]>([
    ['no alarm', out.NO_ALARMS, []],
    ['NOSPACE on node3', out.ALARM_NOSPACE, [{ memberId: out.HEX.node3, alarm: 'NOSPACE' }]],
    ['not JSON', 'Error: x', null],
  ])('alarm list: %s', (_n, text, expected) => expect(parseAlarms(text)).toEqual(expected))

  it.each<[string, string, unknown]>([
    ['absent key', out.GET_ABSENT, { exists: false }],
    ['base64 value decoded', out.GET_NETWORK, { exists: true, value: '{"Network":"172.30.0.0/16"}', modRevision: 2 }],
    ['quotes and newlines kept', out.GET_QUOTED, { exists: true, value: 'a "b"\nc\n', modRevision: 3 }],
    ['not JSON', '', null],
  ])('get: %s', (_n, text, expected) => expect(parseGet(text)).toEqual(expected))

  it('member list', () => {
    expect(parseMembers(out.MEMBERS)?.map((m) => [m.name, m.id, m.clientURLs[0], m.isLearner])).toEqual([
      ['node2', out.HEX.node2, out.EP[1], false],
      ['node3', out.HEX.node3, out.EP[2], false],
      ['node1', out.HEX.node1, out.EP[0], false],
    ])
    expect(parseMembers('{}')).toBeNull()
  })

  it('messages: endpoints without scheme, stderr without JSON log lines', () => {
    expect(endpointName('https://10.0.0.3:2379/')).toBe('10.0.0.3:2379')
    expect(stderrMessage(out.STATUS_ONE_DOWN_STDERR + out.HEALTH_ONE_DOWN_STDERR)).toBe(
      'Failed to get the status of endpoint https://10.213.104.12:2379 (context deadline exceeded)\nError: unhealthy cluster',
    )
  })
})
