/**
 * Output of etcdctl 3.4.23 (Debian 12's etcd-client), captured from a 3-member TLS cluster on
 * lab hosts (`-w json`), for parser and plan tests. Member ids are above 2^53 on purpose: that
 * is how etcd prints them. Entries marked "edited" change one field of a capture to play a
 * state that is hard to provoke (a second leader, a newer term).
 */
export const EP = ['https://10.213.104.10:2379', 'https://10.213.104.11:2379', 'https://10.213.104.12:2379'] as const

/** Member ids of node1..3 (decimal, as in the JSON) and in hex (as etcdctl's table prints them). */
export const ID = { node1: '16392989187440125518', node2: '6485457304875168549', node3: '7181205544105929519' } as const
export const HEX = { node1: 'e37f98cfec30264e', node2: '5a00f90eaf0bf325', node3: '63a8c4650b7feb2f' } as const

const health = (e: string, ok = true, extra = ''): string => `{"endpoint":"${e}","health":${ok},"took":"${ok ? '6.374277ms' : '5.000638764s'}"${extra}}`

export const HEALTH_OK = `[${health(EP[2])},${health(EP[1])},${health(EP[0])}]\n`
export const HEALTH_ONE_DOWN = `[${health(EP[0])},${health(EP[1])},${health(EP[2], false, ',"error":"context deadline exceeded"')}]\n`

/** One `endpoint status` entry; `leader`/`term` default to the captured values. */
export function statusEntry(ep: string, member: string, o: { leader?: string; term?: number; errors?: string[] } = {}): string {
  const term = o.term ?? 3
  const errors = o.errors ? `,"errors":${JSON.stringify(o.errors)}` : ''
  return `{"Endpoint":"${ep}","Status":{"header":{"cluster_id":16223653071693414862,"member_id":${member},"revision":1,"raft_term":${term}},"version":"3.4.23","dbSize":20480,"leader":${o.leader ?? ID.node1},"raftIndex":8,"raftTerm":${term},"raftAppliedIndex":8${errors},"dbSizeInUse":16384}}`
}

export const STATUS_OK = `[${statusEntry(EP[0], ID.node1)},${statusEntry(EP[1], ID.node2)},${statusEntry(EP[2], ID.node3)}]\n`
export const STATUS_ONE_DOWN = `[${statusEntry(EP[0], ID.node1)},${statusEntry(EP[1], ID.node2)}]\n`
export const STATUS_ONE_DOWN_STDERR =
  '{"level":"warn","ts":"2026-11-22T04:46:30.268Z","caller":"clientv3/retry_interceptor.go:62","msg":"retrying of unary invoker failed","target":"passthrough:///https://10.213.104.12:2379","attempt":0,"error":"rpc error: code = DeadlineExceeded desc = latest balancer error: connection error: desc = \\"transport: Error while dialing dial tcp 10.213.104.12:2379: connect: connection refused\\""}\n' +
  'Failed to get the status of endpoint https://10.213.104.12:2379 (context deadline exceeded)\n'
export const HEALTH_ONE_DOWN_STDERR = 'Error: unhealthy cluster\n'

export const NO_ALARMS = '{}\n'
export const ALARM_NOSPACE = `{"alarms":[{"memberID":${ID.node3},"alarm":1}]}\n`

const HEADER = `"header":{"cluster_id":16223653071693414862,"member_id":${ID.node1},"revision":2,"raft_term":3}`
export const GET_ABSENT = `{${HEADER}}\n`
/** /kubernetes/network/config = {"Network":"172.30.0.0/16"} */
export const GET_NETWORK = `{${HEADER},"kvs":[{"key":"L2t1YmVybmV0ZXMvbmV0d29yay9jb25maWc=","create_revision":2,"mod_revision":2,"version":1,"value":"eyJOZXR3b3JrIjoiMTcyLjMwLjAuMC8xNiJ9"}],"count":1}\n`
/** -k = 'a "b"\nc\n' (put from stdin: bytes kept exactly) */
export const GET_QUOTED = `{${HEADER},"kvs":[{"key":"LWs=","create_revision":3,"mod_revision":3,"version":1,"value":"YSAiYiIKYwo="}],"count":1}\n`

export const MEMBERS = `{"header":{"cluster_id":16223653071693414862,"member_id":${ID.node3},"raft_term":3},"members":[{"ID":${ID.node2},"name":"node2","peerURLs":["https://10.213.104.11:2380"],"clientURLs":["https://10.213.104.11:2379"]},{"ID":${ID.node3},"name":"node3","peerURLs":["https://10.213.104.12:2380"],"clientURLs":["https://10.213.104.12:2379"]},{"ID":${ID.node1},"name":"node1","peerURLs":["https://10.213.104.10:2380"],"clientURLs":["https://10.213.104.10:2379"]}]}\n`

/** A missing --cacert file: etcdctl stops before printing anything. */
export const BAD_CACERT_STDERR = 'Error: open /nope.pem: no such file or directory\n'
