/**
 * The worker thread that composes a bulletin (see `compose-off-thread.ts`): its own read-only
 * connection to the read-model file, at the pinned position, under the pinned rule versions.
 */
import { readOnlyPeriodFacts } from '@duban/read-models'
import { publishedRules } from '../rules'
import type { ComposeJob } from './compose-off-thread'
import { documentsFrom } from './documents'

export default async function compose(job: ComposeJob) {
  const rules = publishedRules()
  const { asOf, ladderVersion, calendarVersion } = job.bulletin
  const facts = readOnlyPeriodFacts(
    job.file,
    { position: asOf.position, date: asOf.date, live: false },
    { ladder: rules.ladder(ladderVersion), workingDays: rules.workingDays(calendarVersion) },
  )
  const names = new Map(job.names)
  return documentsFrom(facts, job.bulletin, (unitId) => names.get(unitId) ?? unitId)
}
