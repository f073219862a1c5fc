// Every migration, in order. Append only.
import { migration0001 } from './0001_init.ts';
import { migration0002 } from './0002_run_event_range.ts';
import { migration0003 } from './0003_roles_and_pack_keys.ts';
import { migration0004 } from './0004_stage_responses.ts';
import { migration0005 } from './0005_how_runs_ended.ts';
import { migration0006 } from './0006_mentor_review.ts';
import { migration0007 } from './0007_portfolio_reports.ts';
import { migration0008 } from './0008_team_sync.ts';
import { migration0009 } from './0009_sync_keys.ts';
import { migration0010 } from './0010_analytics.ts';
import { migration0011 } from './0011_stage_facts.ts';
import { migration0012 } from './0012_stage_solutions.ts';
import type { Migration } from './migration.ts';

export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006, migration0007, migration0008, migration0009, migration0010, migration0011, migration0012];
