/**
 * Which SQL statements `spark.sql()` may treat as plain queries.
 *
 * A query (SELECT, VALUES, TABLE, a parenthesized query, a WITH or FROM
 * query) has no effect of its own: `sql()` checks it with one AnalyzePlan
 * (parse + analysis, so syntax and analysis errors still surface at the call,
 * as in PySpark, whose `sql()` does the same analysis inside a SqlCommand)
 * and returns a DataFrame over the SQL relation, which the first action
 * executes. Everything else runs eagerly as a SqlCommand.
 *
 * The classification must never call a command a query: the server analyses
 * a SQL relation by running `session.sql()`, which executes a command at once,
 * and the action would then run it a second time. So it is conservative:
 * only the first keyword is trusted, WITH and FROM count as queries only when
 * no DML keyword appears anywhere in the text (`WITH c AS (...) INSERT ...` and
 * Hive's `FROM t INSERT ...` are commands), and anything it cannot read (an
 * unterminated comment) is not a query. A query it misses merely costs the
 * eager path's extra round trip.
 */

/** Keywords that start only queries. */
const QUERY_START = new Set(['SELECT', 'VALUES', 'TABLE']);
/** Keywords that start either a query or a DML statement. */
const QUERY_OR_DML_START = new Set(['WITH', 'FROM']);
/** A DML keyword anywhere (even in a string or a comment) sends WITH/FROM statements the eager way. */
const DML_KEYWORD = /\b(INSERT|MERGE|UPDATE|DELETE|REPLACE|OVERWRITE)\b/i;

/** The statement without leading whitespace and comments, or undefined when a comment does not end. */
function skipLeadingComments(text: string): string | undefined {
  let s = text;
  for (;;) {
    s = s.trimStart();
    if (s.startsWith('--')) {
      const end = s.indexOf('\n');
      if (end < 0) return '';
      s = s.slice(end + 1);
    } else if (s.startsWith('/*')) {
      // Spark allows nested bracketed comments; a nested opening is not worth reading: eager path.
      const end = s.indexOf('*/');
      const nested = s.indexOf('/*', 2);
      if (end < 0 || (nested >= 0 && nested < end)) return undefined;
      s = s.slice(end + 2);
    } else return s;
  }
}

/**
 * True when `statement` is certainly a query (no side effects, nothing to run
 * before an action); false for commands and for anything uncertain.
 */
export function isQueryStatement(statement: string): boolean {
  const s = skipLeadingComments(statement);
  if (s === undefined || s === '') return false;
  if (s.startsWith('(')) return true;
  const first = /^[A-Za-z]+/.exec(s)?.[0]?.toUpperCase();
  if (first === undefined) return false;
  if (QUERY_START.has(first)) return true;
  return QUERY_OR_DML_START.has(first) && !DML_KEYWORD.test(s);
}
