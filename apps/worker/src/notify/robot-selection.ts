import type { ChannelDestination } from '@app/config';

/**
 * The robots a form or rule names, plus every webhook (integrations get
 * every lead). Names none of which is configured (a robot renamed since)
 * mean every robot: an alert to nobody would be a lost lead.
 */
export function onlyNamed(destinations: ChannelDestination[], robots: string[]): ChannelDestination[] {
  if (robots.length === 0) return destinations;
  const wanted = new Set(robots);
  const named = destinations.filter((d) => d.channel !== 'webhook' && wanted.has(d.name));
  if (named.length === 0) return destinations;
  return destinations.filter((d) => d.channel === 'webhook' || wanted.has(d.name));
}
