import { inject } from '@adonisjs/core'
import db from '@adonisjs/lucid/services/db'
import { Exception } from '@adonisjs/core/exceptions'
import type User from '#models/user'
import SiemDestination from '#models/siem_destination'
import AuditLog, { actorOf, type AccessMeta } from '#services/audit_log'
import type { SiemDestinationInput } from '#validators/siem'

/** What happened to the token in a change, as the audit record says it (never the token). */
type TokenChange = 'set' | 'kept' | 'removed' | 'none'

/**
 * An admin's SIEM destinations: creating and changing them, each change audited in the same
 * transaction. Fields of the other kind are cleared, so a row only holds what it uses.
 */
@inject()
export default class SiemDestinations {
  constructor(private audit: AuditLog) {}

  /** The company's destinations with how many records each still has to deliver. */
  async list(companyId: string) {
    const destinations = await SiemDestination.query().where('company_id', companyId).orderBy('id')

    return Promise.all(
      destinations.map(async (destination) => ({
        destination,
        waiting: await this.#waiting(destination),
      }))
    )
  }

  /** One destination of the admin's company; another company's id answers 404. */
  async find(admin: User, id: string | number) {
    const destination = await SiemDestination.query()
      .where('company_id', admin.companyId)
      .where('id', Number(id) || 0)
      .first()
    if (!destination) {
      throw new Exception('Not found', { status: 404, code: 'E_SIEM_DESTINATION_NOT_FOUND' })
    }

    return destination
  }

  /** Adds a destination to the admin's company; it starts at the beginning of the trail. */
  async create(admin: User, input: SiemDestinationInput, meta: AccessMeta) {
    const destination = new SiemDestination()
    destination.companyId = admin.companyId

    return this.#save(admin, destination, input, meta, 'siem.destination_created')
  }

  /** Changes a destination; its cursor stays where it is, whatever the new target. */
  async update(
    admin: User,
    destination: SiemDestination,
    input: SiemDestinationInput,
    meta: AccessMeta
  ) {
    return this.#save(admin, destination, input, meta, 'siem.destination_changed')
  }

  async #save(
    admin: User,
    destination: SiemDestination,
    input: SiemDestinationInput,
    meta: AccessMeta,
    action: 'siem.destination_created' | 'siem.destination_changed'
  ) {
    const syslog = input.kind === 'syslog'
    destination.merge({
      name: input.name,
      kind: input.kind,
      host: syslog ? input.host! : null,
      port: syslog ? input.port! : null,
      tls: syslog && input.tls === true,
      url: syslog ? null : input.url!,
      enabled: input.enabled === true,
    })
    const token = this.#applyToken(destination, input)

    await db.transaction(async (trx) => {
      destination.useTransaction(trx)
      await destination.save()
      const details = {
        destination: destination.id,
        name: destination.name,
        target: destination.target,
        enabled: destination.enabled,
        token,
      }
      const entry = { companyId: admin.companyId, actor: actorOf(admin), action, details }
      await this.audit.record({ ...entry, outcome: 'success', meta }, trx)
    })

    return destination
  }

  /** A token is only sent for HTTPS; an empty field keeps the stored one. */
  #applyToken(destination: SiemDestination, input: SiemDestinationInput): TokenChange {
    const had = destination.hasToken
    if (input.kind === 'syslog' || input.removeToken) {
      destination.setToken(null)
      return had ? 'removed' : 'none'
    }
    if (input.token) {
      destination.setToken(input.token)
      return 'set'
    }

    return had ? 'kept' : 'none'
  }

  /** Records after the cursor: settled or not, what the receiver has yet to get. */
  async #waiting(destination: SiemDestination) {
    const [row] = await db
      .from('audit_events')
      .where('company_id', destination.companyId)
      .where('id', '>', destination.deliveredThrough)
      .count('* as n')

    return Number(row.n)
  }
}
