import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { DateTime } from 'luxon'
import vaultConfig from '#config/vault'
import Company from '#models/company'
import { actorOf } from '#services/audit_log'
import DataKeys, { KeyGoneError, KeyInUseError } from '#services/data_keys'

/** The company's data keys for admins: versions, ages, states and the values each protects. */
@inject()
export default class KeysController {
  constructor(private keys: DataKeys) {}

  async index({ view, auth }: HttpContext) {
    const companyId = auth.getUserOrFail().companyId
    const company = await Company.findOrFail(companyId)
    const provider = await this.keys.providerFor(companyId)
    const rows = await this.keys.status(companyId)
    const { maxAgeDays, maxEncryptions } = vaultConfig.keys
    const keys = rows.map((row) => {
      const ageDays = Math.floor(DateTime.utc().diff(row.createdAt, 'days').days)
      return {
        ...row,
        ageDays,
        tooOld: row.state === 'active' && ageDays > maxAgeDays,
        usedShare: Math.min(100, (row.encryptions / maxEncryptions) * 100),
        retirable: row.state === 'decrypt_only' && row.rows === 0,
        protectedBy: describeWrapping(row.wrappedBy),
      }
    })
    const active = keys.find((key) => key.state === 'active')
    const behind = keys
      .filter((key) => key.state !== 'active')
      .reduce((sum, key) => sum + key.rows, 0)

    return view.render('pages/keys/index', {
      company,
      provider: provider.label,
      keys,
      active,
      behind,
      maxAgeDays,
      maxEncryptions,
    })
  }

  async rotate({ auth, response, session }: HttpContext) {
    const user = auth.getUserOrFail()
    const version = await this.keys.rotate(user.companyId, actorOf(user), 'admin')
    session.flash(
      'success',
      `Data key v${version} is now active. Stored values move onto it when an operator runs ` +
        'vault:keys:rewrap.'
    )

    return response.redirect().toRoute('keys.index')
  }

  async retire({ auth, params, response, session }: HttpContext) {
    const user = auth.getUserOrFail()
    const version = Number(params.version)
    if (!Number.isInteger(version) || version < 1) {
      session.flash('error', 'version: no such key version.')
      return response.redirect().toRoute('keys.index')
    }
    try {
      await this.keys.retire(user.companyId, version, actorOf(user))
      session.flash('success', `Data key v${version} is retired.`)
    } catch (error) {
      if (!(error instanceof KeyInUseError || error instanceof KeyGoneError)) {
        throw error
      }
      session.flash('error', `${error.message[0].toUpperCase()}${error.message.slice(1)}.`)
    }

    return response.redirect().toRoute('keys.index')
  }
}

/** `local:v2` reads "master key v2"; `transit:payroll:v3` reads "KMS key payroll v3". */
function describeWrapping(wrappedBy: string) {
  const [kind, ...rest] = wrappedBy.split(':')
  if (kind === 'local') {
    return `master key ${rest.join(':')}`
  }

  return `KMS key ${rest.slice(0, -1).join(':')} ${rest.at(-1)}`
}
