import { readFileSync, writeFileSync } from 'node:fs'

/** Resident memory of a process, in MiB, from /proc: now (VmRSS) and its peak (VmHWM). */
export function residentMemory(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const field = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1])

  return { rssMb: field('VmRSS') / 1024, peakMb: field('VmHWM') / 1024 }
}

/**
 * Follows a process's resident memory during one measurement: resets the kernel's peak mark
 * at the start (so start-up and earlier phases do not count) and samples the current size,
 * so the report gives both the kernel's peak and the highest sample seen.
 */
export class MemoryWatch {
  #timer: NodeJS.Timeout | null = null
  #highestMb = 0
  readonly startMb: number

  constructor(
    private pid: number,
    everyMs = 20
  ) {
    this.#resetPeak()
    this.startMb = residentMemory(pid).rssMb
    this.#timer = setInterval(() => this.#sample(), everyMs)
  }

  /** Stops sampling; returns the size at the start, the highest sample and the kernel's peak. */
  stop() {
    if (this.#timer) {
      clearInterval(this.#timer)
    }
    this.#sample()

    return {
      startMb: this.startMb,
      highestMb: this.#highestMb,
      peakMb: residentMemory(this.pid).peakMb,
    }
  }

  #sample() {
    this.#highestMb = Math.max(this.#highestMb, residentMemory(this.pid).rssMb)
  }

  /** Writing 5 to clear_refs resets VmHWM to the current size (Linux 4.0 and later). */
  #resetPeak() {
    try {
      writeFileSync(`/proc/${this.pid}/clear_refs`, '5')
    } catch {
      // Without the reset the peak includes start-up; the sampled highest value still holds.
    }
  }
}
