/** A notice for people of a company. It names secrets and people, never a value. */
export interface Notice {
  companyId: string
  recipientIds: number[]
  kind: 'value_changed'
  title: string
  body: string
  secretId?: string
}

/**
 * Where the vault's notices go: the suite's notification center when the vault runs inside
 * the suite, the built-in inbox otherwise. Delivery must not throw into the caller's work.
 */
export interface Notifier {
  notify(notice: Notice): Promise<void>
}
