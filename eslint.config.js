import { configApp } from '@adonisjs/eslint-config'

export default configApp({
  ignores: ['build/**', 'tmp/**', 'database/schema.ts', '.adonisjs/**', 'tmp_*.ts'],
})
