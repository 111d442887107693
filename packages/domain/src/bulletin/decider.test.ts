import t from 'tap'
import { domainEvents } from '../domain-events'
import { now, office, unit } from '../testing/contexts'
import { DeciderSpecification } from '../testing/decider-specification'
import { DraftBulletin, EditBulletin, PublishBulletin } from './commands'
import { bulletinDecider } from './decider'
import type { BulletinEvent } from './events'

const spec = DeciderSpecification.for(bulletinDecider, { context: office, registry: domainEvents })

const draft = DraftBulletin.parse({
  type: 'DraftBulletin',
  data: {
    bulletinId: 'b-2023-q1',
    period: { from: '2023-01-01', to: '2023-03-31' },
    text: { title: '2023年第一季度督查通报', docNumber: '渝府督通〔2023〕1号' },
  },
})
const drafted: BulletinEvent = { type: 'BulletinDrafted', data: draft.data }
const edit = EditBulletin.parse({
  type: 'EditBulletin',
  data: { bulletinId: 'b-2023-q1', text: { title: '2023年第一季度督查通报', intro: '现将情况通报如下。' } },
})
const edited: BulletinEvent = { type: 'BulletinEdited', data: edit.data }
const publishData = {
  bulletinId: 'b-2023-q1',
  asOf: { position: 120, date: '2023-04-03' },
  ladderVersion: 'ladder-2022.1',
  calendarVersion: 'cn-2023.1',
  listedEscalations: [{ taskId: 't1', unitId: 'cq-fengdu', escalationId: 'e1' }],
  summary: {
    due: 3,
    onTime: 2,
    late: 0,
    underReview: 0,
    missing: 1,
    onTimeRate: 2 / 3,
    ranking: [{ unitId: 'cq-a', rank: 1, rate: 1 }],
    repeatedlyLate: [],
  },
  digests: { html: 'a'.repeat(64), docx: 'b'.repeat(64) },
}
const publish = PublishBulletin.parse({ type: 'PublishBulletin', data: publishData })

t.test('the office drafts, edits and publishes; publishing records the day and who', async () => {
  spec.given([]).when(draft).then([drafted])
  spec.given([drafted]).when(edit).then([edited])
  spec
    .given([drafted, edited])
    .when(publish)
    .then([
      {
        type: 'BulletinPublished',
        data: { ...publishData, publishedOn: '2023-04-03', publishedBy: office.actor.userId },
      },
    ])
})

t.test('a published bulletin refuses edits and a second publication', async () => {
  const published: BulletinEvent = {
    type: 'BulletinPublished',
    data: { ...publishData, publishedOn: '2023-04-03', publishedBy: 'u' },
  }
  spec
    .given([drafted, published])
    .when(edit)
    .thenThrows('conflict', /published/)
  spec
    .given([drafted, published])
    .when(publish)
    .thenThrows('conflict', /already published/)
})

t.test('only the office writes bulletins; nothing to edit or publish before a draft', async () => {
  spec
    .given([])
    .when(draft, unit('cq-shangwuwei'))
    .thenThrows('forbidden', /supervision office/)
  spec
    .given([])
    .when(edit)
    .thenThrows('not_found', /no bulletin/)
  spec
    .given([])
    .when(publish)
    .thenThrows('not_found', /no bulletin/)
})

t.test('a bulletin cannot stand at a date after today, nor before its period', async (t) => {
  const future = PublishBulletin.parse({
    type: 'PublishBulletin',
    data: { ...publishData, asOf: { position: 1, date: '2099-01-01' } },
  })
  spec
    .given([drafted])
    .when(future)
    .thenThrows('invalid', /after today/)
  const early = PublishBulletin.parse({
    type: 'PublishBulletin',
    data: { ...publishData, asOf: { position: 1, date: '2022-12-01' } },
  })
  spec
    .given([drafted])
    .when(early)
    .thenThrows('invalid', /before it starts/)
  t.equal(now.toISOString().slice(0, 10), '2023-04-03')
})

t.test('a period that ends before it starts is refused by the schema', async (t) => {
  t.throws(() =>
    DraftBulletin.parse({
      type: 'DraftBulletin',
      data: { bulletinId: 'x', period: { from: '2023-04-01', to: '2023-03-01' }, text: { title: 'x' } },
    }),
  )
})
