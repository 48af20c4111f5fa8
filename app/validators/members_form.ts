/**
 * The secret forms send one select per person (`memberRoles[<user id>]`, empty for "no
 * access"); JSON clients send `members: [{ userId, role }]`. Both become the latter, and
 * the validator then checks every id against the company.
 */
export function membersFromForm(body: Record<string, unknown>) {
  if (Array.isArray(body.members)) {
    return body.members
  }
  const roles = body.memberRoles
  if (!roles || typeof roles !== 'object') {
    return undefined
  }

  return Object.entries(roles as Record<string, unknown>)
    .filter(([, role]) => role !== '' && role !== null && role !== undefined)
    .map(([userId, role]) => ({ userId: Number(userId), role }))
}
