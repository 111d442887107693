/**
 * Delivery (消息推送): a unit's channels and contacts, maintained by the supervision office and
 * the administrator; the dead-letter list and its retry. Every change is an event on the unit's
 * `delivery-config-{unitId}` stream (who, when). A robot's webhook and 加签 secret are sealed
 * before anything is written and never returned: responses show only that one is on record.
 */
import { randomUUID } from 'node:crypto'
import {
  appendConfig,
  ChannelBody,
  ChannelKind,
  Contact,
  ContactsBody,
  channelSetEvent,
  deliveryConfigOf,
  deliveryConfigStreamId,
  LEADERSHIP,
  requestRetry,
} from '@duban/delivery'
import { Id } from '@duban/domain'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppDeps } from '../app'
import { httpProblem } from '../http/problem'
import { commandProblems, queryProblems } from '../http/responses'
import { requireActor } from '../plugins/actor'

const UnitParams = z.object({ unitId: Id })
const ChannelParams = z.object({ unitId: Id, channelId: Id })

const ChannelView = z
  .object({
    channelId: z.string(),
    kind: ChannelKind,
    label: z.string(),
    secretOnRecord: z.boolean().describe('a sealed webhook / secret is on record; it is never shown again'),
    setAt: z.string(),
    setBy: z.string(),
  })
  .meta({ id: 'DeliveryChannel' })

const DeliveryConfig = z
  .object({
    unitId: z.string(),
    channels: z.array(ChannelView),
    contacts: z.array(Contact),
    contactsSetAt: z.string().nullable(),
    contactsSetBy: z.string().nullable(),
  })
  .meta({ id: 'DeliveryConfig' })

const DeadLetter = z.object({
  deliveryId: z.string(),
  unitId: z.string(),
  channelId: z.string(),
  channelKind: ChannelKind,
  sourceEventId: z.string(),
  attempts: z.number().int(),
  code: z.string().nullable(),
  detail: z.string().nullable(),
  at: z.string().nullable(),
})

export const deliveryRoutes: FastifyPluginAsyncZod<AppDeps> = async (
  app,
  { store, clock, units, delivery },
) => {
  const checkUnit = (unitId: string) => {
    if (unitId !== LEADERSHIP && !units.get(unitId))
      throw httpProblem('not-found', `no unit ${unitId} in the directory`)
  }
  const configOf = async (unitId: string) =>
    deliveryConfigOf(unitId, await store.readStream(deliveryConfigStreamId(unitId)))
  const sealer = () => {
    if (!delivery) throw httpProblem('not-found', 'delivery is not configured on this server')
    return delivery
  }
  const actorOf = (request: Parameters<typeof requireActor>[0]) => {
    const actor = requireActor(request)
    const key = request.headers['idempotency-key']
    return {
      userId: actor.userId,
      unitId: actor.unitId,
      commandId: typeof key === 'string' && key ? `delivery-config:${key}` : randomUUID(),
    }
  }

  app.get(
    '/units/:unitId/delivery',
    {
      schema: {
        tags: ['delivery'],
        summary: "A unit's channels and contacts (no secret is ever returned)",
        params: UnitParams,
        response: { 200: DeliveryConfig, ...queryProblems },
      },
    },
    async (request) => {
      checkUnit(request.params.unitId)
      return configOf(request.params.unitId)
    },
  )

  app.put(
    '/units/:unitId/delivery/channels/:channelId',
    {
      schema: {
        tags: ['delivery'],
        summary:
          'Add or replace a channel: DingTalk robot (webhook, 加签 secret), WeCom robot (webhook), e-mail',
        params: ChannelParams,
        body: ChannelBody,
        response: { 200: DeliveryConfig, ...commandProblems },
      },
    },
    async (request) => {
      const { unitId, channelId } = request.params
      checkUnit(unitId)
      const current = await configOf(unitId)
      const other = current.channels.find((c) => c.channelId === channelId)
      if (other && other.kind !== request.body.kind)
        throw httpProblem('conflict', `channel ${channelId} is a ${other.kind} channel; remove it first`)
      const event = channelSetEvent(unitId, channelId, request.body, sealer().secrets)
      await appendConfig(store, unitId, event, actorOf(request), clock.now())
      return configOf(unitId)
    },
  )

  app.delete(
    '/units/:unitId/delivery/channels/:channelId',
    {
      schema: {
        tags: ['delivery'],
        summary: 'Remove a channel',
        params: ChannelParams,
        response: { 200: DeliveryConfig, ...commandProblems },
      },
    },
    async (request) => {
      const { unitId, channelId } = request.params
      checkUnit(unitId)
      if (!(await configOf(unitId)).channels.some((c) => c.channelId === channelId))
        throw httpProblem('not-found', `unit ${unitId} has no channel ${channelId}`)
      await appendConfig(
        store,
        unitId,
        { type: 'DeliveryChannelRemoved', data: { unitId, channelId } },
        actorOf(request),
        clock.now(),
      )
      return configOf(unitId)
    },
  )

  app.put(
    '/units/:unitId/delivery/contacts',
    {
      schema: {
        tags: ['delivery'],
        summary: "Replace the unit's contacts (责任人 gets formal notices by e-mail; mobiles for @-mentions)",
        params: UnitParams,
        body: ContactsBody,
        response: { 200: DeliveryConfig, ...commandProblems },
      },
    },
    async (request) => {
      const { unitId } = request.params
      checkUnit(unitId)
      await appendConfig(
        store,
        unitId,
        { type: 'UnitContactsSet', data: { unitId, contacts: request.body.contacts } },
        actorOf(request),
        clock.now(),
      )
      return configOf(unitId)
    },
  )

  app.get(
    '/admin/deliveries/dead-letters',
    {
      schema: {
        tags: ['delivery'],
        summary:
          'Messages that failed for good (bad token, robot removed, content rejected), awaiting a retry',
        response: { 200: z.object({ deadLetters: z.array(DeadLetter) }), ...queryProblems },
      },
    },
    async () => {
      const dispatcher = delivery?.dispatcher
      if (!dispatcher) throw httpProblem('not-found', 'no dispatcher runs in this process')
      await dispatcher.runner.catchUp()
      // No title: the administrator sees where and why a message failed, not the ledger's content.
      return { deadLetters: dispatcher.deadLetters().map(({ title: _title, ...rest }) => rest) }
    },
  )

  app.post(
    '/admin/deliveries/:deliveryId/retry',
    {
      schema: {
        tags: ['delivery'],
        summary: 'Try a dead-lettered message again (after fixing its channel)',
        params: z.object({ deliveryId: z.string().regex(/^d-[0-9a-f]{24}$/) }),
        response: { 202: z.object({ deliveryId: z.string() }), ...commandProblems },
      },
    },
    async (request, reply) => {
      const dispatcher = delivery?.dispatcher
      if (!dispatcher) throw httpProblem('not-found', 'no dispatcher runs in this process')
      await dispatcher.runner.catchUp()
      const dead = dispatcher.deadLetters().find((d) => d.deliveryId === request.params.deliveryId)
      if (!dead) throw httpProblem('not-found', `${request.params.deliveryId} is not in the dead-letter list`)
      await requestRetry(store, dead, requireActor(request), clock.now())
      reply.code(202)
      return { deliveryId: dead.deliveryId }
    },
  )
}
