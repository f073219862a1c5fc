// The sync server's migrations, in order; append only, never edit a landed one.
import type { Migration } from 'kysely/migration';
import { migration0001 } from './0001_init.ts';

export const SERVER_MIGRATIONS: Record<string, Migration> = {
  '0001_init': migration0001,
};
