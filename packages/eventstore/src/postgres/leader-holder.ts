/**
 * Child process of the leader-lock test (`leader-lock.test.ts`): contends for a leadership,
 * prints `leading <backend pid>` once it holds it, then waits to be killed.
 * Usage: node --import tsx leader-holder.ts <connection string> <name>
 */
import { acquireLeadership } from './leader-lock'

const [connectionString, name] = process.argv.slice(2)
if (!connectionString || !name) throw new Error('usage: leader-holder.ts <connection string> <name>')
const leadership = await acquireLeadership({ connectionString, name, retryIntervalMs: 50 })
process.stdout.write(`leading ${leadership.backendPid}\n`)
setInterval(() => undefined, 60_000)
