/**
 * The bulletin as a Word document (.docx), laid out as a government document: 文号 above the
 * title, the body, the date, tables with a repeated header row, the 减负 annex on a new page.
 * Built with `docx`; then made reproducible — the package stamps "now" into the document's
 * properties and every zip entry, so both are set to the bulletin's own date and the archive
 * is written again in the same entry order. Same content, same bytes.
 */
import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  PageBreak,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx'
import { unzipSync, zipSync } from 'fflate'
import type { BulletinContent } from './content'
import { type Block, outline, provenance, zhDate } from './sections'

const BODY_FONT = 'FangSong'
const HEADING_FONT = 'SimHei'
const TITLE_FONT = 'SimSun'

const cell = (text: string, options: { bold?: boolean; right?: boolean } = {}) =>
  new TableCell({
    children: [
      new Paragraph({
        alignment: options.right ? AlignmentType.RIGHT : AlignmentType.LEFT,
        children: [new TextRun({ text, bold: options.bold ?? false, size: 21, font: BODY_FONT })],
      }),
    ],
  })

function block(b: Block): (Paragraph | Table)[] {
  if (b.kind === 'heading')
    return [
      new Paragraph({
        heading: HeadingLevel.HEADING_2,
        children: [new TextRun({ text: b.text, font: HEADING_FONT, size: 32, color: '000000' })],
      }),
    ]
  if (b.kind === 'paragraph')
    return [
      new Paragraph({
        indent: { firstLine: 640 },
        children: [new TextRun({ text: b.text, font: BODY_FONT, size: 32 })],
      }),
    ]
  return [
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({ tableHeader: true, children: b.columns.map((c) => cell(c, { bold: true })) }),
        ...b.rows.map(
          (row) =>
            new TableRow({ children: row.map((text, i) => cell(text, { right: b.numeric?.[i] ?? false })) }),
        ),
      ],
    }),
    new Paragraph({ children: [] }),
  ]
}

export async function renderBulletinDocx(content: BulletinContent): Promise<Buffer> {
  const { body, annex } = outline(content)
  const doc = new Document({
    creator: 'Duban 督办',
    lastModifiedBy: 'Duban 督办',
    title: content.text.title,
    subject: content.text.docNumber || content.text.title,
    description: provenance(content),
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: 1440, bottom: 1134, left: 1588, right: 1474 },
          },
        },
        children: [
          ...(content.text.docNumber
            ? [
                new Paragraph({
                  alignment: AlignmentType.CENTER,
                  children: [new TextRun({ text: content.text.docNumber, font: BODY_FONT, size: 32 })],
                }),
              ]
            : []),
          new Paragraph({
            heading: HeadingLevel.TITLE,
            alignment: AlignmentType.CENTER,
            children: [
              new TextRun({ text: content.text.title, font: TITLE_FONT, size: 44, color: '000000' }),
            ],
          }),
          ...body.flatMap(block),
          new Paragraph({
            alignment: AlignmentType.RIGHT,
            children: [new TextRun({ text: zhDate(content.asOf.date), font: BODY_FONT, size: 32 })],
          }),
          new Paragraph({
            children: [new TextRun({ text: provenance(content), font: BODY_FONT, size: 21 })],
          }),
          new Paragraph({ children: [new PageBreak()] }),
          ...annex.flatMap(block),
        ],
      },
    ],
  })
  return reproducible(await Packer.toBuffer(doc), content.asOf.date)
}

/** The same archive with the bulletin's date in place of "now", in the property file and on every entry. */
function reproducible(docx: Buffer, date: string): Buffer {
  const stamp = `${date}T00:00:00Z`
  // The zip's DOS timestamps are written from local-time fields: midnight local time gives the
  // same bytes in every time zone.
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const mtime = new Date(y, m - 1, d)
  const files = unzipSync(new Uint8Array(docx))
  const out: Record<string, [Uint8Array, { mtime: Date; level: 6 }]> = {}
  for (const [name, data] of Object.entries(files)) {
    const bytes =
      name === 'docProps/core.xml'
        ? new TextEncoder().encode(
            new TextDecoder()
              .decode(data)
              .replace(
                /(<dcterms:(created|modified)[^>]*>)[^<]*(<\/dcterms:\2>)/g,
                (_m, open: string, _tag: string, close: string) => `${open}${stamp}${close}`,
              ),
          )
        : data
    out[name] = [bytes, { mtime, level: 6 }]
  }
  return Buffer.from(zipSync(out))
}
