import { createReadStream, createWriteStream, existsSync } from 'node:fs'
import { finished } from 'node:stream/promises'
import type { Writable } from 'node:stream'
import { BaseCommand, args, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { ReplayError, linesOf, runReplay } from '#anomaly/replay'
import { validateThreshold } from '#anomaly/detector'

/**
 * Replays an access history (JSON Lines, see shared/REPLAY.md) through the live detector with
 * baselines of its own: alerts go to --output or standard output, the summary to standard
 * error. The company's live baselines and alerts are never touched.
 */
export default class AnomalyReplay extends BaseCommand {
  static commandName = 'vault:anomaly:replay'
  static description = 'Replay an access history through the anomaly detector'
  static options: CommandOptions = { startApp: false }

  @args.string({ description: 'History file in JSON Lines, or - for standard input' })
  declare input: string

  @flags.number({ description: 'Alert threshold (1 to 10)', default: 3 })
  declare threshold: number

  @flags.string({ description: 'Where alerts go (default: standard output)' })
  declare output?: string

  async run() {
    const problem = this.#checkArguments()
    if (problem) {
      return this.#fail(problem)
    }
    const out: Writable = this.output ? createWriteStream(this.output) : process.stdout
    const source = this.input === '-' ? process.stdin : createReadStream(this.input)
    try {
      const summary = await runReplay(linesOf(source), {
        threshold: this.threshold,
        write: (line) =>
          out.write(line) || new Promise<void>((resolve) => out.once('drain', () => resolve())),
      })
      process.stderr.write(
        `events read: ${summary.eventsRead}, alerts raised: ${summary.alertsRaised}, ` +
          `time taken: ${(summary.millis / 1000).toFixed(2)} s\n`
      )
    } catch (error) {
      return this.#fail(error instanceof ReplayError ? error.message : String(error))
    } finally {
      if (out !== process.stdout) {
        out.end()
        await finished(out)
      }
    }
  }

  #checkArguments(): string | null {
    try {
      validateThreshold(this.threshold)
    } catch (error) {
      return (error as Error).message
    }
    if (this.input !== '-' && !existsSync(this.input)) {
      return `input file ${this.input} does not exist`
    }

    return null
  }

  #fail(message: string) {
    process.stderr.write(`replay stopped: ${message}\n`)
    this.exitCode = 1
  }
}
