/** Offset paging: `total` rows match, `limit` from `offset` are returned. */
export interface Page {
  total: number
  limit: number
  offset: number
}
