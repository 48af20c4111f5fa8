import { connect as connectTcp, type Socket } from 'node:net'
import { connect as connectTls } from 'node:tls'
import { hostname } from 'node:os'
import type { ExportFields } from '#services/audit_export'

/**
 * Syslog facility 10 (authpriv): security and authorization messages, which collectors
 * usually keep apart from ordinary logs. Successes are sent as informational (6), refusals
 * and failures as notice (5).
 */
const FACILITY = 10
const SEVERITY = { success: 6, other: 5 }

/** A delivery the receiver did not acknowledge. The reason never holds a token or a body. */
export class DeliveryError extends Error {}

/** The host name as RFC 5424 wants it: printable ASCII without spaces, or "-". */
function syslogHostname() {
  const name = hostname()
    .replace(/[^\x21-\x7e]/g, '')
    .slice(0, 255)

  return name || '-'
}

const HOSTNAME = syslogHostname()

/**
 * One audit record as an RFC 5424 message (`<PRI>1 TIMESTAMP HOSTNAME vault - audit - JSON`)
 * framed by octet counting (RFC 6587), so a JSON body may hold any character.
 */
export function syslogFrame(fields: ExportFields) {
  const severity = fields.outcome === 'success' ? SEVERITY.success : SEVERITY.other
  // APP-NAME vault, no PROCID, MSGID audit, no STRUCTURED-DATA; the record is the MSG.
  const header = `<${FACILITY * 8 + severity}>1 ${fields.occurred_at} ${HOSTNAME} vault - audit -`
  const line = `${header} ${JSON.stringify(fields)}`

  return `${Buffer.byteLength(line)} ${line}`
}

export interface SyslogTarget {
  host: string
  port: number
  tls: boolean
}

/**
 * Writes the frames on a fresh connection and resolves once the collector has closed its
 * side after reading ours: TCP syslog has no acknowledgement of its own, and a clean close
 * after our end of stream is the closest to one. With TLS the certificate is always verified.
 */
export function sendSyslog(target: SyslogTarget, frames: string[], timeoutMs: number) {
  const options = { host: target.host, port: target.port }
  const socket: Socket = target.tls
    ? connectTls({ ...options, servername: serverName(target.host) })
    : connectTcp(options)

  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => socket.destroy(new DeliveryError('no answer in time')),
      timeoutMs
    )
    socket.once('error', (error) => reject(error))
    socket.once('close', (hadError) => {
      clearTimeout(timer)
      if (!hadError) {
        resolve()
      }
    })
    socket.once(target.tls ? 'secureConnect' : 'connect', () => socket.end(frames.join('')))
    // Whatever the collector sends is read and dropped, so that its close is seen.
    socket.resume()
  })
}

/** TLS sends a server name only for a host name, never for an address. */
function serverName(host: string) {
  return /^[\d.]+$|:/.test(host) ? undefined : host
}

/**
 * POSTs the records as JSON Lines (the same lines as the JSONL export) and resolves on a 2xx
 * answer. Redirects are not followed: a receiver that moved is a configuration to fix.
 */
export async function sendHttps(
  url: string,
  token: string | null,
  lines: string[],
  timeoutMs: number
) {
  const headers: Record<string, string> = { 'content-type': 'application/x-ndjson' }
  if (token !== null) {
    headers.authorization = `Bearer ${token}`
  }
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: lines.join(''),
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  })
  await response.body?.cancel()
  if (response.status < 200 || response.status > 299) {
    throw new DeliveryError(`HTTP ${response.status}`)
  }
}

/**
 * A failure in words for the admin page. Built from error codes, statuses and the HTTP
 * client's own reasons, never from what a receiver wrote, so it cannot carry a token back.
 */
export function describeFailure(error: unknown) {
  if (error instanceof DeliveryError) {
    return error.message
  }
  const failure = error as { name?: string; code?: unknown; cause?: { code?: unknown } } | null
  const known = String(failure?.code ?? failure?.cause?.code ?? '')
  if (known in FAILURES) {
    return FAILURES[known]
  }
  if (failure?.name === 'TimeoutError') {
    return 'no answer in time'
  }
  if (/CERT|TLS|SSL|VERIFY/.test(known)) {
    return `TLS certificate refused (${known})`
  }

  if (known) {
    return `delivery failed (${known})`
  }
  // fetch's own refusals (a blocked port, a malformed answer) carry their reason as a cause.
  const reason = (failure?.cause as { message?: unknown } | undefined)?.message

  return typeof reason === 'string'
    ? `delivery failed (${reason.slice(0, 100)})`
    : 'delivery failed'
}

const FAILURES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by the receiver',
  EPIPE: 'connection closed by the receiver',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'no answer in time',
  EHOSTUNREACH: 'host unreachable',
  UND_ERR_SOCKET: 'connection closed by the receiver',
  E_SIEM_TOKEN: 'the stored token could not be decrypted: check APP_KEY',
}
