import type { Projection } from '@duban/projections'
import { assignmentsProjection } from './assignments'
import { bulletinsProjection } from './bulletins'
import { catalogueProjection } from './catalogue'
import { inboxProjection } from './inbox'
import { indicatorsProjection } from './indicators'
import { obligationsProjection } from './obligations'
import { requestsProjection } from './requests'
import { touchesProjection } from './touches'

/** Every read model of the domain, in one read-model file. */
export const readModelProjections: readonly Projection[] = [
  catalogueProjection,
  assignmentsProjection,
  obligationsProjection,
  inboxProjection,
  indicatorsProjection,
  requestsProjection,
  bulletinsProjection,
  touchesProjection,
]
