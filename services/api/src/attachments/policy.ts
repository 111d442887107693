/**
 * Which evidence files a report may carry: PDF, images and Office documents, at most
 * ATTACHMENT_MAX_BYTES each. The type is what the content is (its magic bytes, `file-type`),
 * never what the name or the browser claims: a program renamed `清单.pdf` is refused.
 */
import type { Attachment } from '@duban/domain'
import { fileTypeFromBuffer } from 'file-type'
import { httpProblem } from '../http/problem'
import type { FileFacts } from './upload'

export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024

/** Sniffed media type → what a person calls it. */
export const ATTACHMENT_TYPES: Readonly<Record<string, string>> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG 图片',
  'image/jpeg': 'JPEG 图片',
  'image/gif': 'GIF 图片',
  'image/webp': 'WebP 图片',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word 文档',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel 表格',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint 演示文稿',
  // Word, Excel and PowerPoint 97–2003 files are compound documents (CFB).
  'application/x-cfb': 'Office 97–2003 文档',
}

/** The `accept` of a file input: the extensions of the types above. */
export const ACCEPT = '.pdf,.png,.jpg,.jpeg,.gif,.webp,.docx,.xlsx,.pptx,.doc,.xls,.ppt'

/** The file as a report cites it, or 413/415 (a problem with a Chinese detail) when it may not be one. */
export async function admit(upload: FileFacts): Promise<Attachment> {
  if (upload.size > ATTACHMENT_MAX_BYTES) {
    throw httpProblem('payload-too-large', `${upload.name} is larger than ${ATTACHMENT_MAX_BYTES} bytes`, {
      detailZh: `附件“${upload.name}”超过 20 MB，请压缩或拆分后重新上传。`,
    })
  }
  if (upload.size === 0) {
    throw httpProblem('unsupported-media-type', `${upload.name} is empty`, {
      detailZh: `附件“${upload.name}”是空文件，请重新选择。`,
    })
  }
  const sniffed = await fileTypeFromBuffer(upload.head)
  if (!sniffed || !ATTACHMENT_TYPES[sniffed.mime]) {
    throw httpProblem(
      'unsupported-media-type',
      `${upload.name} is ${sniffed ? sniffed.mime : 'of no known type'}; a report carries PDF, images or Office files`,
      {
        detailZh: `附件“${upload.name}”的内容不是 PDF、图片或 Office 文件${sniffed ? `（实为 ${sniffed.ext} 文件）` : ''}，请重新选择。`,
      },
    )
  }
  return {
    sha256: upload.sha256,
    name: upload.name.normalize('NFC').slice(0, 255) || `附件.${sniffed.ext}`,
    mediaType: sniffed.mime,
    size: upload.size,
  }
}
