/** Splits a play's hosts into serial batches: numbers, percentages, or a list whose last size repeats. */
export function batches(hosts: string[], serial: Array<number | string>): string[][] {
  if (serial.length === 0 || hosts.length === 0) return [hosts]
  const size = (s: number | string): number => {
    const str = String(s).trim()
    if (str.endsWith('%')) return Math.max(1, Math.floor((hosts.length * Number(str.slice(0, -1))) / 100))
    const n = Number(str)
    return Number.isFinite(n) && n > 0 ? Math.floor(n) : hosts.length
  }
  const out: string[][] = []
  let i = 0
  let k = 0
  while (i < hosts.length) {
    const n = size(serial[Math.min(k, serial.length - 1)]!)
    out.push(hosts.slice(i, i + n))
    i += n
    k++
  }
  return out
}
