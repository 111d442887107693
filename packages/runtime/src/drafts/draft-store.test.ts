/** The two draft stores behave alike; on PostgreSQL a draft is shared by every API process. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startTestPostgres } from '@duban/eventstore/postgres-testing'
import type { PlanDraft } from '@duban/plan-import'
import pg from 'pg'
import t from 'tap'
import type { DraftStore } from './draft-store'
import { PostgresDraftStore } from './postgres-draft-store'
import { SqliteDraftStore } from './sqlite-draft-store'

const server = await startTestPostgres()
t.teardown(() => server.stop())

const ID = '8f0c2a4e-5b1d-4c3e-9a7f-1e2d3c4b5a69'
const NOW = new Date('2026-01-05T02:00:00Z')
const draft = (title: string) => ({ plans: [{ title }], warnings: [] }) as unknown as PlanDraft

async function postgresStore(url: string): Promise<DraftStore> {
  const pool = new pg.Pool({ connectionString: url, max: 2 })
  t.teardown(() => pool.end())
  return PostgresDraftStore.open(pool)
}

const stores: [string, () => Promise<DraftStore>][] = [
  [
    'SQLite',
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'duban-drafts-'))
      const store = new SqliteDraftStore(path.join(dir, 'drafts.sqlite'))
      t.teardown(async () => {
        await store.close()
        rmSync(dir, { recursive: true, force: true })
      })
      return store
    },
  ],
  ['PostgreSQL', async () => postgresStore(await server.createDatabase('drafts'))],
]

for (const [kind, open] of stores) {
  t.test(`given the ${kind} draft store`, async (t) => {
    const drafts = await open()
    const created = await drafts.create(ID, '一、…', draft('第一稿'), NOW)
    t.same(created, {
      id: ID,
      revision: 1,
      draft: draft('第一稿'),
      createdAt: NOW.toISOString(),
      confirmedAt: null,
      confirmation: null,
    })
    t.equal(await drafts.get('no-such-draft'), undefined)

    t.ok(await drafts.update(ID, 1, draft('第二稿')), 'then an edit at the current revision is taken')
    t.notOk(await drafts.update(ID, 1, draft('旧稿')), 'then an edit at an old revision is refused')
    t.match(await drafts.get(ID), { revision: 2, draft: draft('第二稿') })

    await drafts.markConfirmed(ID, NOW, { eventsWritten: 7 })
    await drafts.markConfirmed(ID, new Date('2026-02-01T00:00:00Z'), { eventsWritten: 0 })
    t.match(
      await drafts.get(ID),
      { confirmedAt: NOW.toISOString(), confirmation: { eventsWritten: 7 } },
      'then the first confirmation stays',
    )
    t.notOk(await drafts.update(ID, 2, draft('改')), 'then a confirmed draft is frozen')
  })
}

t.test(
  'given two API processes on one PostgreSQL, then a draft made on one is edited on the other',
  async (t) => {
    const url = await server.createDatabase('drafts_shared')
    const [one, two] = await Promise.all([postgresStore(url), postgresStore(url)])
    await one.create(ID, '一、…', draft('第一稿'), NOW)
    t.ok(await two.update(ID, 1, draft('第二稿')))
    t.match(await one.get(ID), { revision: 2, draft: draft('第二稿') })
  },
)
