// The test cluster's own helpers: which PostgreSQL binaries it finds, and what it says without any.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp.ts';
import { findPostgresBin, INSTALL_HINT } from './support/postgres.ts';

function fakeBinaries(dir: string, names: string[]): void {
  mkdirSync(dir, { recursive: true });
  for (const name of names) {
    writeFileSync(join(dir, name), '#!/bin/sh\n');
    chmodSync(join(dir, name), 0o755);
  }
}

describe('the test PostgreSQL binaries', () => {
  it('takes the newest Debian version that has both initdb and pg_ctl', () => {
    const root = tempDir('outpost-pg-root-');
    fakeBinaries(join(root, '9.6/bin'), ['initdb', 'pg_ctl']);
    fakeBinaries(join(root, '13/bin'), ['initdb', 'pg_ctl']);
    fakeBinaries(join(root, '17/bin'), ['initdb']);
    fakeBinaries(join(root, 'common/bin'), ['initdb', 'pg_ctl']);
    expect(findPostgresBin(root, '')).toBe(join(root, '13/bin'));
  });

  it('falls back to PATH, and finds nothing on a machine without them', () => {
    const elsewhere = tempDir('outpost-pg-path-');
    fakeBinaries(join(elsewhere, 'bin'), ['initdb', 'pg_ctl']);
    const empty = tempDir('outpost-pg-none-');
    expect(findPostgresBin(join(empty, 'missing'), `${empty}:${join(elsewhere, 'bin')}`)).toBe(join(elsewhere, 'bin'));
    expect(findPostgresBin(join(empty, 'missing'), empty)).toBeNull();
    // What every test on PostgreSQL fails with then.
    expect(INSTALL_HINT).toMatch(/install Debian's `postgresql` package/);
  });
});
