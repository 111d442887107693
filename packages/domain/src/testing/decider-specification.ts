/**
 * Given / when / then for deciders, after Emmett's `DeciderSpecification`:
 *
 *   const spec = DeciderSpecification.for(taskDecider, { context, registry: domainEvents })
 *   spec.given([planned]).when(command).then([registered])
 *   spec.given([]).when(command, otherContext).thenThrows('forbidden', /supervision office/)
 *
 * It asserts with `node:assert`, so it works under any test runner: a failed expectation throws.
 * With a registry, every decided event must also pass its schema and survive encode → decode.
 */
import assert from 'node:assert/strict'
import type { CommandContext, Decider } from '../decider'
import { DomainError, type DomainErrorCode } from '../errors'

export interface SpecificationOptions<Context> {
  /** The context of every `when` that names none. */
  context: Context
  registry?: Codec
}

/** The part of an `EventRegistry` the specification uses. */
interface Codec {
  encode(event: never): { type: string; schemaVersion: number; data: unknown }
  decode(type: string, schemaVersion: number, data: unknown): unknown
}

export interface Then<Event> {
  then(expected: Event[]): void
  thenThrows(code: DomainErrorCode, message?: RegExp): void
}

export interface Given<Command, Event, Context> {
  when(command: Command, context?: Context): Then<Event>
}

export const DeciderSpecification = {
  for<State, Command, Event extends { type: string }, Context extends CommandContext>(
    decider: Decider<State, Command, Event, Context>,
    options: SpecificationOptions<Context>,
  ) {
    return {
      given(events: Event[]): Given<Command, Event, Context> {
        return {
          when(command, context = options.context) {
            const run = () => {
              let state = decider.initialState()
              for (const event of events) state = decider.evolve(state, event)
              return decider.decide(command, state, context)
            }
            return {
              // biome-ignore lint/suspicious/noThenProperty: Emmett's given/when/then vocabulary; never awaited
              then(expected) {
                const actual = run()
                assert.deepStrictEqual(actual, expected)
                for (const event of actual) {
                  const registry = options.registry
                  if (!registry) continue
                  const stored = registry.encode(event as never)
                  assert.deepStrictEqual(
                    registry.decode(stored.type, stored.schemaVersion, stored.data),
                    event,
                  )
                }
              },
              thenThrows(code, message) {
                assert.throws(run, (error: unknown) => {
                  if (!(error instanceof DomainError)) throw error
                  assert.equal(error.code, code, `expected ${code}, got ${error.code}: ${error.message}`)
                  if (message) assert.match(error.message, message)
                  return true
                })
              },
            }
          },
        }
      },
    }
  },
}
