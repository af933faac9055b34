import type { Dashboard } from '@grafana/schema';

/**
 * The JSON form of a TypeScript type: what a dashboard file can actually contain. Grafana's types use
 * string enums (ThresholdsMode.Absolute, MappingType.ValueToText ...) whose values a JSON file holds as
 * plain strings ("absolute", "value"), which TypeScript never accepts for an enum; `${E}` turns a
 * string enum into the union of its values. Numbers, booleans, null and every other field keep their
 * type, so a wrong type, a misspelt key or an unknown enum value still fails.
 */
export type JsonForm<T> = T extends string
  ? `${T}`
  : T extends number | boolean | null | undefined
    ? T
    : T extends ReadonlyArray<infer Item>
      ? Array<JsonForm<Item>>
      : T extends object
        ? { [K in keyof T]: JsonForm<T[K]> }
        : T;

/** A Grafana dashboard JSON file, checked against @grafana/schema's Dashboard type. */
export type DashboardJson = JsonForm<Dashboard>;
