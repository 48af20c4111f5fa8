import { AuditEventSchema } from '#database/schema'

/**
 * A record of the audit trail. Read-only for the application: records are written by
 * AuditLog through the query builder and nothing updates or deletes them.
 */
export default class AuditEvent extends AuditEventSchema {
  get detailsObject(): Record<string, unknown> {
    return this.details ? JSON.parse(this.details) : {}
  }
}
