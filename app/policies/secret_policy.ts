import { AuthorizationResponse, BasePolicy } from '@adonisjs/bouncer'
import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import SecretGrant from '#models/secret_grant'
import type User from '#models/user'
import type Secret from '#models/secret'

export type SecretRole = 'admin' | 'owner' | 'viewer' | 'user'
export type SecretAction =
  'view' | 'reveal' | 'use' | 'update' | 'delete' | 'manageMembers' | 'readVersions' | 'viewAudit'

/** Who may do what on a secret. Admins manage every secret of their company, audited. */
const ALLOWED: Record<SecretAction, readonly SecretRole[]> = {
  view: ['admin', 'owner', 'viewer', 'user'],
  reveal: ['admin', 'owner', 'viewer'],
  use: ['admin', 'owner', 'user'],
  update: ['admin', 'owner'],
  delete: ['admin', 'owner'],
  manageMembers: ['admin', 'owner'],
  readVersions: ['admin', 'owner'],
  viewAudit: ['admin', 'owner'],
}

export interface AccessDecision {
  allowed: boolean
  role: SecretRole | null
  /** Why access was refused, as written into the audit record. */
  reason: string | null
}

const roleCache = new WeakMap<Secret, Map<number, SecretRole | null>>()

/**
 * The role a person holds on a secret: owner first, then a grant, then admin; none at all
 * once their access has ended, even before their grants are deleted. Memoized per loaded
 * secret, so a page that asks the policy several questions runs one query.
 */
export async function roleOn(user: User, secret: Secret): Promise<SecretRole | null> {
  if (user.companyId !== secret.companyId || user.accessEnded) {
    return null
  }
  const known = roleCache.get(secret) ?? new Map<number, SecretRole | null>()
  roleCache.set(secret, known)
  if (!known.has(user.id)) {
    known.set(user.id, await lookUpRole(user, secret))
  }

  return known.get(user.id)!
}

async function lookUpRole(user: User, secret: Secret): Promise<SecretRole | null> {
  if (secret.ownerId === user.id) {
    return 'owner'
  }
  const grant = await SecretGrant.query()
    .where('secret_id', secret.id)
    .where('user_id', user.id)
    .first()
  if (grant) {
    return grant.role
  }

  return user.isAdmin ? 'admin' : null
}

/** Decides one action for one person; the single rule table behind every check. */
export async function decide(user: User, secret: Secret, action: SecretAction) {
  const role = await roleOn(user, secret)
  if (role === null) {
    return { allowed: false, role, reason: 'not_a_member' } satisfies AccessDecision
  }
  if (!ALLOWED[action].includes(role) && !(user.isAdmin && ALLOWED[action].includes('admin'))) {
    return { allowed: false, role, reason: `${role}_may_not_${action}` } satisfies AccessDecision
  }

  return { allowed: true, role, reason: null } satisfies AccessDecision
}

/**
 * Bouncer policy for secrets, one method per action. A person with no role on the secret
 * gets 404, so a refusal never confirms that a secret exists.
 */
export default class SecretPolicy extends BasePolicy {
  view(user: User, secret: Secret) {
    return this.#check(user, secret, 'view')
  }

  reveal(user: User, secret: Secret) {
    return this.#check(user, secret, 'reveal')
  }

  use(user: User, secret: Secret) {
    return this.#check(user, secret, 'use')
  }

  update(user: User, secret: Secret) {
    return this.#check(user, secret, 'update')
  }

  delete(user: User, secret: Secret) {
    return this.#check(user, secret, 'delete')
  }

  manageMembers(user: User, secret: Secret) {
    return this.#check(user, secret, 'manageMembers')
  }

  readVersions(user: User, secret: Secret) {
    return this.#check(user, secret, 'readVersions')
  }

  viewAudit(user: User, secret: Secret) {
    return this.#check(user, secret, 'viewAudit')
  }

  async #check(user: User, secret: Secret, action: SecretAction): Promise<AuthorizerResponse> {
    const decision = await decide(user, secret, action)
    if (decision.allowed) {
      return true
    }
    if (decision.role === null) {
      return AuthorizationResponse.deny('Not found', 404)
    }

    return AuthorizationResponse.deny('You are not allowed to do this on this secret', 403)
  }
}
