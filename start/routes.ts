import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { controllers } from '#generated/controllers'

router.get('/', ({ response }) => response.redirect().toRoute('secrets.index')).as('home')

router
  .group(() => {
    router.get('login', [controllers.Session, 'create']).as('session.create')
    router.post('login', [controllers.Session, 'store']).as('session.store')
  })
  .use(middleware.guest())

router
  .group(() => {
    router.post('logout', [controllers.Session, 'destroy']).as('session.destroy')

    router.get('secrets', [controllers.Secrets, 'index']).as('secrets.index')
    router.get('secrets/new', [controllers.Secrets, 'create']).as('secrets.create')
    router.post('secrets', [controllers.Secrets, 'store']).as('secrets.store')
    router.get('secrets/:id', [controllers.Secrets, 'show']).as('secrets.show')
    router.get('secrets/:id/edit', [controllers.Secrets, 'edit']).as('secrets.edit')
    router.put('secrets/:id', [controllers.Secrets, 'update']).as('secrets.update')
    router.delete('secrets/:id', [controllers.Secrets, 'destroy']).as('secrets.destroy')
    router.put('secrets/:id/members', [controllers.Members, 'update']).as('members.update')

    router.post('secrets/:id/show', [controllers.Reveal, 'show']).as('reveal.show')
    router.post('secrets/:id/copy', [controllers.Reveal, 'copy']).as('reveal.copy')
    router.get('secrets/:id/versions', [controllers.Reveal, 'versions']).as('reveal.versions')
    router
      .post('secrets/:id/versions/:version/show', [controllers.Reveal, 'version'])
      .where('version', /^\d{1,9}$/)
      .as('reveal.version')

    router.get('secrets/:id/audit', [controllers.Audit, 'secret']).as('audit.secret')
    router.get('secrets/:id/readers', [controllers.AccessReports, 'secret']).as('reports.secret')
    router.get('secrets/:id/audit/export', [controllers.Audit, 'export']).as('audit.secret_export')
    router.get('audit/export', [controllers.Audit, 'export']).as('audit.export')

    router.get('profile', [controllers.Profile, 'edit']).as('profile.edit')
    router.put('profile', [controllers.Profile, 'update']).as('profile.update')

    router.get('notifications', [controllers.Notifications, 'index']).as('notifications.index')
    router
      .post('notifications/read', [controllers.Notifications, 'markRead'])
      .as('notifications.read')

    router.get('tokens', [controllers.IntegrationTokens, 'index']).as('tokens.index')
    router.post('tokens', [controllers.IntegrationTokens, 'store']).as('tokens.store')
    router.delete('tokens/:id', [controllers.IntegrationTokens, 'destroy']).as('tokens.destroy')
    router
      .group(() => {
        router.get('audit', [controllers.Audit, 'index']).as('audit.index')
        router.get('audit/people/:id', [controllers.AccessReports, 'person']).as('reports.person')
        router
          .get('audit/siem', [controllers.SiemDestinations, 'index'])
          .as('siem_destinations.index')
        router
          .post('audit/siem', [controllers.SiemDestinations, 'store'])
          .as('siem_destinations.store')
        router
          .get('audit/siem/:id/edit', [controllers.SiemDestinations, 'edit'])
          .as('siem_destinations.edit')
        router
          .put('audit/siem/:id', [controllers.SiemDestinations, 'update'])
          .as('siem_destinations.update')
        router.get('people', [controllers.People, 'index']).as('people.index')
        router
          .post('people/:id/end-access', [controllers.People, 'endAccess'])
          .as('people.end_access')
        router.get('keys', [controllers.Keys, 'index']).as('keys.index')
        router.post('keys/rotate', [controllers.Keys, 'rotate']).as('keys.rotate')
        router.post('keys/:version/retire', [controllers.Keys, 'retire']).as('keys.retire')
        router.get('alerts', [controllers.Alerts, 'index']).as('alerts.index')
        router.get('alerts/:id', [controllers.Alerts, 'show']).as('alerts.show')
        router.put('alerts/:id', [controllers.Alerts, 'update']).as('alerts.update')
        router
          .get('settings/detector', [controllers.AnomalySettings, 'edit'])
          .as('anomaly_settings.edit')
        router
          .put('settings/detector', [controllers.AnomalySettings, 'update'])
          .as('anomaly_settings.update')
      })
      .use(middleware.admin())
  })
  .use(middleware.auth())

// Integrations authenticate with their token, not a session, so these routes skip CSRF.
router
  .post('api/v1/secrets/:id/use', [controllers.IntegrationUse, 'use'])
  .as('api.secrets.use')
  .use(middleware.api())
