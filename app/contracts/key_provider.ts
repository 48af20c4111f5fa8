/**
 * A data key as stored: the wrapped bytes (text) and what wrapped them, such as `local:v2`
 * (master key version 2) or `transit:payroll:v3` (a KMS key and its version).
 */
export interface WrappedKey {
  wrapped: string
  wrappedBy: string
}

/** Which data key is being wrapped; providers bind the wrapping to it. */
export interface KeyContext {
  companyId: string
  version: number
}

/**
 * Where a company's data keys are protected. The built-in provider wraps them with the
 * master key; a customer-managed key (a KMS) implements the same calls, so the data keys
 * can be read only while the customer's KMS agrees.
 */
export interface KeyProvider {
  /** A short name for pages and the audit trail, without credentials. */
  readonly label: string

  /** Wraps a data key under the provider's current key. */
  wrap(dataKey: Buffer, context: KeyContext): Promise<WrappedKey>

  /** The data key's bytes. Throws KeyUnavailableError when the provider cannot or will not. */
  unwrap(key: WrappedKey, context: KeyContext): Promise<Buffer>

  /** Whether the key is wrapped by the provider's current key (false after a rotation). */
  isCurrent(key: WrappedKey): Promise<boolean>

  /** The same data key, wrapped under the provider's current key. */
  rewrap(key: WrappedKey, context: KeyContext): Promise<WrappedKey>
}

/**
 * A key the provider cannot give now: a KMS that does not answer or refuses, a master key
 * version that is not configured. The message names the provider, never a credential.
 */
export class KeyUnavailableError extends Error {}
