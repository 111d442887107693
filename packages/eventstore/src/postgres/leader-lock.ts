/**
 * One active process of a kind (the scheduler, the projector) among several: a PostgreSQL
 * session-level advisory lock held on a dedicated connection.
 *
 * Why a session lock on its own connection: the lock lives exactly as long as the connection,
 * so when the leader's process dies, its socket closes, the server ends the session and the lock
 * is free for a standby; no lease to renew, no clock to trust. The connection is never a pooled
 * one shared with queries: a pool would hand the session, and its lock, to other work.
 *
 * - Standbys poll `pg_try_advisory_lock` every `retryIntervalMs` (polling, not a blocking
 *   `pg_advisory_lock`, so that shutting a standby down never waits on a query).
 * - The leader checks every `checkIntervalMs` that its connection answers and still holds the
 *   lock; a connection error, an `end`, a failed or slow check → `onLost`, and the leadership is
 *   over for good: whoever acts for the leader must stop (the scheduler exits and is restarted
 *   as a standby, as Kubernetes' leader election does).
 * - The server is asked to probe an idle leader with TCP keepalives (10 s, then 5 s × 3), so a
 *   leader whose machine vanished loses the lock in about 25 s instead of the kernel's 2 hours.
 *
 * The window this leaves: a leader cut off from the server may act for up to one check interval
 * after the server freed its lock and a standby took it. Work done under the lock must therefore
 * be idempotent anyway (the scheduler's is: deterministic ids and command ids); the lock makes
 * the second writer rare, not impossible.
 *
 * Does not work through a connection pooler in transaction mode (PgBouncer): session locks need
 * a session. Keys: the two-int form `(0x64756261 'duba', hash of the name)`, which never collides
 * with the store's own single-bigint advisory locks.
 */
import { createHash } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import type { Logger } from 'pino'

export interface LeadershipOptions {
  /** `postgres://…`; or `pool`, from which one connection is taken for as long as this contends. */
  connectionString?: string
  pool?: pg.Pool
  /** What is led, e.g. `scheduler`: one leader per name per database. */
  name: string
  /** Called once if the leadership is lost (connection gone, lock gone, check failed or too slow). */
  onLost?: (error: Error) => void
  /** How often a standby tries to take the lock; default 2,000 ms. */
  retryIntervalMs?: number
  /** How often the leader checks its connection and lock; default 5,000 ms. Also the check's timeout. */
  checkIntervalMs?: number
  /** Stops contending: `acquireLeadership` then rejects with the signal's reason. */
  signal?: AbortSignal
  logger?: Logger
}

export interface Leadership {
  readonly name: string
  /** True once `onLost` has fired. */
  readonly lost: boolean
  /** The server process (`pg_backend_pid()`) whose session holds the lock. */
  readonly backendPid: number
  /** Unlocks and closes the lock's connection; safe to call twice or after a loss. */
  release(): Promise<void>
}

const LOCK_CLASS = 0x64756261

/** The advisory lock key pair for a name: a fixed class and a positive 31-bit hash of the name. */
export function leaderLockKey(name: string): [number, number] {
  return [LOCK_CLASS, createHash('sha256').update(name).digest().readUInt32BE(0) & 0x7fffffff]
}

const TRY_LOCK = 'SELECT pg_try_advisory_lock($1::int4, $2::int4) AS locked, pg_backend_pid() AS pid'
const HOLDS_LOCK = `SELECT EXISTS (
  SELECT 1 FROM pg_locks
  WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid()
    AND classid = $1::int8::oid AND objid = $2::int8::oid AND objsubid = 2) AS held`
const UNLOCK = 'SELECT pg_advisory_unlock($1::int4, $2::int4)'
const KEEPALIVES = [
  'SET tcp_keepalives_idle = 10',
  'SET tcp_keepalives_interval = 5',
  'SET tcp_keepalives_count = 3',
]

interface Held {
  client: pg.ClientBase
  /** Set for a client this module made: it still has to connect. */
  connect?: () => Promise<void>
  close(): Promise<void>
}

/**
 * Resolves when this process holds the leadership named `name`; until then it stands by, trying
 * again every `retryIntervalMs` and reconnecting after a lost connection.
 */
export async function acquireLeadership(options: LeadershipOptions): Promise<Leadership> {
  const key = leaderLockKey(options.name)
  const retryIntervalMs = options.retryIntervalMs ?? 2000
  const { signal, logger } = options
  for (;;) {
    signal?.throwIfAborted()
    let held: Held | undefined
    try {
      held = await connect(options)
      for (;;) {
        const { rows } = await held.client.query<{ locked: boolean; pid: number }>(TRY_LOCK, key)
        const row = rows[0]!
        if (row.locked) {
          // Aborted while the lock was being taken: give it back rather than lead for nobody.
          if (signal?.aborted) {
            await held.close()
            signal.throwIfAborted()
          }
          return lead(held, row.pid, key, options)
        }
        await sleep(retryIntervalMs, undefined, { signal })
      }
    } catch (error) {
      await held?.close()
      signal?.throwIfAborted()
      logger?.warn({ err: error, leadership: options.name }, 'leader lock: standby connection failed')
      await sleep(retryIntervalMs, undefined, { signal })
    }
  }
}

async function connect(options: LeadershipOptions): Promise<Held> {
  let held: Held
  if (options.pool) {
    const client = await options.pool.connect()
    // Destroyed, never returned: a pooled session must not keep (or lose) the lock for others.
    held = { client, close: once(async () => client.release(true)) }
  } else {
    const client = new pg.Client({
      connectionString: options.connectionString,
      application_name: `duban-leader:${options.name}`.slice(0, 63),
      keepAlive: true,
    })
    held = {
      client,
      connect: async () => {
        await client.connect()
      },
      close: once(() => client.end().catch(() => undefined)),
    }
  }
  // Until `lead` installs its own handler, an error surfaces through the next query.
  held.client.on('error', () => undefined)
  try {
    await held.connect?.()
    for (const statement of KEEPALIVES) await held.client.query(statement)
  } catch (error) {
    await held.close()
    throw error
  }
  return held
}

function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined
  return () => {
    closing ??= close()
    return closing
  }
}

function lead(held: Held, backendPid: number, key: [number, number], options: LeadershipOptions): Leadership {
  const checkIntervalMs = options.checkIntervalMs ?? 5000
  let lost = false
  let released = false

  const lose = (error: unknown) => {
    if (lost || released) return
    lost = true
    clearInterval(check)
    void held.close()
    const reason = error instanceof Error ? error : new Error(String(error))
    options.logger?.error({ err: reason, leadership: options.name }, 'leader lock: leadership lost')
    options.onLost?.(reason)
  }
  held.client.on('error', lose)
  held.client.on('end', () => lose(new Error('the leader lock connection ended')))

  let checking = false
  const check = setInterval(() => {
    if (checking) return
    checking = true
    withTimeout(held.client.query<{ held: boolean }>(HOLDS_LOCK, key), checkIntervalMs)
      .then(({ rows }) => {
        if (!rows[0]?.held) lose(new Error('the advisory lock is no longer held'))
      })
      .catch(lose)
      .finally(() => {
        checking = false
      })
  }, checkIntervalMs)
  check.unref()

  return {
    name: options.name,
    get lost() {
      return lost
    },
    backendPid,
    async release() {
      if (released) return
      released = true
      clearInterval(check)
      if (!lost) await held.client.query(UNLOCK, key).catch(() => undefined)
      await held.close()
    },
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the leader lock check took over ${ms} ms`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
