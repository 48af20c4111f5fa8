import { randomBytes } from 'node:crypto'
import { UAParser } from 'ua-parser-js'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type { AccessMeta } from '#services/audit_log'

const DEVICE_COOKIE = 'vault-device'

/**
 * Identifies the browser with a long-lived signed cookie and describes it in words, so that
 * every audit record says from which device and address an access came.
 */
export default class DeviceMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const cookie: unknown = ctx.request.cookie(DEVICE_COOKIE)
    let deviceId = typeof cookie === 'string' ? cookie : ''
    if (!/^[A-Za-z0-9_-]{22}$/.test(deviceId)) {
      deviceId = randomBytes(16).toString('base64url')
      ctx.response.cookie(DEVICE_COOKIE, deviceId, { maxAge: '400 days', sameSite: 'lax' })
    }
    const userAgent = ctx.request.header('user-agent') ?? null
    ctx.accessMeta = {
      ip: ctx.request.ip(),
      userAgent,
      deviceId,
      deviceLabel: describeDevice(userAgent),
    }

    return next()
  }
}

const descriptions = new Map<string, string>()
const DESCRIPTIONS_KEPT = 1000

/**
 * "Firefox 133 on Windows", or the plain agent's first words when it is not a browser.
 * Parsing a user agent is costly and a company has few distinct ones, so answers are kept.
 */
export function describeDevice(userAgent: string | null): string | null {
  if (!userAgent) {
    return null
  }
  let description = descriptions.get(userAgent)
  if (description === undefined) {
    if (descriptions.size >= DESCRIPTIONS_KEPT) {
      descriptions.clear()
    }
    description = parseDevice(userAgent)
    descriptions.set(userAgent, description)
  }

  return description
}

function parseDevice(userAgent: string): string {
  const { browser, os } = new UAParser(userAgent).getResult()
  if (!browser.name) {
    return userAgent.slice(0, 60)
  }
  const name = [browser.name, browser.major].filter(Boolean).join(' ')

  return (os.name ? `${name} on ${os.name}` : name).slice(0, 120)
}

declare module '@adonisjs/core/http' {
  export interface HttpContext {
    accessMeta: AccessMeta
  }
}
