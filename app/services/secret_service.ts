import { inject } from '@adonisjs/core'
import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { DateTime } from 'luxon'
import { randomUUID } from 'node:crypto'
import Secret, { type Category } from '#models/secret'
import SecretGrant, { type GrantRole } from '#models/secret_grant'
import SecretVersion from '#models/secret_version'
import SecretCipher from '#services/secret_cipher'
import AuditLog, { type AccessMeta, type AuditEntry, actorOf } from '#services/audit_log'
import type User from '#models/user'
import type { Notifier } from '#contracts/notifier'

export interface MemberInput {
  userId: number
  role: GrantRole
}

export interface SecretInput {
  name: string
  category: Category
  value: string
  description?: string | null
  notes?: string | null
  rotationDays?: number | null
  members?: MemberInput[]
}

export type SecretChanges = Partial<Omit<SecretInput, 'members' | 'value'>> & {
  value?: string | null
}

/**
 * Every change to a secret: its metadata, its value (a new version, the old ones kept) and
 * its members. Each change, its version row and its audit records commit in one
 * transaction, so a failed edit leaves the previous state whole.
 */
@inject()
export default class SecretService {
  constructor(
    private cipher: SecretCipher,
    private audit: AuditLog,
    private notifier?: Notifier
  ) {}

  /** Creates a secret owned by the actor, with its first version and its members. */
  async create(actor: User, input: SecretInput, meta: AccessMeta) {
    return db.transaction(async (trx) => {
      const secret = new Secret().useTransaction(trx)
      secret.merge({
        id: randomUUID(),
        companyId: actor.companyId,
        ownerId: actor.id,
        name: input.name,
        category: input.category,
        description: input.description ?? null,
        notes: input.notes ?? null,
        rotationDays: input.rotationDays ?? null,
        currentVersion: 1,
        valueChangedAt: DateTime.utc(),
      })
      await secret.save()
      await this.#storeVersion(trx, secret, 1, input.value, actor)
      await this.#record(trx, actor, secret, meta, { action: 'secret.created', version: 1 })
      await this.#setMembers(trx, actor, secret, input.members ?? [], meta)

      return secret
    })
  }

  /**
   * Applies changes. A new value becomes the next version; an unchanged value field (absent
   * or empty) keeps the current one. Returns whether the value changed.
   */
  async update(actor: User, secret: Secret, changes: SecretChanges, meta: AccessMeta) {
    const result = await db.transaction(async (trx) => {
      secret.useTransaction(trx)
      const { value, ...fields } = changes
      secret.merge(fields)
      const valueChanged = typeof value === 'string' && value !== ''
      if (valueChanged) {
        secret.currentVersion += 1
        secret.valueChangedAt = DateTime.utc()
      }
      const changed = Object.keys(secret.$dirty).filter((key) => key !== 'updatedAt')
      await secret.save()
      if (valueChanged) {
        await this.#storeVersion(trx, secret, secret.currentVersion, value as string, actor)
      }
      await this.#record(trx, actor, secret, meta, {
        action: 'secret.updated',
        version: secret.currentVersion,
        details: { fields: changed.join(','), valueChanged },
      })

      return { valueChanged }
    })
    if (result.valueChanged) {
      await this.#announceNewValue(actor, secret)
    }

    return result
  }

  /**
   * Tells the owner and members (not the person who made the change) that the value changed,
   * once the change is committed. A failed delivery is logged: the new version stands.
   */
  async #announceNewValue(actor: User, secret: Secret) {
    const grants = await SecretGrant.query().where('secret_id', secret.id).select('user_id')
    const recipients = [secret.ownerId, ...grants.map((grant) => grant.userId)]
    const notice = {
      companyId: secret.companyId,
      recipientIds: [...new Set(recipients)].filter((id) => id !== actor.id),
      kind: 'value_changed' as const,
      title: `"${secret.name}" has a new value`,
      body: `${actor.fullName} changed the value of "${secret.name}" (now version ${secret.currentVersion}). Update wherever you use it.`,
      secretId: secret.id,
    }
    await this.notifier
      ?.notify(notice)
      .catch((err) => logger.error({ err, secretId: secret.id }, 'value change notice failed'))
  }

  /** Deletes a secret with its versions and grants; the audit trail keeps its history. */
  async delete(actor: User, secret: Secret, meta: AccessMeta) {
    await db.transaction(async (trx) => {
      await this.#record(trx, actor, secret, meta, { action: 'secret.deleted' })
      await SecretGrant.query({ client: trx }).where('secret_id', secret.id).delete()
      await SecretVersion.query({ client: trx }).where('secret_id', secret.id).delete()
      secret.useTransaction(trx)
      await secret.delete()
    })
  }

  /** Replaces the member list: adds, removes and changes roles, one audit record each. */
  async replaceMembers(actor: User, secret: Secret, members: MemberInput[], meta: AccessMeta) {
    await db.transaction((trx) => this.#setMembers(trx, actor, secret, members, meta))
  }

  async #setMembers(
    trx: TransactionClientContract,
    actor: User,
    secret: Secret,
    wanted: MemberInput[],
    meta: AccessMeta
  ) {
    const current = await SecretGrant.query({ client: trx }).where('secret_id', secret.id)
    const byUser = new Map(current.map((grant) => [grant.userId, grant]))
    const wantedByUser = new Map(
      wanted.filter((m) => m.userId !== secret.ownerId).map((m) => [m.userId, m.role])
    )

    for (const grant of current) {
      if (!wantedByUser.has(grant.userId)) {
        await grant.useTransaction(trx).delete()
        await this.#memberRecord(trx, actor, secret, meta, 'member.removed', grant)
      }
    }
    for (const [userId, role] of wantedByUser) {
      await this.#applyGrant(trx, actor, secret, meta, byUser.get(userId), { userId, role })
    }
  }

  async #applyGrant(
    trx: TransactionClientContract,
    actor: User,
    secret: Secret,
    meta: AccessMeta,
    existing: SecretGrant | undefined,
    wanted: MemberInput
  ) {
    if (!existing) {
      const grant = await SecretGrant.create({ secretId: secret.id, ...wanted }, { client: trx })
      await this.#memberRecord(trx, actor, secret, meta, 'member.added', grant)
      return
    }
    if (existing.role !== wanted.role) {
      const previous = existing.role
      existing.role = wanted.role
      await existing.useTransaction(trx).save()
      await this.#memberRecord(trx, actor, secret, meta, 'member.role_changed', existing, previous)
    }
  }

  #memberRecord(
    trx: TransactionClientContract,
    actor: User,
    secret: Secret,
    meta: AccessMeta,
    action: 'member.added' | 'member.removed' | 'member.role_changed',
    grant: SecretGrant,
    previousRole?: string
  ) {
    const details = { memberId: grant.userId, role: grant.role, previousRole: previousRole ?? null }

    return this.#record(trx, actor, secret, meta, { action, details })
  }

  async #storeVersion(
    trx: TransactionClientContract,
    secret: Secret,
    version: number,
    value: string,
    actor: User
  ) {
    const binding = { companyId: secret.companyId, secretId: secret.id, version }
    const sealed = await this.cipher.encrypt(value, binding, trx)
    await SecretVersion.create(
      { secretId: secret.id, version, createdBy: actor.id, ...sealed },
      { client: trx }
    )
  }

  #record(
    trx: TransactionClientContract,
    actor: User,
    secret: Secret,
    meta: AccessMeta,
    entry: Pick<AuditEntry, 'action' | 'version' | 'details'>
  ) {
    return this.audit.record(
      {
        companyId: secret.companyId,
        actor: actorOf(actor),
        secret: { id: secret.id, name: secret.name },
        outcome: 'success',
        meta,
        ...entry,
      },
      trx
    )
  }
}
