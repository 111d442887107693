/**
 * Multipart forms (the import page's file upload). Registered before authentication: the CSRF
 * check reads the token from the body, so a multipart body must be parsed into fields first.
 */

import { MAX_BYTES } from '@duban/plan-import'
import multipart from '@fastify/multipart'
import type { FastifyInstance } from 'fastify'

export async function multipartForms(app: FastifyInstance): Promise<void> {
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: MAX_BYTES, files: 1 },
  })
}
