/** The targets of issue 7, as numbers the table and the JSON report check against. */

/** Largest krun/ansible wall-time ratio allowed for a workload (undefined: no target). */
export function ansibleTarget(workload: string): number | undefined {
  if (workload === 'W1' || workload === 'W2') return 1 / 15
  if (workload === 'W3' || workload === 'W3r') return 1 / 30
  return undefined
}

/** Largest krun/floor wall-time ratio allowed; the target is stated at N=50 (and holds above). */
export function floorTarget(n: number): number | undefined {
  return n >= 50 ? 1.5 : undefined
}

/** Controller peak RSS limit at N=200, in kB. */
export const RSS_LIMIT_KB_AT_200 = 300 * 1024

/** 'ok' / 'MISS' / '' for a value against a ceiling. */
export function verdict(value: number | undefined, limit: number | undefined): '' | 'ok' | 'MISS' {
  if (value === undefined || limit === undefined) return ''
  return value <= limit ? 'ok' : 'MISS'
}
