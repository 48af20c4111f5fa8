import vine, { SimpleMessagesProvider } from '@vinejs/vine'
import type { Infer } from '@vinejs/vine/types'
import { SIEM_KINDS } from '#models/siem_destination'

/** Host names and IPv4 or IPv6 addresses, nothing that could smuggle a path or a port. */
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?)+$|^[0-9A-Fa-f:.]+$/

/** What an Authorization header may carry: printable ASCII without spaces or line breaks. */
const TOKEN = /^[\x21-\x7e]+$/

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * A receiver URL: https, or plain http to this machine only (a local agent, the tests). It
 * may not carry credentials, a query or a fragment: they would show on the page and in the
 * audit trail, so a token goes in the token field, which is stored encrypted.
 */
const receiverUrl = vine.createRule((value: unknown, _options: undefined, field) => {
  if (typeof value !== 'string' || !URL.canParse(value)) {
    return
  }
  const url = new URL(value)
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) {
    field.report(
      'The {{ field }} field must use https:// (http:// only to localhost)',
      'https',
      field
    )
  }
  if (url.username || url.password || url.search || url.hash) {
    field.report(
      'The {{ field }} field must not hold credentials, a query or a fragment: ' +
        'put a token in the token field',
      'plainUrl',
      field
    )
  }
})

/**
 * A SIEM destination as the admin form sends it. Syslog needs a host and a port, HTTPS a
 * URL; an empty token keeps the stored one, and `removeToken` drops it.
 */
export const siemDestinationValidator = vine.create({
  name: vine.string().trim().minLength(1).maxLength(100),
  kind: vine.enum(SIEM_KINDS),
  host: vine
    .string()
    .trim()
    .maxLength(253)
    .regex(HOST)
    .optional()
    .requiredWhen('kind', '=', 'syslog'),
  port: vine
    .number()
    .withoutDecimals()
    .range([1, 65535])
    .optional()
    .requiredWhen('kind', '=', 'syslog'),
  tls: vine.boolean().optional(),
  url: vine
    .string()
    .trim()
    .maxLength(2048)
    .url({ require_protocol: true, protocols: ['https', 'http'], require_tld: false })
    .use(receiverUrl())
    .optional()
    .requiredWhen('kind', '=', 'https'),
  token: vine.string().trim().maxLength(2048).regex(TOKEN).optional(),
  removeToken: vine.boolean().optional(),
  enabled: vine.boolean().optional(),
})

export type SiemDestinationInput = Infer<typeof siemDestinationValidator>

siemDestinationValidator.messagesProvider = new SimpleMessagesProvider(
  {
    'host.regex': 'The host field must be a host name or an IP address',
    'token.regex': 'The token field must be printable characters without spaces',
  },
  { removeToken: 'remove token' }
)
