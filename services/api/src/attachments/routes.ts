/**
 * Evidence files over the API: upload one to an assignment (then cite it in a report by its
 * hash), and download one — only from an assignment whose reports cite it, so who may read
 * the report (the access table's row for the assignment) is who may read its files.
 */
import { Attachment, assignmentStreamId, Id } from '@duban/domain'
import { create as contentDisposition } from 'content-disposition'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AppDeps } from '../app'
import { httpProblem } from '../http/problem'
import { commandProblems } from '../http/responses'
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES, admit } from './policy'
import { storeOf } from './store-files'
import { uploadsOf } from './upload'

const AssignmentParams = z.object({ taskId: Id, unitId: Id })

/** The attachment as a report of the assignment cites it, if one does. */
async function citedBy(deps: AppDeps, taskId: string, unitId: string, sha256: string) {
  for (const event of await deps.store.readStream(assignmentStreamId(taskId, unitId))) {
    if (event.type !== 'ProgressReportSubmitted') continue
    const cited = (event.data as { attachments?: Attachment[] }).attachments?.find((a) => a.sha256 === sha256)
    if (cited) return cited
  }
  return undefined
}

export const attachmentRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, deps) => {
  app.post(
    '/tasks/:taskId/assignments/:unitId/attachments',
    {
      schema: {
        tags: ['assignments'],
        summary:
          'Upload an evidence file (佐证材料): multipart field "file"; cite it in a report by its sha256',
        consumes: ['multipart/form-data'],
        params: AssignmentParams,
        response: { 201: Attachment, ...commandProblems },
      },
      config: { multipartOptions: { limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1 } } },
    },
    async (request, reply) => {
      const [upload] = uploadsOf(request.body, 'file')
      if (!upload)
        throw httpProblem('bad-request', 'send the file as the multipart/form-data field "file"', {
          detailZh: '请选择要上传的文件（multipart/form-data 的 file 字段）。',
        })
      const attachment = await admit(upload)
      await storeOf(deps.attachments).putFile(attachment.sha256, upload.file)
      return reply.code(201).send(attachment)
    },
  )

  app.get(
    '/tasks/:taskId/assignments/:unitId/attachments/:sha256',
    {
      schema: {
        tags: ['assignments'],
        summary: 'Download an evidence file a report of the assignment cites',
        params: AssignmentParams.extend({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
      },
    },
    async (request, reply) => {
      const { taskId, unitId, sha256 } = request.params
      const cited = await citedBy(deps, taskId, unitId, sha256)
      if (!cited)
        throw httpProblem('not-found', `no report of task ${taskId} by ${unitId} carries ${sha256}`, {
          detailZh: '这项交办的报送中没有这个附件。',
        })
      const stored = await storeOf(deps.attachments).read(sha256)
      if (!stored)
        throw httpProblem('not-found', `attachment ${sha256} is cited but not stored`, {
          detailZh: '附件文件不在存储中，请联系系统管理员。',
        })
      return reply
        .type(ATTACHMENT_TYPES[cited.mediaType] ? cited.mediaType : 'application/octet-stream')
        .header('content-disposition', contentDisposition(cited.name))
        .header('cache-control', 'private, max-age=3600')
        .header('content-length', stored.size)
        .send(stored.stream)
    },
  )
}
