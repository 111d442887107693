/** The server entry: configuration is validated before anything starts. */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import t from 'tap'

const main = fileURLToPath(new URL('./main.ts', import.meta.url))

t.test('a bad PORT stops the server with a message naming the variable, exit code 2', async (t) => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', main], {
    env: { ...process.env, PORT: 'eighty', DUBAN_DATA_DIR: '/nonexistent/never-created' },
    encoding: 'utf8',
    timeout: 60_000,
  })
  t.equal(run.status, 2)
  t.match(run.stderr, /invalid configuration[\s\S]*PORT/)
})
