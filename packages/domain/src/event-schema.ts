/**
 * Versioned event schemas. Each event type has one zod schema per schema version; the newest
 * is what the code works with, and `upcast` turns a stored older version into it on read.
 * Stored events are never rewritten.
 */
import type { z } from 'zod'

export interface EventDefinition<Type extends string, Schema extends z.ZodType> {
  type: Type
  /** The current schema version, written on every new event. */
  schemaVersion: number
  schema: Schema
  /**
   * Upcasters from older versions: `upcasters[n]` turns version n data into version n + 1.
   * Applied in sequence until the current version is reached.
   */
  upcasters: Record<number, (data: unknown) => unknown>
}

export function defineEvent<Type extends string, Schema extends z.ZodType>(
  type: Type,
  schema: Schema,
  options: { schemaVersion?: number; upcasters?: Record<number, (data: unknown) => unknown> } = {},
): EventDefinition<Type, Schema> {
  return { type, schema, schemaVersion: options.schemaVersion ?? 1, upcasters: options.upcasters ?? {} }
}

/** A domain event: its type and its data at the current schema version. */
export type DomainEventOf<D> =
  D extends EventDefinition<infer Type, infer Schema> ? { type: Type; data: z.infer<Schema> } : never

export class UnknownEventError extends Error {
  override readonly name = 'UnknownEventError'
}

/** Decodes stored events of known types into their current shape. */
export class EventRegistry<Definitions extends EventDefinition<string, z.ZodType>> {
  private readonly byType = new Map<string, Definitions>()

  constructor(definitions: readonly Definitions[]) {
    for (const definition of definitions) {
      if (this.byType.has(definition.type)) throw new Error(`event type ${definition.type} defined twice`)
      this.byType.set(definition.type, definition)
    }
  }

  /** Every event type the registry knows. */
  types(): string[] {
    return [...this.byType.keys()]
  }

  has(type: string): boolean {
    return this.byType.has(type)
  }

  /** The current schema version of a type, for writing. */
  schemaVersionOf(type: string): number {
    return this.definition(type).schemaVersion
  }

  /**
   * Validates a new event against its current schema and stamps the version to store it with:
   * what the API turns into the store's `NewEvent`.
   */
  encode(event: DomainEventOf<Definitions>): { type: string; schemaVersion: number; data: unknown } {
    const definition = this.definition(event.type)
    return {
      type: event.type,
      schemaVersion: definition.schemaVersion,
      data: definition.schema.parse(event.data),
    }
  }

  /** Upcasts stored data to the current version and validates it. */
  decode(type: string, schemaVersion: number, data: unknown): DomainEventOf<Definitions> {
    const definition = this.definition(type)
    let current = data
    for (let version = schemaVersion; version < definition.schemaVersion; version++) {
      const upcast = definition.upcasters[version]
      if (!upcast) throw new UnknownEventError(`no upcaster for ${type} from version ${version}`)
      current = upcast(current)
    }
    if (schemaVersion > definition.schemaVersion) {
      throw new UnknownEventError(
        `${type} version ${schemaVersion} is newer than this code (${definition.schemaVersion})`,
      )
    }
    return { type, data: definition.schema.parse(current) } as DomainEventOf<Definitions>
  }

  private definition(type: string): Definitions {
    const definition = this.byType.get(type)
    if (!definition) throw new UnknownEventError(`unknown event type ${type}`)
    return definition
  }
}
