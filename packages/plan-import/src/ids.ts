/**
 * Ids for event streams: ASCII `[A-Za-z0-9][A-Za-z0-9._-]*`, at most 64, never `~`.
 *
 * - plan: `<year>-<hash>`: the issue year (else the period start) and a base-36 FNV-1a hash of
 *   the title, so re-importing the same plan gives the same id. E.g. `2022-0r7k3jd`.
 * - section: `g<n>` for the n-th action group of the plan, `safeguards` for 保障措施.
 * - item: `t<number>` for task number n as written, `s<n>` for the n-th safeguard,
 *   `tg<n>` for a task written as an action-group heading with a body; a repeated id gets `-2`.
 * - target: `<item id>.k<n>`; plan-level goals `goals.k<n>`.
 * Section, item and target ids are unique within their plan; prefix the plan id for a global one.
 */
export const STREAM_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

export function planId(title: string, year: number | null): string {
  return `${year ?? 'undated'}-${fnv1a(title).toString(36).padStart(7, '0')}`
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash
}
