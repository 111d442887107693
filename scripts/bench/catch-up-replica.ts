/**
 * One read-model replica's start-up, in a process of its own so its peak RSS is its own: opens
 * the store and the replica as the API does (`openReadModelReplica`, an empty data directory)
 * and catches up with the whole log. Prints one JSON line: events, seconds, peak RSS.
 *   tsx scripts/bench/catch-up-replica.ts <store url> <empty data directory>
 */
import { performance } from 'node:perf_hooks'
import { openStoreAt, parseStoreUrl } from '@duban/eventstore'
import { fixedClock } from '@duban/ledger'
import { openReadModelReplica } from '@duban/runtime'

const [url, dataDir] = process.argv.slice(2)
const location = parseStoreUrl(url)
const store = await openStoreAt(location, { maxConnections: 8 })
const started = performance.now()
const models = await openReadModelReplica(
  { dataDir: dataDir!, store: location },
  store,
  fixedClock(new Date('2024-12-31T02:00:00Z')),
)
const position = await models.catchUp()
const seconds = (performance.now() - started) / 1000
await models.close()
await store.close()
process.stdout.write(
  `${JSON.stringify({ position, seconds, peakRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`,
)
