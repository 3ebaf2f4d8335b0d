/** Edit distance between two strings (insert, delete, substitute, adjacent swap each cost 1). */
export function levenshtein(a: string, b: string): number {
  const rows: number[][] = []
  for (let i = 0; i <= a.length; i++) {
    const row: number[] = [i]
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j)
        continue
      }
      const prev = rows[i - 1] as number[]
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost)
      // a transposition ("wehn" for "when") is one typo, not two
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, ((rows[i - 2] as number[])[j - 2] as number) + 1)
      }
      row.push(d)
    }
    rows.push(row)
  }
  return (rows[a.length] as number[])[b.length] as number
}

/**
 * The candidate nearest to `word`, if it is close enough to be a plausible typo:
 * at most a third of the word's length (at least 1, at most 3) edits away.
 */
export function nearest(word: string, candidates: Iterable<string>): { name: string; distance: number } | undefined {
  const limit = Math.min(3, Math.max(1, Math.floor(word.length / 3)))
  let best: { name: string; distance: number } | undefined
  const lower = word.toLowerCase()
  for (const c of candidates) {
    const d = levenshtein(lower, c.toLowerCase())
    if (d <= limit && (!best || d < best.distance)) best = { name: c, distance: d }
  }
  return best
}

/** ` (did you mean 'x'?)` or the empty string, to append to a message. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const n = nearest(word, candidates)
  return n ? ` (did you mean '${n.name}'?)` : ''
}
