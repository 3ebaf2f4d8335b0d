import { KrunError } from '../core/errors.js'
import type { ExecProbe } from './stat.js'
import {
  cpuFacts, distributionFacts, guessAddress, ipv4Network, memFacts, parseIpAddr, parseIpRoute, parseOsRelease, parseProcRoute,
} from './gather-parse.js'

/** Environment variables copied into ansible_env (not the whole environment: it may hold secrets). */
export const ENV_KEYS = ['HOME', 'PATH', 'USER', 'LOGNAME', 'SHELL', 'LANG', 'LC_ALL', 'PWD', 'TERM']

// Each section starts with a `@@name` line; every probe tolerates a missing tool.
const SECTIONS: Array<[string, string]> = [
  ['hostname', 'hostname 2>/dev/null || cat /proc/sys/kernel/hostname'],
  ['fqdn', 'timeout 5 hostname -f 2>/dev/null'],
  ['uname', 'uname -n; uname -s; uname -r; uname -m; uname -v'],
  ['os_release', 'cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null'],
  ['debian_version', 'cat /etc/debian_version 2>/dev/null'],
  ['service_mgr', 'if [ -d /run/systemd/system ]; then echo systemd; else cat /proc/1/comm 2>/dev/null; fi'],
  ['meminfo', "grep -E '^(MemTotal|MemFree|SwapTotal):' /proc/meminfo"],
  ['cpuinfo', "grep -E '^(processor|physical id|cpu cores)[[:space:]]*:' /proc/cpuinfo"],
  ['nproc', 'nproc 2>/dev/null'],
  ['user', 'id -un; id -u; id -g'],
  ['date', "date '+%s|%Y-%m-%d|%H:%M:%S|%Z|%z'"],
]
const NETWORK =
  "if command -v ip >/dev/null 2>&1; then echo @@ip_route; ip -4 route show default; echo @@ip_addr; ip -4 -o addr show; " +
  'else echo @@proc_route; cat /proc/net/route; echo @@hostname_i; hostname -I 2>/dev/null; fi'

/** The one command gather_facts runs per host (dash, GNU coreutils, iproute2 optional). */
export function gatherCommand(): string {
  const parts = SECTIONS.map(([name, cmd]) => `echo @@${name}; { ${cmd}; }`)
  // env first: the user's locale, before LC_ALL=C makes the other tools' output predictable
  const env = `echo @@env; env | grep -E '^(${ENV_KEYS.join('|')})='`
  return [env, 'LC_ALL=C; export LC_ALL', ...parts, NETWORK].join('\n')
}

/** Splits the output at `@@name` lines. */
export function splitSections(output: string): Record<string, string> {
  const out: Record<string, string> = {}
  let name = ''
  for (const line of output.split('\n')) {
    const m = /^@@(\w+)$/.exec(line)
    if (m) {
      name = m[1] ?? ''
      out[name] = ''
    } else if (name) {
      out[name] += `${line}\n`
    }
  }
  for (const k of Object.keys(out)) out[k] = (out[k] ?? '').replace(/\n+$/, '')
  return out
}

/** Facts under their Ansible names without the `ansible_` prefix (the `ansible_facts` dict). */
export function parseGather(output: string): Record<string, unknown> {
  const s = splitSections(output)
  const lines = (k: string): string[] => (s[k] ?? '').split('\n')
  const [nodename = '', system = 'Linux', kernel = '', arch = '', kernelVersion = ''] = lines('uname')
  const host = (s.hostname || nodename).trim()
  const [userId = '', uid = '', gid = ''] = lines('user')
  const env: Record<string, string> = {}
  for (const l of lines('env')) {
    const i = l.indexOf('=')
    if (i > 0) env[l.slice(0, i)] = l.slice(i + 1)
  }
  return {
    hostname: host.split('.')[0] ?? host,
    nodename,
    fqdn: (s.fqdn ?? '').trim() || host,
    system,
    kernel,
    kernel_version: kernelVersion,
    architecture: arch,
    machine: arch,
    ...distributionFacts(parseOsRelease(s.os_release ?? ''), s.debian_version ?? ''),
    service_mgr: (s.service_mgr ?? '').trim() || 'unknown',
    ...memFacts(s.meminfo ?? ''),
    ...cpuFacts(s.cpuinfo ?? '', s.nproc ?? ''),
    user_id: userId,
    user_uid: Number(uid),
    user_gid: Number(gid),
    user_dir: env.HOME ?? '',
    env,
    date_time: dateFacts(s.date ?? ''),
    ...networkFacts(s),
  }
}

function networkFacts(s: Record<string, string>): Record<string, unknown> {
  if (s.ip_addr !== undefined || s.ip_route !== undefined) {
    const addrs = parseIpAddr(s.ip_addr ?? '')
    const route = parseIpRoute(s.ip_route ?? '')
    const onDev = addrs.filter((a) => a.interface === route.interface)
    const a = onDev.find((x) => x.address === route.src) ?? onDev[0]
    const def = a
      ? { address: a.address, interface: a.interface, gateway: route.gateway ?? '', alias: a.alias, prefix: String(a.prefix),
          ...ipv4Network(a.address, a.prefix), ...(a.broadcast ? { broadcast: a.broadcast } : {}) }
      : {}
    return {
      default_ipv4: def,
      all_ipv4_addresses: addrs.filter((x) => !x.address.startsWith('127.')).map((x) => x.address),
      interfaces: [...new Set(addrs.map((x) => x.interface))],
    }
  }
  const route = parseProcRoute(s.proc_route ?? '')
  const all = (s.hostname_i ?? '').split(/\s+/).filter((x) => /^\d+\.\d+\.\d+\.\d+$/.test(x) && !x.startsWith('127.'))
  const address = route.interface ? guessAddress(all, route.gateway) : undefined
  return {
    default_ipv4: address ? { address, interface: route.interface, gateway: route.gateway ?? '' } : {},
    all_ipv4_addresses: all,
    interfaces: route.interface ? [route.interface] : [],
  }
}

function dateFacts(line: string): Record<string, string> {
  const [epoch = '', date = '', time = '', tz = '', offset = ''] = line.trim().split('|')
  const [year = '', month = '', day = ''] = date.split('-')
  const [hour = '', minute = '', second = ''] = time.split(':')
  return { epoch, date, time, year, month, day, hour, minute, second, tz, tz_offset: offset, iso8601: epoch ? new Date(Number(epoch) * 1000).toISOString().replace(/\.\d+Z$/, 'Z') : '' }
}

/** The facts as host variables: every fact as `ansible_<name>`, plus the `ansible_facts` dict. */
export function factsToVars(facts: Record<string, unknown>): Record<string, unknown> {
  const vars: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(facts)) vars[`ansible_${k}`] = v
  vars.ansible_facts = facts
  return vars
}

/** Runs gather_facts on one host: one command, then parse. */
export async function gatherFacts(probe: ExecProbe): Promise<Record<string, unknown>> {
  const r = await probe.exec(gatherCommand())
  if (!r.stdout.includes('@@uname')) {
    throw new KrunError('E_GATHER', `gathering facts failed (exit code ${r.rc}): ${r.stderr.trim()}`)
  }
  return factsToVars(parseGather(r.stdout))
}
