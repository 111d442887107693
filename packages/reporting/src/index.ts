export { bulletinsComposing } from './bulletin/compose-off-thread'
export {
  type BulletinContent,
  type BulletinFacts,
  type BulletinInput,
  composeBulletin,
  REPEATED_LATENESS_PERIODS,
  summaryOf,
} from './bulletin/content'
export { BulletinDesk, type DeskDeps } from './bulletin/desk'
export {
  type BulletinDocuments,
  bulletinDocuments,
  type Pin,
  pinOf,
  publication,
  type Rules,
  type Verification,
  verifyBulletin,
} from './bulletin/documents'
export { renderBulletinDocx } from './bulletin/render-docx'
export { bulletinCss, renderBulletinHtml } from './bulletin/render-html'
export { percent, zhDate } from './bulletin/sections'
export { exportLedgerXlsx, type LedgerExportOptions, type LedgerFacts } from './ledger/export-xlsx'
export { publishedRules } from './rules'
