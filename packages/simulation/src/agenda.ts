/** What simulated people will do, by business date and time of day, in the order it was planned. */
export type Phase = 'unit' | 'office'

export interface PlannedAction {
  phase: Phase
  run(): Promise<void>
}

export class Agenda {
  private readonly byDay = new Map<string, PlannedAction[]>()

  add(day: string, phase: Phase, run: () => Promise<void>): void {
    const actions = this.byDay.get(day) ?? []
    actions.push({ phase, run })
    this.byDay.set(day, actions)
  }

  /** The day's actions of one phase, removed from the agenda. */
  take(day: string, phase: Phase): PlannedAction[] {
    const actions = this.byDay.get(day) ?? []
    const taken = actions.filter((a) => a.phase === phase)
    const rest = actions.filter((a) => a.phase !== phase)
    if (rest.length > 0) this.byDay.set(day, rest)
    else this.byDay.delete(day)
    return taken
  }
}
