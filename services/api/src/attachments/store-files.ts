/**
 * Files and the event that cites them: every file is admitted (type, size) before anything is
 * stored, then stored, then the write runs. A refused write leaves the files it stored: another
 * report may have found the same bytes stored meanwhile and cited them, and taking them back
 * would delete a file a recorded event cites. Files no event cites are the sweep's
 * (`sweepAttachments` in @duban/runtime), which deletes only files untouched for a day.
 */
import type { Attachment } from '@duban/domain'
import type { AttachmentStore } from '@duban/runtime'
import { httpProblem } from '../http/problem'
import { admit } from './policy'
import { headOf, type Upload } from './upload'

export async function withAttachments<T>(
  store: AttachmentStore | undefined,
  uploads: readonly Upload[],
  write: (attachments: Attachment[]) => Promise<T>,
): Promise<T> {
  if (uploads.length === 0) return write([])
  const files = storeOf(store)
  const attachments = await Promise.all(uploads.map(admit))
  for (const [i, attachment] of attachments.entries())
    await files.putFile(attachment.sha256, uploads[i]!.file)
  return write(attachments)
}

/**
 * A report sent as JSON cites files uploaded before: each must be in the store, and its media
 * type and size are what its bytes are (a client cannot have a PDF served as a web page). Each is
 * touched first, so the sweep keeps it while this report is written (a file the sweep has just
 * taken is not found, and the report is refused).
 */
export async function requireStored(
  store: AttachmentStore | undefined,
  attachments: readonly Attachment[] | undefined,
): Promise<void> {
  for (const cited of attachments ?? []) {
    const files = storeOf(store)
    const stored = (await files.touch(cited.sha256)) ? await files.read(cited.sha256) : undefined
    if (!stored) {
      throw httpProblem(
        'domain-rule',
        `attachment ${cited.sha256} was not uploaded; POST it to …/attachments first`,
        {
          detailZh: `附件“${cited.name}”尚未上传，请先上传文件再报送。`,
        },
      )
    }
    const actual = await admit({
      name: cited.name,
      size: stored.size,
      sha256: cited.sha256,
      head: await headOf(stored.stream),
    })
    if (actual.mediaType !== cited.mediaType || actual.size !== cited.size) {
      throw httpProblem(
        'domain-rule',
        `attachment ${cited.sha256} is ${actual.mediaType}, ${actual.size} bytes; the report says ${cited.mediaType}, ${cited.size}`,
        { detailZh: `附件“${cited.name}”的类型或大小与上传的文件不符，请使用上传时返回的信息。` },
      )
    }
  }
}

export function storeOf(store: AttachmentStore | undefined): AttachmentStore {
  if (!store)
    throw httpProblem('storage-unavailable', 'this server keeps no attachments', {
      detailZh: '本服务器未配置附件存储，暂不能上传或下载附件。请联系系统管理员。',
    })
  return store
}
