import { inject } from '@adonisjs/core'
import logger from '@adonisjs/core/services/logger'
import type { Logger } from '@adonisjs/core/logger'
import { Exception } from '@adonisjs/core/exceptions'
import SecretVersion from '#models/secret_version'
import SecretCipher, { DecryptionError } from '#services/secret_cipher'
import { KeyGoneError } from '#services/data_keys'
import { KeyUnavailableError } from '#contracts/key_provider'
import AuditLog, { type AccessMeta, type AuditAction, actorOf } from '#services/audit_log'
import { decide, type SecretAction } from '#policies/secret_policy'
import type { AccessObserver } from '#contracts/access_observer'
import type Secret from '#models/secret'
import type User from '#models/user'

export type RevealPurpose = 'show' | 'copy' | 'use' | 'version'

export interface RevealRequest {
  actor: User
  secret: Secret
  purpose: RevealPurpose
  /** A past version; only with the `version` purpose. Defaults to the current version. */
  version?: number
  meta: AccessMeta
  /** The request's logger, so the access line carries the request id. */
  logger?: Logger
}

const PURPOSES: Record<RevealPurpose, { action: AuditAction; check: SecretAction }> = {
  show: { action: 'value.shown', check: 'reveal' },
  copy: { action: 'value.copied', check: 'reveal' },
  use: { action: 'value.used', check: 'use' },
  version: { action: 'version.read', check: 'readVersions' },
}

/** Refused access. Non-members get 404 so that a refusal does not confirm existence. */
export class RevealDeniedError extends Exception {
  constructor(memberOfSecret: boolean) {
    super(memberOfSecret ? 'You are not allowed to read this value' : 'Not found', {
      status: memberOfSecret ? 403 : 404,
      code: 'E_REVEAL_DENIED',
    })
  }
}

/**
 * The one path by which a secret's value leaves the vault: Show, Copy, programmatic use and
 * past versions all come here. It authorizes, decrypts, writes the audit record and only
 * then returns the value; if the record cannot be written the value is dropped (fail
 * closed). Observers such as the anomaly detector are told after the record is durable.
 */
@inject()
export default class RevealService {
  #observers: AccessObserver[] = []

  constructor(
    private cipher: SecretCipher,
    private audit: AuditLog
  ) {}

  /** Registers an observer of every access, allowed or denied. */
  addObserver(observer: AccessObserver) {
    this.#observers.push(observer)
  }

  /** Stops telling an observer about accesses. */
  removeObserver(observer: AccessObserver) {
    this.#observers = this.#observers.filter((known) => known !== observer)
  }

  /** Returns the value, or throws RevealDeniedError, AuditUnavailableError or a 404. */
  async reveal(request: RevealRequest): Promise<{ value: string; version: number }> {
    const { action, check } = PURPOSES[request.purpose]
    const decision = await decide(request.actor, request.secret, check)
    if (!decision.allowed) {
      await this.#record(request, action, 'denied', decision.reason, null)
      throw new RevealDeniedError(decision.role !== null)
    }

    const versionNumber = request.version ?? request.secret.currentVersion
    const value = await this.#decrypt(request, action, versionNumber)
    await this.#record(request, action, 'success', null, versionNumber)

    return { value, version: versionNumber }
  }

  async #decrypt(request: RevealRequest, action: AuditAction, versionNumber: number) {
    const row = await SecretVersion.query()
      .where('secret_id', request.secret.id)
      .where('version', versionNumber)
      .first()
    if (!row) {
      throw new Exception('No such version', { status: 404, code: 'E_VERSION_NOT_FOUND' })
    }
    const binding = {
      companyId: request.secret.companyId,
      secretId: request.secret.id,
      version: versionNumber,
    }
    try {
      return await this.cipher.decrypt(row, binding)
    } catch (error) {
      const reason = failureReason(error)
      if (reason) {
        await this.#record(request, action, 'failure', reason, versionNumber)
      }
      throw error
    }
  }

  async #record(
    request: RevealRequest,
    action: AuditAction,
    outcome: 'success' | 'denied' | 'failure',
    reason: string | null,
    version: number | null
  ) {
    const { actor, secret, meta } = request
    const { id: auditId, at } = await this.audit.record({
      companyId: actor.companyId,
      actor: actorOf(actor),
      secret: { id: secret.id, name: secret.name },
      action,
      outcome,
      reason,
      version,
      meta,
    })
    const log = request.logger ?? logger
    log.info(
      { auditId, secretId: secret.id, actorId: actor.id, action, outcome, reason },
      'secret access'
    )
    this.#notify({
      auditId,
      companyId: actor.companyId,
      userId: actor.id,
      secretId: secret.id,
      secretName: secret.name,
      action,
      outcome,
      at: at.toJSDate(),
      meta,
    })
  }

  #notify(access: Parameters<AccessObserver['observe']>[0]) {
    for (const observer of this.#observers) {
      Promise.resolve()
        .then(() => observer.observe(access))
        .catch((err) => logger.error({ err, auditId: access.auditId }, 'access observer failed'))
    }
  }
}

/** Why a stored value could not be read, as the audit record says it. */
function failureReason(error: unknown) {
  if (error instanceof DecryptionError) {
    return 'decryption_failed'
  }
  if (error instanceof KeyUnavailableError) {
    return 'key_service_unavailable'
  }
  if (error instanceof KeyGoneError) {
    return 'key_destroyed'
  }

  return null
}
