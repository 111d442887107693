/**
 * The key a name is looked up by: NFKC folds full-width brackets and letters to ASCII
 * (（自治县） = (自治县)), and whitespace inside a name never matters.
 */
export function nameKey(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '')
}
