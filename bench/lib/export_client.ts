import type HttpSession from './http_session.js'

/** What a client saw of one download. */
export interface ExportFigures {
  lines: number
  bytes: number
  firstByteMs: number
  totalMs: number
}

/**
 * Downloads an export through the session, counting lines and bytes as they arrive and
 * keeping none of them, with the time to the first byte of the body and to the last.
 */
export async function streamExport(session: HttpSession, path: string): Promise<ExportFigures> {
  const figures = { lines: 0, bytes: 0, firstByteMs: Number.NaN, totalMs: 0 }
  const started = performance.now()
  const answer = await session.stream({ method: 'GET', path }, (chunk) => {
    if (figures.bytes === 0) {
      figures.firstByteMs = performance.now() - started
    }
    figures.bytes += chunk.length
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) {
      figures.lines++
    }
  })
  figures.totalMs = performance.now() - started
  if (answer.status !== 200) {
    throw new Error(`GET ${path} answered ${answer.status}`)
  }

  return figures
}
