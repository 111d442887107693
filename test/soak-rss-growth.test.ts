// The soak's verdict on memory (`pnpm bench soak`): grew without bound, or levelled off.
import t from 'tap'
import { rssGrowth } from '../scripts/bench/rss-growth'

const samples = (rss: number[]) => rss.map((rssMiB, i) => ({ elapsedSeconds: (i + 1) * 15, rssMiB }))

t.test('given RSS that keeps climbing, the soak calls it unbounded', async (t) => {
  t.match(rssGrowth(samples([200, 220, 260, 300, 340, 380, 420, 460]), 0.5), {
    fromMiB: 260,
    toMiB: 460,
    unbounded: true,
  })
})

t.test('given RSS that grew during warm-up and then levelled off, it passes', async (t) => {
  t.match(rssGrowth(samples([150, 400, 420, 430, 430, 428, 431, 429]), 0.5), { unbounded: false })
})

t.test('given RSS still rising but within the allowed growth, it passes', async (t) => {
  t.match(rssGrowth(samples([300, 300, 305, 310, 315, 320, 325, 330]), 0.5), { unbounded: false })
})

t.test('given no samples, nothing to judge', async (t) => {
  t.same(rssGrowth([], 0.5), { fromMiB: 0, toMiB: 0, unbounded: false })
})
