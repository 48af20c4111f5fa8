import type { KeyObject } from 'node:crypto'

/**
 * Where the keys that encrypt a company's secrets come from. The built-in provider derives
 * them from the master key; a customer-managed key (a KMS) implements the same two calls.
 */
export interface KeyProvider {
  /** The key version under which new values of this company are encrypted. */
  activeVersion(companyId: string): Promise<number>

  /**
   * The AES-256 key of one version for one company. Throws when that version is unknown;
   * callers never try another key on the same ciphertext.
   */
  keyFor(companyId: string, version: number): Promise<KeyObject>
}
