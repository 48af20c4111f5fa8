import env from '#start/env'

/**
 * Settings of the vault module. A host suite overrides these through its own config and
 * the bindings registered in providers/vault_provider.ts.
 */
const vaultConfig = {
  /** How long a password confirmation unlocks Show and Copy. */
  confirmWindowSeconds: env.get('VAULT_CONFIRM_WINDOW_SECONDS', 300),

  /** Seconds after a Copy before the page clears the clipboard, where the browser allows. */
  clipboardClearSeconds: 30,

  /** Rotation is due after this many days unless a secret says otherwise. */
  rotationDays: 90,

  /**
   * The Edge layout every page renders in; a host suite points this at its own. Vault's
   * templates live in `ui/` rather than `components/`: Edge rescans `components/` on every
   * render to register tags, which cost several percent of a page's CPU.
   */
  layout: 'ui/layouts/vault',

  limits: {
    valueBytes: 64 * 1024,
    nameLength: 200,
    notesBytes: 10 * 1024,
    descriptionLength: 2000,
  },

  /** Failed logins allowed per email and address before a pause. */
  loginAttempts: { perWindow: 5, window: '15 minutes', blockFor: '15 minutes' },

  /** Where the master key comes from when VAULT_MASTER_KEY is not set. */
  masterKeyFile: env.get('VAULT_MASTER_KEY_FILE'),

  keys: {
    /**
     * Encryptions after which a data key stops encrypting and a new one takes over. AES-GCM
     * with random 96-bit nonces must stay well below 2^32 uses of one key; 2^31 keeps the
     * chance of a repeated nonce under one in four billion.
     */
    maxEncryptions: env.get('VAULT_DATA_KEY_MAX_ENCRYPTIONS', 2 ** 31),
    /** An active data key older than this is flagged on the Keys page and in the status. */
    maxAgeDays: env.get('VAULT_DATA_KEY_MAX_AGE_DAYS', 90),
    /** How long an unwrapped data key stays in memory; a KMS's refusal takes effect after. */
    cacheSeconds: env.get('VAULT_DATA_KEY_CACHE_SECONDS', 300),
    /** How long a call to a company's KMS may take before Show answers that it is down. */
    kmsTimeoutMs: 5000,
  },

  anomaly: {
    /** Score every access live; the replay command works either way. */
    live: env.get('VAULT_ANOMALY_LIVE', true),
  },

  /**
   * How long audit records are kept, in days; absent means forever. Purging removes whole
   * sealed ranges only, so the remaining trail still verifies.
   */
  auditRetentionDays: env.get('VAULT_AUDIT_RETENTION_DAYS'),

  /** Audit pages show this many records before "older". */
  auditPageSize: 50,
}

export default vaultConfig
export type VaultConfig = typeof vaultConfig
