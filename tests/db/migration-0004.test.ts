import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/connection.ts';
import { migrate } from '../../db/migrate.ts';
import { MIGRATIONS } from '../../db/migrations/index.ts';
import { tempDir } from '../support/temp.ts';

describe('migration 4: stage responses', () => {
  it('keeps the pending outbox rows of a version 3 database and lets responses join the outbox', () => {
    const file = join(tempDir(), 'v3.db');
    const v3 = new BetterSqlite3(file);
    migrate(v3, MIGRATIONS.filter((m) => m.version <= 3));
    const enqueue = v3.prepare('INSERT INTO outbox (topic, record_id, idempotency_key, payload_json, created_at, attempts, last_error) VALUES (?, ?, ?, ?, 1, ?, ?)');
    enqueue.run('run', 'run-1', 'dev:run:run-1:a', '{"status":"in_progress"}', 0, null);
    enqueue.run('reflection', 'run-1', 'dev:reflection:run-1:b', '{"text":"draft"}', 3, 'server said 503');
    expect(() => enqueue.run('response', 'run-1/report', 'k', '{}', 0, null)).toThrow(/CHECK constraint/);
    v3.close();

    const db = openDatabase(file);
    expect(db.sqlite.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)?.version);
    const rows = db.sqlite.prepare('SELECT id, topic, record_id, idempotency_key, payload_json, attempts, last_error FROM outbox ORDER BY id').all();
    expect(rows).toEqual([
      { id: 1, topic: 'run', record_id: 'run-1', idempotency_key: 'dev:run:run-1:a', payload_json: '{"status":"in_progress"}', attempts: 0, last_error: null },
      { id: 2, topic: 'reflection', record_id: 'run-1', idempotency_key: 'dev:reflection:run-1:b', payload_json: '{"text":"draft"}', attempts: 3, last_error: 'server said 503' },
    ]);
    db.sqlite.prepare("INSERT INTO outbox (topic, record_id, idempotency_key, payload_json, created_at) VALUES ('response', 'run-1/report', 'k', '{}', 2)").run();
    // Still one pending snapshot per record, and still no topic outside the list.
    expect(() => db.sqlite.prepare("INSERT INTO outbox (topic, record_id, idempotency_key, payload_json, created_at) VALUES ('response', 'run-1/report', 'k2', '{}', 3)").run()).toThrow(/UNIQUE/);
    expect(() => db.sqlite.prepare("INSERT INTO outbox (topic, record_id, idempotency_key, payload_json, created_at) VALUES ('gossip', 'x', 'k3', '{}', 3)").run()).toThrow(/CHECK constraint/);
    const columns = db.sqlite.prepare("SELECT name FROM pragma_table_info('stage_responses') ORDER BY cid").pluck().all();
    expect(columns).toEqual(['run_id', 'stage_id', 'text', 'word_count', 'updated_at']);
    db.close();
  });
});
