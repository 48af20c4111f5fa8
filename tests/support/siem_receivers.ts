import { createServer as createTcpServer, type Socket } from 'node:net'
import { createServer as createTlsServer } from 'node:tls'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http'

/** One RFC 5424 message as a syslog collector parses it. */
export interface SyslogMessage {
  pri: number
  version: string
  timestamp: string
  hostname: string
  appName: string
  procId: string
  msgId: string
  structuredData: string
  record: Record<string, unknown>
}

const RFC5424 = /^<(\d{1,3})>(\d) (\S+) (\S+) (\S+) (\S+) (\S+) (-|\[.*?\]) (.*)$/s

/**
 * Splits a TCP stream into octet-counted frames (RFC 6587: "LEN SP MSG") and parses each as
 * RFC 5424. A frame that does not parse throws, so a malformed message fails the test.
 */
function frameReader(onMessage: (message: SyslogMessage) => void) {
  let pending = Buffer.alloc(0)

  return (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk])
    while (true) {
      const space = pending.indexOf(0x20)
      if (space === -1) {
        return
      }
      const length = Number(pending.subarray(0, space).toString('ascii'))
      if (!Number.isInteger(length) || length <= 0) {
        throw new Error(`bad frame length: ${pending.subarray(0, space)}`)
      }
      if (pending.length < space + 1 + length) {
        return
      }
      const text = pending.subarray(space + 1, space + 1 + length).toString('utf8')
      pending = pending.subarray(space + 1 + length)
      onMessage(parseMessage(text))
    }
  }
}

function parseMessage(text: string): SyslogMessage {
  const match = RFC5424.exec(text)
  if (!match) {
    throw new Error(`not an RFC 5424 message: ${text.slice(0, 80)}`)
  }
  const [, pri, version, timestamp, hostname, appName, procId, msgId, structuredData, msg] = match

  return {
    pri: Number(pri),
    version,
    timestamp,
    hostname,
    appName,
    procId,
    msgId,
    structuredData,
    record: JSON.parse(msg),
  }
}

/** A self-signed certificate for "localhost", made by openssl for one test run. */
export function localhostCertificate() {
  const folder = mkdtempSync(join(tmpdir(), 'siem-tls-'))
  const [keyPath, certPath] = [join(folder, 'key.pem'), join(folder, 'cert.pem')]
  const made = spawnSync('openssl', [
    ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'],
    ...['-nodes', '-days', '1', '-subj', '/CN=localhost'],
    ...['-addext', 'subjectAltName=DNS:localhost', '-keyout', keyPath, '-out', certPath],
  ])
  if (made.status !== 0) {
    throw new Error(`openssl could not make a test certificate: ${made.stderr}`)
  }

  return { key: readFileSync(keyPath), cert: readFileSync(certPath), certPath }
}

/**
 * A local syslog collector over TCP (or TLS with `tls`) that records every message it
 * receives, in order.
 */
export async function startSyslogListener(port = 0, tls?: { key: Buffer; cert: Buffer }) {
  const messages: SyslogMessage[] = []
  const sockets = new Set<Socket>()
  const onConnection = (socket: Socket) => {
    sockets.add(socket)
    socket.on(
      'data',
      frameReader((message) => messages.push(message))
    )
    socket.on('close', () => sockets.delete(socket))
  }
  const server = tls ? createTlsServer(tls, onConnection) : createTcpServer(onConnection)
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const address = server.address()

  return {
    port: typeof address === 'object' && address ? address.port : port,
    messages,
    ids: () => messages.map((message) => Number(message.record.id)),
    close: () => {
      sockets.forEach((socket) => socket.destroy())
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/**
 * What the HTTP receiver does with the next request: answer 200, answer 500, or read the
 * body and drop the connection without answering (the data arrived, the acknowledgement did
 * not), or never answer at all.
 */
export type ReceiverMode = 'ok' | 'fail' | 'drop' | 'hang'

/** A local HTTP endpoint that records each request's body lines and headers. */
export async function startHttpReceiver() {
  const requests: { headers: IncomingHttpHeaders; body: string }[] = []
  const state = {
    modes: [] as ReceiverMode[],
    otherwise: 'ok' as ReceiverMode,
    attempts: 0,
    hanging: 0,
  }
  const server = createHttpServer(async (request, response) => {
    let body = ''
    for await (const chunk of request) {
      body += chunk
    }
    const mode = state.modes.shift() ?? state.otherwise
    state.attempts++
    if (mode === 'fail') {
      response.writeHead(500).end('receiver error')
      return
    }
    requests.push({ headers: request.headers, body })
    if (mode === 'drop') {
      request.socket.destroy()
    } else if (mode === 'ok') {
      response.writeHead(200).end('ok')
    } else {
      state.hanging++
      request.socket.once('close', () => state.hanging--)
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0

  return {
    url: `http://127.0.0.1:${port}/ingest`,
    requests,
    /** Modes for the next requests, one each; after them, `otherwise`. */
    state,
    ids: () =>
      requests.flatMap((request) =>
        request.body
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((line) => Number(JSON.parse(line).id))
      ),
    close: () => {
      server.closeAllConnections()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
