import vine, { SimpleMessagesProvider } from '@vinejs/vine'
import { CATEGORIES } from '#models/secret'
import { GRANT_ROLES } from '#models/secret_grant'
import vaultConfig from '#config/vault'
import { companyMember, maxBytes, personFilter } from '#validators/rules'

const { limits } = vaultConfig

const name = () => vine.string().trim().minLength(1).maxLength(limits.nameLength)
const category = () => vine.enum(CATEGORIES)
const description = () => vine.string().trim().maxLength(limits.descriptionLength).nullable()
const notes = () => vine.string().use(maxBytes(limits.notesBytes)).nullable()
const rotationDays = () => vine.number().withoutDecimals().range([1, 3650]).nullable()
const members = () =>
  vine
    .array(vine.object({ userId: companyMember(), role: vine.enum(GRANT_ROLES) }))
    .maxLength(500)
    .distinct('userId')

type CompanyMeta = { companyId: string }

export const createSecretValidator = vine.withMetaData<CompanyMeta>().create({
  name: name(),
  category: category(),
  value: vine.string().minLength(1).use(maxBytes(limits.valueBytes)),
  description: description().optional(),
  notes: notes().optional(),
  rotationDays: rotationDays().optional(),
  members: members().optional(),
})

/** An empty or absent value keeps the current one; anything else becomes a new version. */
export const updateSecretValidator = vine.withMetaData<CompanyMeta>().create({
  name: name(),
  category: category(),
  value: vine.string().use(maxBytes(limits.valueBytes)).nullable().optional(),
  description: description().optional(),
  notes: notes().optional(),
  rotationDays: rotationDays().optional(),
})

export const membersValidator = vine.withMetaData<CompanyMeta>().create({
  members: members(),
})

export const secretListValidator = vine.create({
  q: vine.string().trim().maxLength(200).optional(),
  category: vine.enum(CATEGORIES).optional(),
  owner: personFilter(),
})

/** Field names as a person reads them in form errors; JSON errors keep the field keys. */
const fieldNames = new SimpleMessagesProvider(
  {},
  {
    name: 'name',
    category: 'category',
    value: 'value',
    description: 'description',
    notes: 'notes',
    rotationDays: 'rotation period',
  }
)
for (const validator of [createSecretValidator, updateSecretValidator]) {
  validator.messagesProvider = fieldNames
}
