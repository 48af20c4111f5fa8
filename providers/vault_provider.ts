import type { ApplicationService } from '@adonisjs/core/types'
import logger from '@adonisjs/core/services/logger'
import type { AlertSink } from '#services/anomaly_monitor'
import env from '#start/env'
import vaultConfig from '#config/vault'
import LocalKeyProvider, { MasterKeyError, readMasterKeyFile } from '#services/local_key_provider'
import SecretCipher from '#services/secret_cipher'
import DataKeys from '#services/data_keys'
import KeyRewrap from '#services/key_rewrap'
import AuditLog from '#services/audit_log'
import AuditEvidence from '#services/audit_evidence'
import AuditSeals from '#services/audit_seals'
import RevealService from '#services/reveal_service'
import SecretService from '#services/secret_service'
import SuiteContext from '#services/suite_context'
import InboxNotifier from '#services/inbox_notifier'
import IntegrationTokens from '#services/integration_tokens'
import Offboarding from '#services/offboarding'
import AnomalyMonitor from '#services/anomaly_monitor'

/**
 * Registers the vault's services. A host suite replaces a binding (the key provider, for a
 * customer-managed key) by swapping it in its own provider after this one registers.
 */
export default class VaultProvider {
  #monitor?: AnomalyMonitor

  constructor(protected app: ApplicationService) {}

  register() {
    const container = this.app.container
    container.singleton('vault.keys', () => new LocalKeyProvider(masterKeyText()))
    container.singleton(DataKeys, async (resolver) => {
      return new DataKeys(
        await resolver.make('vault.keys'),
        await resolver.make(AuditLog),
        vaultConfig.keys
      )
    })
    container.singleton(SecretCipher, async (resolver) => {
      return new SecretCipher(await resolver.make(DataKeys))
    })
    container.singleton(KeyRewrap, async (resolver) => {
      return new KeyRewrap(await resolver.make(DataKeys), await resolver.make(SecretCipher))
    })
    container.singleton(AuditEvidence, () => new AuditEvidence(masterKeyText()))
    container.singleton(AuditLog, async (resolver) => {
      return new AuditLog(await resolver.make(AuditEvidence))
    })
    container.singleton(AuditSeals, async (resolver) => {
      return new AuditSeals(await resolver.make(AuditEvidence))
    })
    container.singleton(RevealService, async (resolver) => {
      return new RevealService(await resolver.make(SecretCipher), await resolver.make(AuditLog))
    })
    container.singleton('vault.notifier', () => new InboxNotifier())
    container.singleton(SecretService, async (resolver) => {
      return new SecretService(
        await resolver.make(SecretCipher),
        await resolver.make(AuditLog),
        await resolver.make('vault.notifier')
      )
    })
    container.singleton('vault.context', () => new SuiteContext())
    container.singleton(IntegrationTokens, () => new IntegrationTokens())
    container.singleton(
      Offboarding,
      async (resolver) => new Offboarding(await resolver.make(AuditLog))
    )
    container.singleton(AnomalyMonitor, async (resolver) => {
      const monitor = new AnomalyMonitor(await resolver.make('vault.context'))
      monitor.addSink(logSink)

      return monitor
    })
  }

  /**
   * Every access is scored by the anomaly detector once its audit record is written, unless
   * live scoring is switched off (the test suite attaches it only where a test needs it).
   * Wired when the read path is first resolved, so commands that read no value need no key.
   */
  async boot() {
    if (!vaultConfig.anomaly.live) {
      return
    }
    this.app.container.resolving(RevealService, async (reveals, resolver) => {
      this.#monitor = await resolver.make(AnomalyMonitor)
      reveals.addObserver(this.#monitor)
    })
  }

  /** Lets scoring that is still running finish before the process exits. */
  async shutdown() {
    await this.#monitor?.settled()
  }

  /** The web server and the tests refuse to start without an APP_KEY and a valid master key. */
  async start() {
    const serving = ['web', 'test'].includes(this.app.getEnvironment())
    if (serving && this.app.getMode() === 'run') {
      if ((env.get('APP_KEY')?.release().length ?? 0) < 32) {
        throw new MasterKeyError('set APP_KEY to 32 random characters or more')
      }
      await this.app.container.make('vault.keys')
    }
  }
}

/** The default destination of alerts: a log line with ids and the reasons, no value. */
const logSink: AlertSink = {
  deliver(notice) {
    logger.warn(
      { alertId: notice.alertId, userId: notice.userId, secretId: notice.secretId },
      `anomaly alert: ${notice.reasons.map((reason) => reason.detail).join('; ')}`
    )
  },
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
    'vault.keys': import('#services/local_key_provider').default
    'vault.context': import('#anomaly/context_source').ContextSource
    'vault.notifier': import('#contracts/notifier').Notifier
  }
}
