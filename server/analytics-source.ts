// The server's database as an analytics source (shared/analytics/source.ts): the whole
// organisation's runs for whoever runs the server, or one team's for a mentor's token. A team's
// source sees `analytics_runs` only as that team's rows wherever a query reads it from, so no query
// of the shared module, today's or a later one, can count another team's runs.
import {
  AliasNode,
  IdentifierNode,
  OperationNodeTransformer,
  TableNode,
  type FromNode,
  type JoinNode,
  type Kysely,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import type { AnalyticsSchema } from '../shared/analytics/schema.ts';
import type { AnalyticsSource } from '../shared/analytics/source.ts';
import type { ServerDb } from './db/open.ts';

export function serverAnalyticsSource(db: ServerDb, team?: string): AnalyticsSource {
  const scoped = team === undefined ? db : db.withPlugin(new TeamScope(db, team));
  return {
    // The server's Database holds every analytics relation under its name (server/db/schema.ts);
    // Kysely's database type is invariant, so the narrower view of the same handle needs the cast.
    q: scoped as unknown as Kysely<AnalyticsSchema>,
    // Compiling applies the handle's plugins: a team's scope is in the SQL before it runs.
    all: async (query) => (await db.executeQuery(query.compile())).rows,
  };
}

const RUNS = 'analytics_runs';

/** Replaces every read of analytics_runs (FROM or JOIN) by the team's rows under the same name. */
class TeamScope implements KyselyPlugin {
  private readonly transformer: TeamScopeTransformer;

  constructor(db: ServerDb, team: string) {
    this.transformer = new TeamScopeTransformer(db.selectFrom(RUNS).selectAll().where('team', '=', team).toOperationNode());
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.transformer.transformNode(args.node);
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

class TeamScopeTransformer extends OperationNodeTransformer {
  private readonly teamRuns: OperationNode;

  constructor(teamRuns: OperationNode) {
    super();
    this.teamRuns = teamRuns;
  }

  // The children first, then the swap: the team's subquery is not itself transformed again.
  protected override transformFrom(node: FromNode): FromNode {
    const done = super.transformFrom(node);
    return { ...done, froms: done.froms.map((from) => this.scoped(from)) };
  }

  protected override transformJoin(node: JoinNode): JoinNode {
    const done = super.transformJoin(node);
    return { ...done, table: this.scoped(done.table) };
  }

  private scoped(node: OperationNode): OperationNode {
    if (TableNode.is(node) && isRuns(node)) return AliasNode.create(this.teamRuns, IdentifierNode.create(RUNS));
    if (AliasNode.is(node) && TableNode.is(node.node) && isRuns(node.node)) return AliasNode.create(this.teamRuns, node.alias);
    return node;
  }
}

function isRuns(node: TableNode): boolean {
  return node.table.identifier.name === RUNS && node.table.schema === undefined;
}
