import vine from '@vinejs/vine'

/** When a person's access ends: a day in the admin's zone, or now when absent. */
export const endAccessValidator = vine.create({
  on: vine.date({ formats: ['YYYY-MM-DD'] }).optional(),
})
