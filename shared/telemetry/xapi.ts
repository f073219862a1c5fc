// Maps one Outpost event to one xAPI statement, so a team can forward its telemetry to any Learning
// Record Store. Pure: the engine and the sync server both use it.
import { EVENT_VERBS, type EventObjectType, type EventVerb } from './verbs.ts';

export interface TelemetryEvent {
  id: string;
  seq: number;
  deviceId: string;
  profileId: string | null;
  verb: EventVerb;
  objectType: EventObjectType;
  objectId: string;
  runId: string | null;
  occurredAt: number;
  context: Record<string, unknown>;
  result: Record<string, unknown> | null;
}

export interface XapiStatement {
  id: string;
  actor: { objectType: 'Agent'; account: { homePage: string; name: string } };
  verb: { id: string; display: { 'en-US': string } };
  object: { objectType: 'Activity'; id: string; definition: { type: string } };
  result?: Record<string, unknown>;
  context: { registration?: string; platform: 'Outpost'; extensions: Record<string, unknown> };
  timestamp: string;
}

const ACTIVITY_TYPES: Record<EventObjectType, string> = {
  mission: 'http://adlnet.gov/expapi/activities/simulation',
  stage: 'http://adlnet.gov/expapi/activities/objective',
  hint: 'http://id.tincanapi.com/activitytype/hint',
  recipe: 'http://adlnet.gov/expapi/activities/lesson',
  evidence: 'http://id.tincanapi.com/activitytype/document',
  run: 'http://adlnet.gov/expapi/activities/attempt',
  app: 'http://id.tincanapi.com/activitytype/software-application',
};

const EXTENSION = 'urn:outpost:xapi:extension:';

/**
 * The xAPI verb of an Outpost verb. The sync server also holds events of app versions newer than
 * itself (it checks verbs by shape only): a verb it does not know maps to an Outpost URN of its own.
 */
export function xapiVerbOf(verb: string): { iri: string; display: string } {
  return Object.hasOwn(EVENT_VERBS, verb) ? EVENT_VERBS[verb as EventVerb] : { iri: `urn:outpost:xapi:verb:${verb}`, display: verb };
}

export function toXapiStatement(event: TelemetryEvent): XapiStatement {
  const verb = xapiVerbOf(event.verb);
  const statement: XapiStatement = {
    id: event.id,
    actor: { objectType: 'Agent', account: { homePage: 'urn:outpost:profiles', name: event.profileId ?? `device:${event.deviceId}` } },
    verb: { id: verb.iri, display: { 'en-US': verb.display } },
    object: { objectType: 'Activity', id: `urn:outpost:${event.objectType}:${event.objectId}`, definition: { type: ACTIVITY_TYPES[event.objectType] } },
    context: {
      platform: 'Outpost',
      extensions: { [`${EXTENSION}device`]: event.deviceId, [`${EXTENSION}sequence`]: event.seq, [`${EXTENSION}context`]: event.context },
    },
    timestamp: new Date(event.occurredAt).toISOString(),
  };
  // Run ids are UUIDs, which is what xAPI asks of a registration.
  if (event.runId) statement.context.registration = event.runId;
  if (event.result) statement.result = event.result;
  return statement;
}
