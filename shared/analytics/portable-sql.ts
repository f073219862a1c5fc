// Aggregates written so that SQLite and PostgreSQL give the same JavaScript value: PostgreSQL has no
// sum over a boolean, returns numeric (a string to the driver) from sum and avg, and bigint from count.
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';

/** count(*) as a number. */
export function countAll(): RawBuilder<number> {
  return sql<number>`cast(count(*) as integer)`;
}

/** How many rows meet the condition (0 when there are none). */
export function countWhere(condition: Expression<SqlBool>): RawBuilder<number> {
  return sql<number>`cast(coalesce(sum(CASE WHEN ${condition} THEN 1 ELSE 0 END), 0) as integer)`;
}

/** avg of a numeric expression as a float, null over no rows. */
export function average(value: Expression<unknown>): RawBuilder<number | null> {
  return sql<number | null>`cast(avg(${value}) as double precision)`;
}

/** sum of an integer expression, 0 over no rows. */
export function total(value: Expression<unknown>): RawBuilder<number> {
  return sql<number>`cast(coalesce(sum(${value}), 0) as bigint)`;
}
