/**
 * The ceiling for `pnpm bench http`: a bare fastify, in a process of its own like Duban's, that
 * sends stored bytes (the same bytes a Duban view sent), serializes the same object afresh (as a
 * server without a cache of serialized views would), answers an authenticated hello, a liveness
 * answer and an echo.
 */
import Fastify from 'fastify'

const app = Fastify({ logger: false, bodyLimit: 16 * 2 ** 20 })
const payloads = new Map<string, Buffer>()
const objects = new Map<string, unknown>()
/** The token the bench's hello asks for: the cheapest authentication there is, one string compare. */
const HELLO_TOKEN = 'Bearer bench-hello'
app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_request, body, done) =>
  done(null, body),
)
app.put<{ Params: { name: string } }>('/payload/:name', async (request) => {
  payloads.set(request.params.name, request.body as Buffer)
  objects.set(request.params.name, JSON.parse((request.body as Buffer).toString('utf8')))
  return { stored: (request.body as Buffer).length }
})
app.get<{ Params: { name: string } }>('/payload/:name', async (request, reply) =>
  reply.type('application/json; charset=utf-8').send(payloads.get(request.params.name)),
)
app.get<{ Params: { name: string } }>('/object/:name', async (request) => objects.get(request.params.name))
app.get('/hello', async (request, reply) =>
  request.headers.authorization === HELLO_TOKEN
    ? { hello: 'world' }
    : reply.code(401).send({ title: 'unauthorized' }),
)
app.get('/health', async () => ({ status: 'ok' }))
app.post('/echo', async (request, reply) => reply.code(201).send(request.body))
const address = await app.listen({ port: 0, host: '127.0.0.1' })
process.stdout.write(`listening at ${address}\n`)
