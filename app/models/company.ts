import { CompanySchema } from '#database/schema'
import { beforeCreate } from '@adonisjs/lucid/orm'
import { randomUUID } from 'node:crypto'

/** A tenant. Everything a person sees is scoped to their company. */
export default class Company extends CompanySchema {
  static selfAssignPrimaryKey = true

  @beforeCreate()
  static assignId(company: Company) {
    company.id ??= randomUUID()
  }
}
