/**
 * Finds the metric names a PromQL expression selects, so dashboards and rules can be checked against
 * the metrics the app exports. A small tokenizer, not a parser: it skips strings, label matchers
 * (except a `__name__="..."` matcher), range/subquery brackets, numbers and durations, Grafana
 * variables, comments, and label lists after by/without/on/ignoring/group_left/group_right; an
 * identifier followed by `(` is a function or aggregation; operators and keywords are dropped.
 */

const GROUPING_KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
const KEYWORDS = new Set([...GROUPING_KEYWORDS, 'and', 'or', 'unless', 'atan2', 'bool', 'offset', 'inf', 'nan']);
const AGGREGATIONS = new Set([
  'sum',
  'min',
  'max',
  'avg',
  'group',
  'stddev',
  'stdvar',
  'count',
  'count_values',
  'bottomk',
  'topk',
  'quantile',
  'limitk',
  'limit_ratio',
]);

const IDENTIFIER_START = /[A-Za-z_:]/;
const IDENTIFIER_PART = /[A-Za-z0-9_:]/;
const NUMBER_PART = /[A-Za-z0-9_.]/;
const NAME_MATCHER = /__name__\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')/;

/** Index just past the string literal that starts at `start` ("...", '...' or `...`). */
function endOfString(expr: string, start: number): number {
  const quote = expr[start];
  let i = start + 1;
  while (i < expr.length && expr[i] !== quote) i += quote !== '`' && expr[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** Index just past the bracket that closes the one at `start`, skipping strings inside. */
function endOfBracket(expr: string, start: number, open: string, close: string): number {
  let depth = 0;
  let i = start;
  while (i < expr.length) {
    const c = expr[i];
    if (c === '"' || c === "'" || c === '`') {
      i = endOfString(expr, i);
      continue;
    }
    if (c === open) depth += 1;
    if (c === close && --depth === 0) return i + 1;
    i += 1;
  }
  return i;
}

function skipWhitespace(expr: string, start: number): number {
  let i = start;
  while (i < expr.length && /\s/.test(expr[i])) i += 1;
  return i;
}

/** One vector selector: the metric it names and the text of its label matchers ('' without braces). */
export interface MetricSelector {
  name: string;
  matchers: string;
}

export function metricSelectorsIn(expr: string): MetricSelector[] {
  const selectors: MetricSelector[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i];
    if (c === '#') {
      const newline = expr.indexOf('\n', i);
      i = newline === -1 ? expr.length : newline + 1;
    } else if (c === '"' || c === "'" || c === '`') {
      i = endOfString(expr, i);
    } else if (c === '{') {
      const end = endOfBracket(expr, i, '{', '}');
      const matchers = expr.slice(i + 1, end - 1);
      const nameMatcher = NAME_MATCHER.exec(matchers);
      if (nameMatcher) selectors.push({ name: nameMatcher[1] ?? nameMatcher[2], matchers });
      i = end;
    } else if (c === '[') {
      i = endOfBracket(expr, i, '[', ']');
    } else if (c === '$') {
      // Grafana variable: $name, ${name} or ${name:format}.
      i = expr[i + 1] === '{' ? endOfBracket(expr, i + 1, '{', '}') : i + 1;
      while (i < expr.length && /\w/.test(expr[i])) i += 1;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(expr[i + 1] ?? ''))) {
      while (i < expr.length && NUMBER_PART.test(expr[i])) i += 1;
    } else if (IDENTIFIER_START.test(c)) {
      let end = i;
      while (end < expr.length && IDENTIFIER_PART.test(expr[end])) end += 1;
      const word = expr.slice(i, end);
      const lower = word.toLowerCase();
      const next = skipWhitespace(expr, end);
      i = end;
      if (GROUPING_KEYWORDS.has(lower) && expr[next] === '(') {
        i = endOfBracket(expr, next, '(', ')'); // a label list, not metrics
      } else if (expr[next] === '(') {
        // function call or aggregation
      } else if (AGGREGATIONS.has(lower) && /^(by|without)\b/i.test(expr.slice(next))) {
        // `sum by (…) (…)`
      } else if (!KEYWORDS.has(lower)) {
        if (expr[next] === '{') {
          const close = endOfBracket(expr, next, '{', '}');
          selectors.push({ name: word, matchers: expr.slice(next + 1, close - 1) });
          i = close;
        } else {
          selectors.push({ name: word, matchers: '' });
        }
      }
    } else {
      i += 1;
    }
  }
  return selectors;
}

export function metricNamesIn(expr: string): Set<string> {
  return new Set(metricSelectorsIn(expr).map((selector) => selector.name));
}

/** True for a recording-rule name (level:metric:operations); exported metrics have no colon. */
export function isRecordingRuleName(name: string): boolean {
  return name.includes(':');
}

/**
 * The metric names a set of expressions reads from scrapes: every selected name except the
 * recording rules defined alongside them.
 */
export function scrapedMetricNamesIn(exprs: Iterable<string>, recordedNames: Iterable<string>): Set<string> {
  const recorded = new Set(recordedNames);
  const names = new Set<string>();
  for (const expr of exprs) {
    for (const name of metricNamesIn(expr)) if (!recorded.has(name)) names.add(name);
  }
  return names;
}
