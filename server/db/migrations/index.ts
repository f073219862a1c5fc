// The sync server's migrations, in order; append only, never edit a landed one.
import type { Migration } from 'kysely/migration';
import { migration0001 } from './0001_init.ts';
import { migration0002 } from './0002_evidence.ts';
import { migration0003 } from './0003_xapi_forwarding.ts';
import { migration0004 } from './0004_device_keys.ts';
import { migration0005 } from './0005_analytics.ts';
import { migration0006 } from './0006_stage_facts.ts';

export const SERVER_MIGRATIONS: Record<string, Migration> = {
  '0001_init': migration0001,
  '0002_evidence': migration0002,
  '0003_xapi_forwarding': migration0003,
  '0004_device_keys': migration0004,
  '0005_analytics': migration0005,
  '0006_stage_facts': migration0006,
};

/**
 * Migrations after which the analytics tables are refilled from the records held, by the store's code
 * of the day once the schema is whole (open.ts): a migration running that code itself would meet the
 * tables of later migrations missing.
 */
export const REFILL_ANALYTICS_AFTER: ReadonlySet<string> = new Set(['0005_analytics', '0006_stage_facts']);
