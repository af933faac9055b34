import { createDatabase, MEMORY_URL } from './database.factory';
import { PostgresDatabase } from './postgres.database';

// PGlite is loaded only when asked for: a PostgreSQL start-up must not pay for it.
const mockLoads: string[] = [];
jest.mock('./pglite.database', () => {
  mockLoads.push('pglite');
  return { PgliteDatabase: { create: () => 'a PGlite database', open: async () => 'an open PGlite database' } };
});

describe('createDatabase', () => {
  it('serves a PostgreSQL URL without loading PGlite', async () => {
    const database = createDatabase({ url: 'postgres://postgres@127.0.0.1:1/none', poolSize: 1 } as never);
    expect(database).toBeInstanceOf(PostgresDatabase);
    expect(mockLoads).toEqual([]);
    await database.close();
  });

  it('loads PGlite for memory:// and for EMBEDDED_ENGINE=pglite', () => {
    expect(createDatabase({ url: MEMORY_URL } as never)).toBe('a PGlite database');
    expect(createDatabase({ embeddedEngine: 'pglite', dataDir: '/tmp/x' } as never)).toBe('a PGlite database');
    expect(mockLoads).toEqual(['pglite']);
  });
});
