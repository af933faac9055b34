// The architecture as code: `npm run lint:deps` fails when a layer rule is broken.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'libs-never-import-apps',
      comment: 'Libraries are reusable capabilities; only the composition root (apps/api) wires them.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'drivers-only-in-database-and-repositories',
      comment: 'Only the database library and repositories touch the SQL driver and the ORM.',
      severity: 'error',
      from: {
        path: '^(apps|libs)/',
        pathNot: ['^libs/database/src/', '\\.repository\\.ts$', '\\.table\\.ts$', '\\.spec\\.ts$'],
      },
      to: { path: 'node_modules/(@types/)?(pg|pg-pool|@electric-sql/pglite|drizzle-orm)/' },
    },
    {
      name: 'libraries-through-their-index',
      comment: 'A library is imported only through its public src/index.ts.',
      severity: 'error',
      from: { path: '^((?:apps|libs)/[^/]+)/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^libs/[^/]+/src/', pathNot: ['^libs/[^/]+/src/index\\.(ts|js)$', '^$1/'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      // The generated SDK's type-only cycles are @hey-api/openapi-ts's, not ours (libs/sdk/src/generated: never edited).
      from: { pathNot: '^libs/sdk/src/generated/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage|\\.tmp)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
