import vine from '@vinejs/vine'

export const createTokenValidator = vine.create({
  name: vine.string().trim().minLength(1).maxLength(100),
  days: vine.number().withoutDecimals().range([1, 365]),
  secrets: vine.array(vine.string().uuid()).minLength(1).maxLength(100).distinct(),
})
