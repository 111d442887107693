/** Endings of a unit's name, for a name the directory does not know. */
const UNIT_ENDING = /(?:委|局|办|部|会|厅|行|关|站|司|院|政府|中心)$/

/**
 * "市商务委牵头,会同…": a lead named in prose, used only when the item has no unit list. The
 * name runs from the previous punctuation to 牵头; it is kept if the directory knows it or it
 * ends like a unit's name.
 */
export function findProseLead(text: string, known: (name: string) => boolean): string | undefined {
  for (const match of text.matchAll(/(?:^|[，,。；;：:\s])由?([^，,。；;：:\s“”]{2,24}?)(?:负责)?牵头/g)) {
    const name = match[1] ?? ''
    if (known(name) || UNIT_ENDING.test(name)) return name
  }
  return undefined
}
