import { Exception } from '@adonisjs/core/exceptions'
import Secret from '#models/secret'
import UserModel from '#models/user'
import type User from '#models/user'

/** The form of every id of a secret (lowercase, as the database stores them). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/**
 * Loads a secret of the person's own company. Another company's id, a malformed id and a
 * missing id all answer the same 404, so nothing tells them apart.
 */
export async function findCompanySecret(user: User, id: string): Promise<Secret> {
  const secret = UUID.test(id)
    ? await Secret.query().where('id', id).where('company_id', user.companyId).first()
    : null
  if (!secret) {
    throw new Exception('Not found', { status: 404, code: 'E_SECRET_NOT_FOUND' })
  }

  return secret
}

/** The secrets a person may see in the list: all of the company's for an admin. */
export function visibleSecrets(user: User) {
  const query = Secret.query().where('company_id', user.companyId)
  if (user.isAdmin) {
    return query
  }

  return query.where((scope) => {
    scope.where('owner_id', user.id).orWhereIn('id', (grants) => {
      grants.from('secret_grants').select('secret_id').where('user_id', user.id)
    })
  })
}

/** A person of the viewer's own company by id; anyone else answers 404. */
export function findCompanyPerson(viewer: User, id: string | number) {
  return UserModel.query()
    .where('company_id', viewer.companyId)
    .where('id', Number(id) || 0)
    .firstOrFail()
}
