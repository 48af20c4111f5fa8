import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import SecretService from '#services/secret_service'
import { authorizeSecret } from '#services/secret_access'
import { findCompanySecret, visibleSecrets } from '#services/secret_finder'
import { categoryChoices, formChoices, secretPageData } from '#services/secret_views'
import FilterChoices, { containing } from '#services/filter_choices'
import { roleOn } from '#policies/secret_policy'
import { membersFromForm } from '#validators/members_form'
import {
  createSecretValidator,
  secretListValidator,
  updateSecretValidator,
} from '#validators/secret'

/** Secret metadata: list, create, view, edit, delete. Values are read by RevealController. */
@inject()
export default class SecretsController {
  constructor(
    private secrets: SecretService,
    private choices: FilterChoices
  ) {}

  async index({ request, view, auth }: HttpContext) {
    const user = auth.getUserOrFail()
    const filters = await secretListValidator.validate(request.qs())
    const query = visibleSecrets(user).preload('owner').orderBy('name')
    if (filters.q) {
      query.whereRaw(`lower(name) like ? escape '!'`, [containing(filters.q)])
    }
    if (filters.category) {
      query.where('category', filters.category)
    }
    const owner = await this.choices.person(user.companyId, filters.owner, 'owner')
    if (owner) {
      query.where('owner_id', owner.id)
    }
    const secrets = await query.limit(500)
    const roles = await Promise.all(secrets.map((secret) => roleOn(user, secret)))

    return view.render('pages/secrets/index', {
      rows: secrets.map((secret, index) => ({ secret, role: roles[index] })),
      filters,
      chosen: { owner: owner?.email ?? '' },
      categories: categoryChoices(),
      suggestions: { people: await this.choices.peopleSuggestions(user.companyId) },
    })
  }

  async create({ view, auth }: HttpContext) {
    return view.render('pages/secrets/create', await formChoices(auth.getUserOrFail()))
  }

  async store(ctx: HttpContext) {
    const user = ctx.auth.getUserOrFail()
    const input = { ...ctx.request.all(), members: membersFromForm(ctx.request.all()) }
    const data = await createSecretValidator.validate(input, {
      meta: { companyId: user.companyId },
    })
    const secret = await this.secrets.create(user, data, ctx.accessMeta)

    if (ctx.request.accepts(['html', 'json']) === 'json') {
      return ctx.response.created({ id: secret.id })
    }
    ctx.session.flash('success', `"${secret.name}" is stored.`)
    return ctx.response.redirect().toRoute('secrets.show', { id: secret.id })
  }

  async show(ctx: HttpContext) {
    const user = ctx.auth.getUserOrFail()
    const secret = await findCompanySecret(user, ctx.params.id)
    await authorizeSecret(ctx, secret, 'view')

    return ctx.view.render('pages/secrets/show', await secretPageData(user, secret))
  }

  async edit(ctx: HttpContext) {
    const user = ctx.auth.getUserOrFail()
    const secret = await findCompanySecret(user, ctx.params.id)
    await authorizeSecret(ctx, secret, 'update')

    return ctx.view.render('pages/secrets/edit', { secret, ...(await formChoices(user)) })
  }

  async update(ctx: HttpContext) {
    const user = ctx.auth.getUserOrFail()
    const secret = await findCompanySecret(user, ctx.params.id)
    await authorizeSecret(ctx, secret, 'update')
    const changes = await updateSecretValidator.validate(ctx.request.all(), {
      meta: { companyId: user.companyId },
    })
    const { valueChanged } = await this.secrets.update(user, secret, changes, ctx.accessMeta)

    if (ctx.request.accepts(['html', 'json']) === 'json') {
      return { id: secret.id, version: secret.currentVersion, valueChanged }
    }
    const note = valueChanged ? ` Value is now version ${secret.currentVersion}.` : ''
    ctx.session.flash('success', `Changes saved.${note}`)
    return ctx.response.redirect().toRoute('secrets.show', { id: secret.id })
  }

  async destroy(ctx: HttpContext) {
    const user = ctx.auth.getUserOrFail()
    const secret = await findCompanySecret(user, ctx.params.id)
    await authorizeSecret(ctx, secret, 'delete')
    await this.secrets.delete(user, secret, ctx.accessMeta)

    if (ctx.request.accepts(['html', 'json']) === 'json') {
      return { id: secret.id, deleted: true }
    }
    ctx.session.flash('success', `"${secret.name}" was deleted.`)
    return ctx.response.redirect().toRoute('secrets.index')
  }
}
