import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.js';
import { registerCalendarRoutes } from './calendar/routes.js';
import { CalendarFeedTokens } from './calendar/tokens.js';
import { registerPublicDatasetRoute } from './dataset/routes.js';
import { registerListExportRoute } from './list-routes.js';

/** Every export endpoint: a list export per record type, the calendar feed, the public data set. */
export function exportRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    for (const service of services.registry.all()) {
      registerListExportRoute(app, services, service);
    }
    const tokens = new CalendarFeedTokens({
      db: services.database.db,
      audit: services.audit,
      auth: services.auth,
    });
    registerCalendarRoutes(app, { registry: services.registry, tokens });
    registerPublicDatasetRoute(app, services);
  };
}
