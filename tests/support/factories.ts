import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { randomBytes } from 'node:crypto'
import Company from '#models/company'
import User from '#models/user'
import SecretService, { type SecretInput } from '#services/secret_service'
import AuditLog, { type AccessMeta } from '#services/audit_log'

export const PASSWORD = 'correct horse battery staple'

export const testMeta: AccessMeta = {
  ip: '127.0.0.1',
  userAgent: 'japa',
  deviceId: 'test-device-000000000',
  deviceLabel: 'test',
}

let sequence = 0
const unique = () => `${Date.now().toString(36)}${(sequence++).toString(36)}`

/** A company with an admin, an owner, a viewer, a user-role member and an outsider. */
export async function createCompany(name = 'Acme') {
  const company = await Company.create({ name, slug: `${name.toLowerCase()}-${unique()}` })
  const person = (fullName: string, isAdmin = false) =>
    User.create({
      companyId: company.id,
      email: `${fullName.toLowerCase().replace(/\s+/g, '.')}.${unique()}@example.test`,
      fullName,
      password: PASSWORD,
      isAdmin,
      timeZone: 'Europe/Paris',
      department: 'Engineering',
    })

  return {
    company,
    admin: await person('Ada Admin', true),
    owner: await person('Olga Owner'),
    viewer: await person('Vic Viewer'),
    user: await person('Uma User'),
    outsider: await person('Otto Outsider'),
  }
}

/** A random value that can only come out of the vault if the vault put it there. */
export function secretValue() {
  return `s3cr3t-${randomBytes(12).toString('hex')}`
}

/** A secret owned by `team.owner`, with a viewer and a user-role member. */
export async function createSecret(
  team: Awaited<ReturnType<typeof createCompany>>,
  overrides: Partial<SecretInput> = {}
) {
  const service = await app.container.make(SecretService)
  const value = overrides.value ?? secretValue()
  const secret = await service.create(
    team.owner,
    {
      name: `Database ${unique()}`,
      category: 'password',
      value,
      members: [
        { userId: team.viewer.id, role: 'viewer' },
        { userId: team.user.id, role: 'user' },
      ],
      ...overrides,
    },
    testMeta
  )

  return { secret, value }
}

/** How many rows a table holds. */
export async function countRows(table: string) {
  const [row] = await db.from(table).count('* as n')

  return Number(row.n)
}

/** One sign-in record of the person in the audit trail, as the login page writes it. */
export async function recordLogin(person: User) {
  const log = await app.container.make(AuditLog)
  await log.record({
    companyId: person.companyId,
    actor: { id: person.id, email: person.email },
    action: 'auth.login',
    outcome: 'success',
    meta: testMeta,
  })
}
