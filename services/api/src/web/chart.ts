/**
 * An indicator's trajectory chart (序时进度) as server-rendered SVG: the planned path (baseline,
 * yearly steps, target by its due date) dashed, the reported actuals as a solid line with dots.
 * Presentation attributes only, so the page's CSP needs no inline styles.
 */
import type { Target } from '@duban/domain'
import { html, type SafeHtml } from './html'

export interface Point {
  date: string
  value: number
}

/** "2023" → end of 2023; "2023-Q2" → end of June; "2023-05" → end of May. */
export function periodEnd(period: string): string | undefined {
  const year = /^(\d{4})$/.exec(period)
  if (year) return `${year[1]}-12-31`
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period)
  if (quarter)
    return new Date(Date.UTC(Number(quarter[1]), Number(quarter[2]) * 3, 0)).toISOString().slice(0, 10)
  const month = /^(\d{4})-(\d{2})$/.exec(period)
  if (month) return new Date(Date.UTC(Number(month[1]), Number(month[2]), 0)).toISOString().slice(0, 10)
  return undefined
}

/** The planned path: baseline, yearly steps, and the target at its due date. */
export function plannedPath(target: Target): Point[] {
  const points: Point[] = []
  if (target.baseline) points.push({ date: `${target.baseline.year}-12-31`, value: target.baseline.value })
  for (const step of target.steps ?? []) points.push({ date: `${step.year}-12-31`, value: step.value })
  if (target.value !== undefined && target.dueOn) points.push({ date: target.dueOn, value: target.value })
  return points.sort((a, b) => a.date.localeCompare(b.date))
}

const W = 360
const H = 180
const PAD = { left: 48, right: 12, top: 14, bottom: 28 }

/** The actual line's colour: the indicator's light, blue when it has none. */
const lightColours = { red: '#c62828', yellow: '#d9a400', green: '#2e7d32' } as const

export function trajectoryChart(
  target: Target,
  actuals: Point[],
  from: string,
  asOf: string,
  light: keyof typeof lightColours | null = null,
): SafeHtml {
  const colour = light ? lightColours[light] : '#1f5fa8'
  const last = actuals.at(-1)
  const planned = plannedPath(target)
  const all = [...planned, ...actuals]
  const to = [target.dueOn ?? from, ...all.map((p) => p.date)].sort().at(-1) ?? from
  const max = Math.max(1, ...all.map((p) => p.value)) * 1.1
  const t0 = Date.parse(from)
  const span = Math.max(1, Date.parse(to) - t0)
  const x = (date: string) => PAD.left + ((Date.parse(date) - t0) / span) * (W - PAD.left - PAD.right)
  const y = (value: number) => H - PAD.bottom - (value / max) * (H - PAD.top - PAD.bottom)
  const path = (points: Point[]) =>
    points.map((p) => `${x(p.date).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ')
  const plannedLine =
    planned.length === 1
      ? html`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(planned[0]!.value)}" y2="${y(planned[0]!.value)}" stroke="#8a6d3b" stroke-dasharray="5 4"/>`
      : html`<polyline points="${path(planned)}" fill="none" stroke="#8a6d3b" stroke-dasharray="5 4"/>`
  const years: string[] = []
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++)
    years.push(`${year}-01-01`)
  return html`<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${target.text}">
<line x1="${PAD.left}" y1="${H - PAD.bottom}" x2="${W - PAD.right}" y2="${H - PAD.bottom}" stroke="#999"/>
<line x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${H - PAD.bottom}" stroke="#999"/>
<text x="${PAD.left - 4}" y="${PAD.top + 4}" text-anchor="end" font-size="10" fill="#555">${formatValue(max)}</text>
<text x="${PAD.left - 4}" y="${H - PAD.bottom}" text-anchor="end" font-size="10" fill="#555">0</text>
${years
  .filter((d) => Date.parse(d) >= t0)
  .map(
    (d) =>
      html`<text x="${x(d)}" y="${H - 10}" text-anchor="middle" font-size="10" fill="#555">${d.slice(0, 4)}</text>`,
  )}
${asOf >= from && asOf <= to ? html`<line x1="${x(asOf)}" x2="${x(asOf)}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="#c00" stroke-width="0.8"/>` : ''}
${planned.length > 0 ? plannedLine : ''}
${actuals.length > 1 ? html`<polyline points="${path(actuals)}" fill="none" stroke="${colour}" stroke-width="2"/>` : ''}
${actuals.map((p) => html`<circle cx="${x(p.date)}" cy="${y(p.value)}" r="3" fill="${colour}"><title>${p.date}：${formatValue(p.value)}</title></circle>`)}
${last ? html`<text x="${x(last.date)}" y="${y(last.value) - 6}" text-anchor="middle" font-size="10" fill="${colour}" data-testid="latest-value">${formatValue(last.value)}</text>` : ''}
</svg>`
}

export function formatValue(value: number): string {
  if (Math.abs(value) >= 1e8) return `${+(value / 1e8).toFixed(2)}亿`
  if (Math.abs(value) >= 1e4) return `${+(value / 1e4).toFixed(2)}万`
  return `${+value.toFixed(2)}`
}
