/**
 * The anchor of a PostgreSQL log, in a table apart from the events (`event_log_anchor`, one
 * row): it only moves forward, so several API processes saving their heads never move it back.
 * A table beside the log is weaker than a file an auditor keeps (whoever can cut the events can
 * edit it too), which is why `duban anchor` exports one as well.
 */
import pg from 'pg'
import { type Anchor, type AnchorStore, parseAnchor } from '../anchor'
import { migratePostgres } from './schema'

export function postgresAnchorStore(
  connectionString: string,
  display = 'event_log_anchor',
): AnchorStore & {
  close(): Promise<void>
} {
  const pool = new pg.Pool({ connectionString, max: 1, application_name: 'duban-anchor' })
  pool.on('error', () => undefined)
  let created: Promise<unknown> | undefined
  // The table is the schema migrations'; a process that saves an anchor has opened the store,
  // so this is normally a check that finds nothing to run.
  const ready = () => (created ??= migratePostgres(pool))
  return {
    where: `${display} (table event_log_anchor)`,
    async load(): Promise<Anchor | undefined> {
      await ready()
      const { rows } = await pool.query<{ anchor: string }>(
        'SELECT anchor FROM event_log_anchor WHERE id = 1',
      )
      return rows[0] ? parseAnchor(rows[0].anchor, 'event_log_anchor') : undefined
    },
    async save(anchor) {
      await ready()
      await pool.query(
        `INSERT INTO event_log_anchor (id, position, anchor) VALUES (1, $1, $2)
         ON CONFLICT (id) DO UPDATE SET position = EXCLUDED.position, anchor = EXCLUDED.anchor
         WHERE event_log_anchor.position < EXCLUDED.position`,
        [anchor.position, JSON.stringify(anchor)],
      )
    },
    close: () => pool.end(),
  }
}
