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
      name: 'not-to-test',
      comment:
        'Production code and tools (bench/, scripts/) never import from test/: a test may change without breaking a build or a benchmark. Specs may.',
      severity: 'error',
      from: { path: '^(apps|libs|bench|scripts)/', pathNot: '\\.(spec|e2e-spec)\\.ts$' },
      to: { path: '^test/' },
    },
    {
      name: 'tools-use-libraries-through-their-index',
      comment: 'bench/ and scripts/ use a library as the app does, through its public src/index.ts.',
      severity: 'error',
      from: { path: '^(bench|scripts)/' },
      to: { path: '^libs/[^/]+/src/', pathNot: '^libs/[^/]+/src/index\\.(ts|js)$' },
    },
    {
      name: 'storage-never-imports-http',
      comment:
        'Storage and the error base speak no HTTP: an error says what went wrong by its code, and only libs/http maps codes to responses.',
      severity: 'error',
      from: { path: '^libs/(database|errors)/' },
      to: { path: ['^libs/http/', 'node_modules/(express|@nestjs/platform-[^/]+|@nestjs/throttler)/'] },
    },
    {
      name: 'libraries-speak-no-http-framework',
      comment:
        "Libraries speak Node's request and response, Nest's HTTP adapter or @app/http's HttpRequest/HttpResponse: the framework under Nest (HTTP_ADAPTER) is the composition root's choice.",
      severity: 'error',
      from: { path: '^libs/' },
      to: {
        path: 'node_modules/(@types/)?(express|express-serve-static-core|fastify|@fastify/[^/]+|@nestjs/platform-[^/]+)/',
      },
    },
    {
      name: 'express-only-in-its-adapter',
      comment:
        'Express is named in one file (and its spec), the adapter HTTP_ADAPTER=express loads (apps/api/src/http-adapter/).',
      severity: 'error',
      // Libraries: libraries-speak-no-http-framework, above.
      from: { path: '^apps/', pathNot: '^apps/api/src/http-adapter/express\\.adapter(\\.spec)?\\.ts$' },
      to: { path: 'node_modules/(@types/)?(express|express-serve-static-core|@nestjs/platform-express)/' },
    },
    {
      name: 'fastify-only-in-its-adapter',
      comment:
        'Fastify is named in one file (and its spec), the adapter HTTP_ADAPTER=fastify loads (apps/api/src/http-adapter/).',
      severity: 'error',
      // Libraries: libraries-speak-no-http-framework, above.
      from: { path: '^apps/', pathNot: '^apps/api/src/http-adapter/fastify\\.adapter(\\.spec)?\\.ts$' },
      to: { path: 'node_modules/(fastify|@fastify/[^/]+|@nestjs/platform-fastify)/' },
    },
    {
      name: 'errors-library-stands-alone',
      comment: 'Every library may import libs/errors, so it imports no other library (no cycle can start there).',
      severity: 'error',
      from: { path: '^libs/errors/' },
      to: { path: '^(apps|libs)/', pathNot: '^libs/errors/' },
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
