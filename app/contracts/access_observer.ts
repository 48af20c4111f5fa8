import type { AccessMeta, AuditAction } from '#services/audit_log'

/** One access to a secret, as the anomaly detector sees it. It never carries a value. */
export interface ObservedAccess {
  auditId: number
  companyId: string
  userId: number
  secretId: string
  secretName: string | null
  action: AuditAction
  outcome: 'success' | 'denied' | 'failure'
  at: Date
  meta: AccessMeta
}

/**
 * Something that watches accesses after their audit record is written: the anomaly
 * detector, or the suite's own listener. It must return quickly and must never throw into
 * the read path; RevealService logs and drops its errors.
 */
export interface AccessObserver {
  observe(access: ObservedAccess): void | Promise<void>
}
