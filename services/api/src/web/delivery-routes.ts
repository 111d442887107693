/** The 消息推送 page and its forms: the same events as the /units/{unitId}/delivery API. */
import { randomUUID } from 'node:crypto'
import {
  appendConfig,
  ChannelBody,
  Contact,
  channelSetEvent,
  deliveryConfigOf,
  deliveryConfigStreamId,
  LEADERSHIP,
  requestRetry,
} from '@duban/delivery'
import { Id } from '@duban/domain'
import type { FastifyPluginAsync } from 'fastify'
import { z } from 'zod'
import { httpProblem } from '../http/problem'
import { requireActor } from '../plugins/actor'
import { pageContext } from './context'
import { deliveryPage } from './pages/delivery'
import type { WebDeps } from './unit-routes'

const page = { config: { page: true }, schema: { hide: true } }
const blankToUndefined = (value: unknown) => (value === '' ? undefined : value)

export const deliveryWebRoutes: FastifyPluginAsync<WebDeps> = async (app, deps) => {
  const sealer = () => {
    if (!deps.delivery) throw httpProblem('not-found', 'delivery is not configured on this server')
    return deps.delivery
  }
  const unitOf = (value: unknown) => {
    const unitId = Id.parse(value)
    if (unitId !== LEADERSHIP && !deps.units.get(unitId)) throw httpProblem('not-found', `no unit ${unitId}`)
    return unitId
  }
  const actor = (request: Parameters<typeof requireActor>[0]) => {
    const a = requireActor(request)
    return { userId: a.userId, unitId: a.unitId, commandId: randomUUID() }
  }
  const back = (unitId: string, done: string) =>
    `/w/admin/delivery?unit=${encodeURIComponent(unitId)}&done=${encodeURIComponent(done)}`

  app.get('/w/admin/delivery', page, async (request, reply) => {
    const context = pageContext(request, reply, deps)
    const query = request.query as { unit?: string; done?: string }
    const unitId = unitOf(query.unit || LEADERSHIP)
    const units = [
      { id: LEADERSHIP, name: '领导小组' },
      ...deps.units
        .all()
        .filter((u) => deps.units.periodAsOf(u.id, context.today))
        .map((u) => ({ id: u.id, name: context.unitName(u.id) })),
    ]
    const dispatcher = deps.delivery?.dispatcher
    if (dispatcher) await dispatcher.runner.catchUp()
    const config = deliveryConfigOf(unitId, await deps.store.readStream(deliveryConfigStreamId(unitId)))
    return reply.type('text/html').send(
      deliveryPage(context, {
        units,
        unitId,
        config,
        deadLetters: dispatcher?.deadLetters().map(({ title: _title, ...rest }) => rest),
        ...(query.done && { done: query.done }),
      }).value,
    )
  })

  app.post('/w/admin/delivery/channels', { schema: { hide: true } }, async (request, reply) => {
    const form = request.body as Record<string, string>
    const unitId = unitOf(form.unitId)
    // Parsed as a field, so a refusal names it (通道编号) beside the form's input.
    const { channelId } = z.object({ channelId: Id }).parse(form)
    const body = ChannelBody.parse({
      kind: form.kind,
      label: form.label,
      ...(form.kind !== 'email' && { webhook: blankToUndefined(form.webhook) }),
      ...(form.kind === 'dingtalk' && form.secret && { secret: form.secret }),
    })
    await appendConfig(
      deps.store,
      unitId,
      channelSetEvent(unitId, channelId, body, sealer().secrets),
      actor(request),
      deps.clock.now(),
    )
    return reply.redirect(back(unitId, `通道 ${channelId} 已保存`), 303)
  })

  app.post('/w/admin/delivery/contacts', { schema: { hide: true } }, async (request, reply) => {
    const form = request.body as Record<string, string>
    const unitId = unitOf(form.unitId)
    const contact = Contact.parse({
      name: form.name,
      role: 'responsible',
      ...(form.email && { email: form.email }),
      ...(form.mobile && { mobile: form.mobile }),
    })
    const current = deliveryConfigOf(unitId, await deps.store.readStream(deliveryConfigStreamId(unitId)))
    const contacts = [contact, ...current.contacts.filter((c) => c.role !== 'responsible')]
    await appendConfig(
      deps.store,
      unitId,
      { type: 'UnitContactsSet', data: { unitId, contacts } },
      actor(request),
      deps.clock.now(),
    )
    return reply.redirect(back(unitId, '责任人已保存'), 303)
  })

  app.post('/w/admin/delivery/retry', { schema: { hide: true } }, async (request, reply) => {
    const form = z
      .object({ deliveryId: z.string().regex(/^d-[0-9a-f]{24}$/), unitId: z.string() })
      .parse(request.body)
    const dispatcher = deps.delivery?.dispatcher
    if (!dispatcher) throw httpProblem('not-found', 'no dispatcher runs in this process')
    await dispatcher.runner.catchUp()
    const dead = dispatcher.deadLetters().find((d) => d.deliveryId === form.deliveryId)
    if (!dead) throw httpProblem('not-found', `${form.deliveryId} is not in the dead-letter list`)
    await requestRetry(deps.store, dead, requireActor(request), deps.clock.now())
    return reply.redirect(back(unitOf(form.unitId), `${form.deliveryId} 将重新投递`), 303)
  })
}
