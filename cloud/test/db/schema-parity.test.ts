// The PostgreSQL tables mirror the SQLite ones: same tables, columns, JS types, nullability, keys.
import { getTableColumns, getTableName, type Table } from 'drizzle-orm';
import { getTableConfig as pgConfig } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteConfig } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { pgTables, sqliteTables } from '../../src/db/schema/index.js';

function shape(table: Table) {
  return Object.fromEntries(
    Object.entries(getTableColumns(table)).map(([key, c]) => [
      key,
      { name: c.name, dataType: c.dataType, notNull: c.notNull, primary: c.primary, unique: c.isUnique },
    ]),
  );
}

describe('schema parity between SQLite and PostgreSQL', () => {
  it('has the same tables', () => {
    expect(Object.keys(pgTables).sort()).toEqual(Object.keys(sqliteTables).sort());
  });

  for (const [key, table] of Object.entries(sqliteTables)) {
    it(`mirrors ${key}`, () => {
      const mirror = (pgTables as Record<string, Table>)[key] as Table;
      expect(getTableName(mirror)).toBe(getTableName(table));
      expect(shape(mirror)).toEqual(shape(table));
      const indexes = (cfg: { indexes: { config: { name?: string; unique?: boolean } }[] }) =>
        cfg.indexes.map((i) => `${i.config.name}:${Boolean(i.config.unique)}`).sort();
      expect(indexes(pgConfig(mirror as never))).toEqual(indexes(sqliteConfig(table as never)));
    });
  }
});
