import db from '@adonisjs/lucid/services/db'

export interface SelectedCompany {
  id: string
  name: string
  slug: string
}

/** What an operator's command needs to report a wrong selection. */
interface Reporter {
  logger: { error(message: string): void }
  exitCode?: number
}

/**
 * The companies an operator's command acts on: one, by id or slug, or all of them. A missing
 * or unknown selection is reported with the flag's name, the command's exit code becomes 1,
 * and the answer is empty, so the command does nothing.
 */
export async function selectCompanies(
  command: Reporter,
  company: string | undefined,
  all: boolean
): Promise<SelectedCompany[]> {
  const query = db.from('companies').select('id', 'name', 'slug').orderBy('name')
  if (all && !company) {
    return query
  }
  const refuse = (message: string) => {
    command.logger.error(message)
    command.exitCode = 1
    return []
  }
  if (!company || all) {
    return refuse('--company: name one company by id or slug, or pass --all')
  }
  const found = await query.where((where) => where.where('id', company).orWhere('slug', company))

  return found.length > 0 ? found : refuse(`--company: no company has the id or slug "${company}"`)
}
