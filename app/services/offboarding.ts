import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { DateTime } from 'luxon'
import { toDb } from '#services/db_time'
import User from '#models/user'
import Secret from '#models/secret'
import SecretGrant from '#models/secret_grant'
import type AuditLog from '#services/audit_log'
import { actorOf, type AccessMeta } from '#services/audit_log'

const SYSTEM_META: AccessMeta = { ip: null, userAgent: null, deviceId: null, deviceLabel: 'Vault' }

/**
 * A person leaving the company loses every grant in one step, now or at a set date. From
 * that moment the policy gives them no role and they cannot sign in; revoking then deletes
 * their grants, revokes their integration tokens and hands the secrets they owned to an
 * admin, each step audited. HR (through the suite) or an admin calls `endAccess`.
 */
export default class Offboarding {
  constructor(private audit: AuditLog) {}

  /** Ends a person's access at `at` (now when absent); revokes at once when the time has come. */
  async endAccess(actor: User, person: User, at: DateTime | null, meta: AccessMeta) {
    const endsAt = at && at > DateTime.utc() ? at : DateTime.utc()
    person.accessEndsAt = endsAt
    await person.save()
    await this.audit.record({
      companyId: person.companyId,
      actor: actorOf(actor),
      action: 'person.access_end_set',
      outcome: 'success',
      meta,
      details: { personId: person.id, person: person.email, endsAt: endsAt.toISO() },
    })
    if (person.accessEnded) {
      await this.revoke(person, actor, meta)
    }
  }

  /** Revokes everyone whose end date has passed; for a scheduler (`vault:access:revoke-due`). */
  async revokeDue() {
    const due = await User.query()
      .whereNotNull('access_ends_at')
      .whereNull('access_revoked_at')
      .where('access_ends_at', '<=', toDb(DateTime.utc(), 'seconds'))
    for (const person of due) {
      await this.revoke(person, null, SYSTEM_META)
    }

    return due.length
  }

  /** Deletes the person's grants, revokes their tokens and gives their secrets to an admin. */
  async revoke(person: User, actor: User | null, meta: AccessMeta) {
    const heir = await this.#heir(person, actor)
    await db.transaction(async (trx) => {
      await this.#removeGrants(trx, person, actor, meta)
      await this.#handOver(trx, person, heir, actor, meta)
      await trx
        .from('integration_tokens')
        .where('user_id', person.id)
        .whereNull('revoked_at')
        .update({ revoked_at: toDb(DateTime.utc(), 'seconds') })
      await trx
        .from('users')
        .where('id', person.id)
        .update({ access_revoked_at: toDb(DateTime.utc(), 'seconds') })
      await this.#record(trx, person, actor, meta, 'person.access_revoked', null, {
        personId: person.id,
        person: person.email,
      })
    })
    logger.info({ personId: person.id, heirId: heir?.id }, 'access revoked')
  }

  async #removeGrants(
    trx: TransactionClientContract,
    person: User,
    actor: User | null,
    meta: AccessMeta
  ) {
    const grants = await SecretGrant.query({ client: trx }).where('user_id', person.id)
    const secrets = await Secret.query({ client: trx }).whereIn(
      'id',
      grants.map((grant) => grant.secretId)
    )
    const byId = new Map(secrets.map((secret) => [secret.id, secret]))
    for (const grant of grants) {
      const secret = byId.get(grant.secretId)!
      await grant.useTransaction(trx).delete()
      await this.#record(trx, person, actor, meta, 'member.removed', secret, {
        memberId: person.id,
        role: grant.role,
        reason: 'access_ended',
      })
    }
  }

  async #handOver(
    trx: TransactionClientContract,
    person: User,
    heir: User | null,
    actor: User | null,
    meta: AccessMeta
  ) {
    const owned = await Secret.query({ client: trx }).where('owner_id', person.id)
    if (owned.length > 0 && !heir) {
      throw new Error(`no admin in company ${person.companyId} can take over the secrets`)
    }
    for (const secret of owned) {
      secret.useTransaction(trx).ownerId = heir!.id
      await secret.save()
      await SecretGrant.query({ client: trx })
        .where('secret_id', secret.id)
        .where('user_id', heir!.id)
        .delete()
      await this.#record(trx, person, actor, meta, 'secret.owner_changed', secret, {
        from: person.id,
        to: heir!.id,
      })
    }
  }

  /** The acting admin, else the company's longest-standing admin whose access has not ended. */
  async #heir(person: User, actor: User | null) {
    if (actor?.isAdmin && actor.id !== person.id) {
      return actor
    }
    const admins = await User.query()
      .where('company_id', person.companyId)
      .where('is_admin', true)
      .whereNot('id', person.id)
      .orderBy('id')

    return admins.find((admin) => !admin.accessEnded) ?? null
  }

  #record(
    trx: TransactionClientContract,
    person: User,
    actor: User | null,
    meta: AccessMeta,
    action: 'member.removed' | 'secret.owner_changed' | 'person.access_revoked',
    secret: Secret | null,
    details: Record<string, string | number | null>
  ) {
    return this.audit.record(
      {
        companyId: person.companyId,
        actor: actor ? actorOf(actor) : null,
        secret: secret ? { id: secret.id, name: secret.name } : null,
        action,
        outcome: 'success',
        reason: actor ? null : 'scheduled',
        meta,
        details,
      },
      trx
    )
  }
}
