import { DEFAULT_FORM_SLUG, LeadRoute, routeLead } from '@app/contracts';
import type { FormRepository } from '../../data/form.repository';
import type { Lead } from '../../data/lead';

/** Where a released lead goes (its team, recipients, robots) and its form's SLA, as intake would have sent it. */
export interface ReleasedLeadRoute {
  route: LeadRoute;
  slaMinutes: number | null;
}

const EVERYONE: LeadRoute = { team: null, mailTo: [], robots: [], rule: null };

/**
 * The routing of the form a held lead came through, applied to its stored
 * fields and answers: the version it was posted under when its form row
 * was kept, the default form as it stands now for a plain post (intake
 * keeps no row for those). A form whose definition is gone routes to
 * everyone, as intake does.
 */
export async function releasedLeadRoute(forms: FormRepository, lead: Lead): Promise<ReleasedLeadRoute> {
  const attached = await forms.ofLead(lead.id);
  const definition = attached ? await forms.definitionAt(attached.slug, attached.version) : await forms.find(DEFAULT_FORM_SLUG);
  if (!definition) return { route: EVERYONE, slaMinutes: null };
  return { route: routeLead(definition, lead, attached?.custom ?? {}), slaMinutes: definition.slaMinutes ?? null };
}
