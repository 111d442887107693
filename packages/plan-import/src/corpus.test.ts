// The corpus of real documents (corpus/*.txt, sources in each *.expected.json): every document
// read with its jurisdiction's directory and compared with its hand-written expectation.
import t from 'tap'
import { importOptionsFor, loadCorpus, scoreDocument } from './corpus/index'
import { PlanDraft } from './draft-schema'
import { importPlans } from './parse'

const corpus = loadCorpus()

t.test(
  'the corpus holds at least 12 documents of at least 6 layouts, some in traditional characters',
  async (t) => {
    t.ok(corpus.length >= 12, `${corpus.length} documents`)
    const levels = new Set(corpus.map((doc) => doc.expected.source.level.split(' ')[0]))
    t.ok(levels.size >= 4, `levels: ${[...levels].join(', ')}`)
    const traditional = corpus.filter((doc) => /[國關於單負責]/.test(doc.text))
    t.ok(traditional.length >= 2, `${traditional.length} in traditional characters`)
    const years = corpus.map((doc) => doc.expected.source.year)
    t.ok(
      Math.min(...years) <= 2014 && Math.max(...years) >= 2025,
      `years ${Math.min(...years)}–${Math.max(...years)}`,
    )
  },
)

for (const doc of corpus) {
  t.test(
    `${doc.id}: every expected item, lead and co-unit (${doc.expected.source.layout.slice(0, 60)}…)`,
    async (t) => {
      const draft = importPlans(doc.text, importOptionsFor(doc.expected))
      t.ok(PlanDraft.safeParse(draft).success, 'the draft matches its schema')
      const score = scoreDocument(draft, doc.expected)
      t.same(score.misses, [], 'no mismatch')
      t.equal(score.found, score.expected, 'items found')
      t.equal(score.extra, 0, 'no extra items')
      t.equal(score.leadsExact, score.expected, 'leads exact')
      t.equal(score.coExact, score.expected, 'co-units exact')
      t.ok(score.periodExact, 'period')
      for (const plan of draft.plans)
        for (const item of plan.items) {
          const source = doc.text.slice(item.span.start, item.span.end)
          t.ok(source.length > 0, `item ${item.number} has a source span`)
          if (item.deadline)
            t.equal(
              doc.text.slice(item.deadline.span.start, item.deadline.span.end).length,
              item.deadline.text.length,
            )
        }
    },
  )
}

t.test('across the corpus at least 95% of items are found and 95% of leads exact', async (t) => {
  let expected = 0
  let found = 0
  let leads = 0
  for (const doc of corpus) {
    const score = scoreDocument(importPlans(doc.text, importOptionsFor(doc.expected)), doc.expected)
    expected += score.expected
    found += score.found
    leads += score.leadsExact
  }
  t.ok(found / expected >= 0.95, `found ${found}/${expected}`)
  t.ok(leads / expected >= 0.95, `leads ${leads}/${expected}`)
})

t.test('State Council notices resolve against the State Council directory, as of their date', async (t) => {
  const doc = corpus.find((d) => d.id === 'gwy-2014-nongcun-fengong')
  if (!doc) throw new Error('corpus document missing')
  const draft = importPlans(doc.text, importOptionsFor(doc.expected))
  const items = draft.plans[0]?.items ?? []
  t.equal(items[0]?.lead?.unitId, 'gwy-fazhangaigewei')
  t.equal(items[1]?.lead?.unitId, 'gwy-guotuziyuanbu', '国土资源部 resolves in 2014')
  t.equal(items[5]?.lead?.unitId, 'gwy-renminyinhang')
  t.same(
    items[5]?.coUnits.map((unit) => unit.unitId),
    ['gwy-yinjianhui', 'gwy-caizhengbu', 'gwy-nongyebu'],
    '银监会 (abolished 2018) still resolves for a 2014 notice',
  )
  t.ok(
    draft.warnings.some((w) => w.code === 'traditional_text'),
    'the reader is told the text was traditional',
  )
})
