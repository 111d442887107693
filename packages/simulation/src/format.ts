/** The simulation summary as text for a terminal. */
import type { SimulationSummary } from './summary'

const n = (value: number) => value.toLocaleString('en-US')

export function formatSummary(s: SimulationSummary): string {
  const lines = [
    `simulated ${s.from} → ${s.to}, seed ${s.seed}; lights as of ${s.asOf}`,
    `plans ${n(s.plans)} · tasks ${n(s.tasks)} · assignments ${n(s.assignments)} · events ${n(s.events)}`,
    '',
    `reports       submitted ${n(s.reports.submitted)} · accepted ${n(s.reports.accepted)} · returned ${n(s.reports.returned)}`,
    `reminders     due soon ${n(s.reminders.dueSoon)} · overdue ${n(s.reminders.overdue)}`,
    `notices       issued ${n(s.notices.issued)} · answered ${n(s.notices.answered)}`,
    `escalations   ${n(s.escalations)}`,
    `extensions    requested ${n(s.extensions.requested)} · granted ${n(s.extensions.granted)} · refused ${n(s.extensions.refused)}`,
    `closings      ${n(s.closings)} (completion requests ${n(s.completions.requested)}, sent back ${n(s.completions.sentBack)})`,
    `lights        assignments: green ${n(s.lights.assignments.green)} · yellow ${n(s.lights.assignments.yellow)} · red ${n(s.lights.assignments.red)}` +
      `   tasks: green ${n(s.lights.tasks.green)} · yellow ${n(s.lights.tasks.yellow)} · red ${n(s.lights.tasks.red)}`,
    ...(s.refusedCommands > 0
      ? [`refused       ${n(s.refusedCommands)} simulated commands the domain refused`]
      : []),
    '',
    'lights by unit (assignments; red first)   red  yellow  green  behaviour  unit',
  ]
  const units = [...s.units].sort(
    (a, b) => b.red - a.red || b.yellow - a.yellow || a.unitId.localeCompare(b.unitId),
  )
  for (const unit of units) {
    const why =
      unit.worst && unit.worst.light !== 'green' ? `  — ${unit.worst.rule}: ${unit.worst.because}` : ''
    lines.push(
      `${' '.repeat(41)}${String(unit.red).padStart(4)}  ${String(unit.yellow).padStart(6)}  ${String(unit.green).padStart(5)}  ${unit.profile.padEnd(9)}  ${unit.unitId} ${unit.name}${why}`,
    )
  }
  return `${lines.join('\n')}\n`
}
