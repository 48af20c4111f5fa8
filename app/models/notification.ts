import { NotificationSchema } from '#database/schema'

/** A notice in a person's inbox, such as a secret that got a new value. */
export default class Notification extends NotificationSchema {}
