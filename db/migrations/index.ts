// Every migration, in order. Append only.
import { migration0001 } from './0001_init.ts';
import { migration0002 } from './0002_run_event_range.ts';
import { migration0003 } from './0003_roles_and_pack_keys.ts';
import type { Migration } from './migration.ts';

export const MIGRATIONS: readonly Migration[] = [migration0001, migration0002, migration0003];
