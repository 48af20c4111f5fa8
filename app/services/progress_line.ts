/**
 * A progress line for long commands: done of total, percent, rate and time left. On a
 * terminal it redraws one line; elsewhere (cron, CI, a test reading the output) it prints a
 * line every few seconds and at the end, so a log shows the pace without flooding.
 */
export default class ProgressLine {
  #started = Date.now()
  #lastPrinted = 0
  #tty: boolean

  constructor(
    private label: string,
    private write: (text: string) => void = (text) => process.stdout.write(text),
    tty = Boolean(process.stdout.isTTY),
    private everyMs = 2000
  ) {
    this.#tty = tty
  }

  update(done: number, total: number) {
    const now = Date.now()
    const finished = done >= total
    if (!this.#tty && !finished && now - this.#lastPrinted < this.everyMs) {
      return
    }
    this.#lastPrinted = now
    const line = describe(this.label, done, total, (now - this.#started) / 1000)
    this.write(this.#tty ? `\r\u001b[2K${line}${finished ? '\n' : ''}` : `${line}\n`)
  }
}

/** `label [#####-----] 500/1,000 50% · 2,000/s · about 1 s left` */
export function describe(label: string, done: number, total: number, seconds: number) {
  const share = total === 0 ? 1 : Math.min(done / total, 1)
  const filled = Math.round(share * 20)
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(20 - filled)}]`
  const rate = seconds > 0 ? done / seconds : 0
  const left = rate > 0 ? Math.ceil((total - done) / rate) : null
  const eta = done >= total ? 'done' : left === null ? 'estimating' : `about ${duration(left)} left`
  const count = `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`

  return `${label} ${bar} ${count} ${Math.floor(share * 100)}% · ${Math.round(rate).toLocaleString('en-US')}/s · ${eta}`
}

function duration(seconds: number) {
  if (seconds < 90) {
    return `${seconds} s`
  }
  if (seconds < 5400) {
    return `${Math.round(seconds / 60)} min`
  }

  return `${(seconds / 3600).toFixed(1)} h`
}
