// Every telemetry verb Outpost records, with the xAPI verb it maps to one-to-one (DESIGN.md
// "Telemetry"). ADL and community registry verbs where one fits; Outpost's own URNs where none does.

export const EVENT_VERBS = {
  'mission.started': { iri: 'http://adlnet.gov/expapi/verbs/attempted', display: 'attempted' },
  'mission.resumed': { iri: 'http://adlnet.gov/expapi/verbs/resumed', display: 'resumed' },
  'mission.abandoned': { iri: 'https://w3id.org/xapi/adl/verbs/abandoned', display: 'abandoned' },
  'stage.entered': { iri: 'http://adlnet.gov/expapi/verbs/progressed', display: 'progressed' },
  'stage.left': { iri: 'urn:outpost:xapi:verb:left-stage', display: 'left stage' },
  'stage.completed': { iri: 'http://adlnet.gov/expapi/verbs/completed', display: 'completed' },
  'stage.reopened': { iri: 'urn:outpost:xapi:verb:reopened-stage', display: 'reopened stage' },
  'stage.tools': { iri: 'urn:outpost:xapi:verb:used-tools', display: 'used tools' },
  'decision.taken': { iri: 'http://adlnet.gov/expapi/verbs/responded', display: 'responded' },
  'decision.undone': { iri: 'urn:outpost:xapi:verb:undid-decision', display: 'undid decision' },
  'hint.revealed': { iri: 'http://adlnet.gov/expapi/verbs/asked', display: 'asked for a hint' },
  'check.answered': { iri: 'http://adlnet.gov/expapi/verbs/answered', display: 'answered' },
  'recipe.opened': { iri: 'http://id.tincanapi.com/verb/viewed', display: 'viewed' },
  'recipe.closed': { iri: 'urn:outpost:xapi:verb:closed', display: 'closed' },
  'recipe.rated': { iri: 'http://id.tincanapi.com/verb/rated', display: 'rated' },
  'evidence.added': { iri: 'http://activitystrea.ms/schema/1.0/attach', display: 'attached' },
  'evidence.removed': { iri: 'http://activitystrea.ms/schema/1.0/remove', display: 'removed' },
  'response.saved': { iri: 'http://activitystrea.ms/schema/1.0/author', display: 'authored' },
  'reflection.saved': { iri: 'urn:outpost:xapi:verb:reflected', display: 'reflected' },
  'mission.submitted': { iri: 'http://activitystrea.ms/schema/1.0/submit', display: 'submitted' },
  'mission.auto-submitted': { iri: 'urn:outpost:xapi:verb:auto-submitted', display: 'auto-submitted' },
  'mission.locked': { iri: 'urn:outpost:xapi:verb:locked', display: 'locked at deadline' },
  'mission.scored': { iri: 'http://adlnet.gov/expapi/verbs/scored', display: 'scored' },
  'mission.reviewed': { iri: 'urn:outpost:xapi:verb:reviewed', display: 'reviewed' },
  'deadline.warning': { iri: 'urn:outpost:xapi:verb:deadline-warning', display: 'was warned of the deadline' },
  'clock.jumped': { iri: 'urn:outpost:xapi:verb:clock-jumped', display: 'saw the clock jump' },
  'app.focus-lost': { iri: 'http://adlnet.gov/expapi/verbs/suspended', display: 'suspended' },
  'app.focus-regained': { iri: 'http://adlnet.gov/expapi/verbs/resumed', display: 'resumed' },
} as const;

export type EventVerb = keyof typeof EVENT_VERBS;
export type EventObjectType = 'mission' | 'stage' | 'hint' | 'recipe' | 'evidence' | 'run' | 'app';
