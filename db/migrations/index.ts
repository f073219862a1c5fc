// Every migration, in order. Append only.
import { migration0001 } from './0001_init.ts';
import type { Migration } from './migration.ts';

export const MIGRATIONS: readonly Migration[] = [migration0001];
