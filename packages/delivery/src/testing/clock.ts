/** A clock the test moves by hand. */
export class ManualClock {
  private at: number
  constructor(iso: string) {
    this.at = Date.parse(iso)
  }
  now = (): Date => new Date(this.at)
  set(iso: string): void {
    this.at = Date.parse(iso)
  }
  advance(ms: number): void {
    this.at += ms
  }
}
