import { SecretVersionSchema } from '#database/schema'

/** One value of a secret, encrypted. Earlier versions are kept when the value changes. */
export default class SecretVersion extends SecretVersionSchema {}
