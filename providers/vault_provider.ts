import type { ApplicationService } from '@adonisjs/core/types'
import env from '#start/env'
import vaultConfig from '#config/vault'
import LocalKeyProvider, { MasterKeyError, readMasterKeyFile } from '#services/local_key_provider'
import SecretCipher from '#services/secret_cipher'
import AuditLog from '#services/audit_log'
import RevealService from '#services/reveal_service'
import SecretService from '#services/secret_service'

/**
 * Registers the vault's services. A host suite replaces a binding (the key provider, for a
 * customer-managed key) by swapping it in its own provider after this one registers.
 */
export default class VaultProvider {
  constructor(protected app: ApplicationService) {}

  register() {
    const container = this.app.container
    container.singleton('vault.keys', () => new LocalKeyProvider(masterKeyText()))
    container.singleton(SecretCipher, async (resolver) => {
      return new SecretCipher(await resolver.make('vault.keys'))
    })
    container.singleton(AuditLog, () => new AuditLog())
    container.singleton(RevealService, async (resolver) => {
      return new RevealService(await resolver.make(SecretCipher), await resolver.make(AuditLog))
    })
    container.singleton(SecretService, async (resolver) => {
      return new SecretService(await resolver.make(SecretCipher), await resolver.make(AuditLog))
    })
  }

  /** The web server and the tests refuse to start without a valid master key. */
  async start() {
    if (['web', 'test'].includes(this.app.getEnvironment())) {
      await this.app.container.make('vault.keys')
    }
  }
}

function masterKeyText(): string {
  const fromEnv = env.get('VAULT_MASTER_KEY')?.release()
  if (fromEnv) {
    return fromEnv
  }
  if (vaultConfig.masterKeyFile) {
    return readMasterKeyFile(vaultConfig.masterKeyFile)
  }
  throw new MasterKeyError('set VAULT_MASTER_KEY or VAULT_MASTER_KEY_FILE to the vault master key')
}

declare module '@adonisjs/core/types' {
  interface ContainerBindings {
    'vault.keys': import('#contracts/key_provider').KeyProvider
  }
}
