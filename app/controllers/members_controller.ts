import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import SecretService from '#services/secret_service'
import { authorizeSecret } from '#services/secret_access'
import { findCompanySecret } from '#services/secret_finder'
import { membersValidator } from '#validators/secret'
import { membersFromForm } from '#validators/members_form'

/** Who may use a secret: the owner (or an admin) replaces the member list in one step. */
@inject()
export default class MembersController {
  constructor(private secrets: SecretService) {}

  async update(ctx: HttpContext) {
    const user = ctx.auth.getUserOrFail()
    const secret = await findCompanySecret(user, ctx.params.id)
    await authorizeSecret(ctx, secret, 'manageMembers')
    const { members } = await membersValidator.validate(
      { members: membersFromForm(ctx.request.all()) ?? [] },
      { meta: { companyId: user.companyId } }
    )
    await this.secrets.replaceMembers(user, secret, members, ctx.accessMeta)

    if (ctx.request.accepts(['html', 'json']) === 'json') {
      return { id: secret.id, members: members.length }
    }
    ctx.session.flash('success', 'Members updated.')
    return ctx.response.redirect().toRoute('secrets.show', { id: secret.id })
  }
}
