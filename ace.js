/*
 * Entry point for ace commands. Node cannot run TypeScript sources with `#` imports that
 * resolve to `.js` on its own, so the ts-exec loader is registered before the console loads.
 */
import '@poppinss/ts-exec'

await import('./bin/console.js')
