import type { ChannelDestination } from '@app/config';
import { routeLead, type CustomValues, type FormDefinition, type LeadFields } from '@app/contracts';
import type { DestinationNotice } from './channels/channel-directory';

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

/**
 * The robot names the lead's form and routing rules chose for its alert,
 * as intake chose them (`routeLead` over the definition it was posted
 * under); none, meaning every robot, without a definition.
 */
export function routedRobots(definition: FormDefinition | null, fields: LeadFields, custom: CustomValues): string[] {
  return definition ? routeLead(definition, fields, custom).robots : [];
}

/** Who a lead's re-route is announced to. */
export interface RerouteDestinations {
  /** Each step, paging its new owner: where the lead's alert went (ROBOT_NOTICES `new-lead`), and every webhook. */
  paged: ChannelDestination[];
  /** The limit, putting the managers before it: the same robots among those taking `escalation`, and every webhook. */
  limit: ChannelDestination[];
}

export function rerouteDestinations(
  directory: { wanting(notice: DestinationNotice): ChannelDestination[] },
  robots: string[],
): RerouteDestinations {
  return { paged: onlyNamed(directory.wanting('new-lead'), robots), limit: onlyNamed(directory.wanting('escalation'), robots) };
}
