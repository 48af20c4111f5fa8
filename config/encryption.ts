import env from '#start/env'
import { defineConfig, drivers } from '@adonisjs/core/encryption'
import { Secret } from '@adonisjs/core/helpers'

// Stands in only for commands that encrypt nothing; the server refuses to start with it.
const missingAppKey = new Secret('missing-app-key-the-server-refuses-this')

/**
 * The framework's own encryption: cookies, sessions and the bearer tokens of SIEM
 * destinations. Secret values use the vault's cipher (app/services/secret_cipher.ts) under
 * the vault master key, never this one.
 */
const encryptionConfig = defineConfig({
  default: 'gcm',
  list: {
    gcm: drivers.aes256gcm({ keys: [env.get('APP_KEY') ?? missingAppKey], id: 'gcm' }),
  },
})

export default encryptionConfig

declare module '@adonisjs/core/types' {
  export interface EncryptorsList extends InferEncryptors<typeof encryptionConfig> {}
}
