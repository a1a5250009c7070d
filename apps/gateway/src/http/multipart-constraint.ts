import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';

type ConstraintStrategy = Parameters<FastifyInstance['addConstraintStrategy']>[0];
type RouteStore = Parameters<ReturnType<ConstraintStrategy['storage']>['set']>[1];

/** The route constraint that sends multipart/form-data posts to the variant of a route registered for them. */
export const MULTIPART = { bodyType: 'multipart/form-data' } as const;

function mediaType(contentType: string | undefined): string {
  if (!contentType) return '';
  const end = contentType.indexOf(';');
  return (end === -1 ? contentType : contentType.slice(0, end)).trim().toLowerCase();
}

/**
 * A find-my-way constraint on a request's media type, so that the multipart
 * parser and its three per-request hooks serve only the multipart variant of
 * a route: any other request falls back to the unconstrained route
 * (`mustMatchWhenDerived: false`).
 */
export const bodyTypeConstraint: ConstraintStrategy = {
  name: 'bodyType',
  mustMatchWhenDerived: false,
  storage() {
    const routes = new Map<unknown, RouteStore>();
    return {
      get: (type) => routes.get(type) ?? null,
      set: (type, route) => void routes.set(type, route),
    };
  },
  deriveConstraint: (req: IncomingMessage) => mediaType(req.headers['content-type']),
};
