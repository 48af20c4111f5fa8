import User from '#models/user'
import { CATEGORIES, CATEGORY_LABELS } from '#models/secret'
import { decide, roleOn } from '#policies/secret_policy'
import type Secret from '#models/secret'

/** The categories as the forms and the list's filter offer them. */
export function categoryChoices() {
  return CATEGORIES.map((value) => ({ value, label: CATEGORY_LABELS[value] }))
}

/** What the secret forms offer: the categories and the people of the company. */
export async function formChoices(user: User) {
  const people = await User.query()
    .where('company_id', user.companyId)
    .orderBy('full_name')
    .select('id', 'full_name', 'email', 'department')

  return { categories: categoryChoices(), people }
}

/**
 * Everything the secret page shows around the value: owner, members and the viewer's role.
 * The company's people are loaded only for those who may change the members.
 */
export async function secretPageData(user: User, secret: Secret) {
  await secret.load('owner')
  await secret.load('grants', (grants) => grants.preload('user'))
  const members = await decide(user, secret, 'manageMembers')
  const choices = members.allowed ? await formChoices(user) : { categories: [], people: [] }

  return { secret, role: await roleOn(user, secret), ...choices }
}
