import vine from '@vinejs/vine'

export const loginValidator = vine.create({
  email: vine.string().trim().email().maxLength(254),
  password: vine.string().minLength(1).maxLength(512),
})

export const confirmPasswordValidator = vine.create({
  password: vine.string().minLength(1).maxLength(512),
})
