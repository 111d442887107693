/**
 * Multipart forms (the import page's file, a report's evidence files). Registered before
 * authentication: the CSRF check reads the token from the body, so a multipart body must be
 * parsed into fields first. A file arrives in the body as an Upload (its bytes and its name);
 * a route that takes several files or another size says so in `config.multipartOptions`.
 */

import { MAX_BYTES } from '@duban/plan-import'
import multipart from '@fastify/multipart'
import type { FastifyInstance } from 'fastify'
import { keepUpload } from '../attachments/upload'

export async function multipartForms(app: FastifyInstance): Promise<void> {
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    onFile: keepUpload,
    limits: { fileSize: MAX_BYTES, files: 1 },
  })
}
