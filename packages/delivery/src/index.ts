export { appendDeliveryEvent, type DeliveryEventMetadata } from './append'
export { type BackoffPolicy, backoffDelay, defaultBackoff } from './backoff'
export { atShanghai, notBefore, shanghaiDate, type WorkingDays } from './business-time'
export type { Channel, OpenedTarget } from './channels/channel'
export { dingtalkChannel, dingtalkPayload, dingtalkSign, signedDingtalkUrl } from './channels/dingtalk'
export { type EmailOptions, emailChannel } from './channels/email'
export { wecomChannel, wecomPayload } from './channels/wecom'
export { type Classified, classifyRobotAnswer, classifySmtpError, type Verdict } from './classify'
export {
  appendConfig,
  ChannelBody,
  type ConfigActor,
  ContactsBody,
  channelSetEvent,
  requestRetry,
} from './config-events'
export { type ChannelView, type DeliveryConfigView, deliveryConfigOf } from './config-state'
export {
  type DeadLetter,
  DISPATCHER_ACTOR,
  DISPATCHER_LEADERSHIP,
  Dispatcher,
  type DispatcherOptions,
  type DispatcherStatus,
  type TickResult,
} from './dispatcher'
export * from './events'
export { deliveryIndexProjection } from './index-projection'
export { deliveryIdPattern, escapeHtml, type Lookup, type OutgoingMessage, renderMessage } from './messages'
export {
  type ChannelRef,
  deliveryIdOf,
  isDigestItem,
  type PlannedDelivery,
  planDeliveries,
  type Source,
} from './plan'
export { DeliveryRule, DeliveryRules, defaultDeliveryRules, SourceKind } from './rules'
export { loadSecretBox, SecretBox, SecretKeyError } from './secrets'
export { type ServeOptions, serveDispatcher } from './service'
export { sendTestMessages, type TestOutcome } from './test-message'
export {
  type RobotMessage,
  type RobotServer,
  type RobotServerOptions,
  startRobotServer,
} from './testing/robot-server'
