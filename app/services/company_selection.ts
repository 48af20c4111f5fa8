import db from '@adonisjs/lucid/services/db'

export interface SelectedCompany {
  id: string
  name: string
  slug: string
}

/**
 * The companies an operator's command acts on: one, by id or slug, or all of them. Throws
 * with a sentence naming the flag when neither or an unknown one is given.
 */
export async function selectCompanies(company: string | undefined, all: boolean) {
  const query = db.from('companies').select('id', 'name', 'slug').orderBy('name')
  if (all && !company) {
    return (await query) as SelectedCompany[]
  }
  if (!company || all) {
    throw new Error('name one company with --company=<id or slug>, or pass --all')
  }
  const found = await query.where((where) => where.where('id', company).orWhere('slug', company))
  if (found.length === 0) {
    throw new Error(`--company: no company has the id or slug "${company}"`)
  }

  return found as SelectedCompany[]
}
