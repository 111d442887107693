/**
 * Every published policy version, so that an event recorded under an old version can be explained
 * with the rules that applied then.
 */
import type { EscalationPolicy } from './escalation-policy'
import { ladder2022v1 } from './ladder-2022.1'
import { ladder2026v1 } from './ladder-2026.1'

export class UnknownPolicyVersionError extends Error {
  override readonly name = 'UnknownPolicyVersionError'
}

const ladders = new Map<string, EscalationPolicy>([
  [ladder2022v1.version, ladder2022v1],
  [ladder2026v1.version, ladder2026v1],
])

/** The ladder new obligations are opened under (and record). */
export const defaultEscalationPolicy: EscalationPolicy = ladder2026v1
/**
 * The ladder of an obligation that recorded none: every obligation opened before ladders were
 * recorded on it walked ladder-2022.1, so old ledgers replay under it.
 */
export const unrecordedLadder: EscalationPolicy = ladder2022v1

/** Every published ladder version, oldest first. */
export const escalationPolicyVersions = (): string[] => [...ladders.keys()]

export function escalationPolicy(version: string): EscalationPolicy {
  const policy = ladders.get(version)
  if (!policy) throw new UnknownPolicyVersionError(`unknown escalation policy ${version}`)
  return policy
}
