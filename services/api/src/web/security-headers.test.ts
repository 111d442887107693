import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import Fastify from 'fastify'
import helmet from 'helmet'
import t from 'tap'
import { helmetOptions, recordedHeaders, securityHeaders } from './security-headers'

/** The headers helmet itself gives a real response of Node's HTTP server. */
async function helmetOnNode(): Promise<Headers> {
  const middleware = helmet(helmetOptions)
  const server = createServer((request, response) => {
    response.setHeader('x-powered-by', 'something')
    middleware(request, response, () => response.end('ok'))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  try {
    const { port } = server.address() as AddressInfo
    return (await fetch(`http://127.0.0.1:${port}/`)).headers
  } finally {
    server.close()
  }
}

t.test('given the plugin, when any route answers, then it carries the headers helmet gives', async (t) => {
  const expected = await helmetOnNode()
  const app = Fastify()
  await app.register(securityHeaders)
  app.get('/json', async () => ({ ok: true }))
  app.get('/page', async (_request, reply) => reply.type('text/html').send('<p>页</p>'))
  await app.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => app.close())
  const { port } = app.server.address() as AddressInfo
  const { set } = recordedHeaders(helmet(helmetOptions))
  t.ok(set.length >= 10, 'helmet sets a dozen headers')
  for (const path of ['/json', '/page', '/missing']) {
    const headers = (await fetch(`http://127.0.0.1:${port}${path}`)).headers
    for (const [name] of set) {
      t.equal(headers.get(name), expected.get(name), `${path}: ${name}`)
    }
    t.match(headers.get('content-security-policy'), "frame-ancestors 'none'")
    t.equal(headers.get('x-powered-by'), null, `${path}: no x-powered-by`)
  }
})

t.test('a middleware that does not finish at once cannot be recorded', async (t) => {
  t.throws(() => recordedHeaders((_request, _response, next) => setImmediate(next)), /did not finish at once/)
})
