// The sync server for the sync benchmarks, in a process of its own as in production: a team
// ("bench") and N learners enrolled in it, each with a one-time code the benchmark's devices use.
// Usage: sync-bench-server.ts <data-dir> <people> [postgres://…]. Prints one JSON line
// {url, codes}; stops on SIGTERM or when its stdin closes.
import { startServer } from '../../server/http.ts';
import { createTeam, enrolPerson } from '../../server/teams.ts';

const [dataDir, people, database] = process.argv.slice(2);
if (!dataDir || !people) throw new Error('usage: sync-bench-server.ts <data-dir> <people> [postgres://…]');
// No request log: a line per push would be measured along with the push.
const server = await startServer({ dataDir, database, port: 0, log: () => undefined, xapi: { enabled: false } });
await createTeam(server.db, 'bench');
const codes: string[] = [];
for (let i = 0; i < Number(people); i++) codes.push((await enrolPerson(server.db, 'bench', `Learner ${i}`, 'learner')).code);
console.log(JSON.stringify({ url: server.url, codes }));

const stop = (): void => {
  void server.close().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
