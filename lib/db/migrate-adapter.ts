// Driver adapter for Prisma's WebAssembly schema engine on PostgreSQL through @prisma/adapter-pg.
// Prisma's CLI needs a native schema engine downloaded from Prisma's host, which these machines
// cannot reach; the same engine ships on npm as WebAssembly and runs through a driver adapter.
// Three work-arounds for adapter-pg bugs the schema engine hits (seen with 7.10.1):
//  1. prisma/orm#27403: catalog queries return `name` (OID 19) and `"char"` (OID 18) columns,
//     which adapter-pg cannot deserialise -> report them as text. This patches pg's Result for
//     the whole process; it is harmless for the app, which never selects such columns and
//     would read them as strings anyway.
//  2. connectToShadowDb() builds new Pool({ ...config, database }); with a connectionString the
//     URL's database wins, so the "shadow" database would silently be the real one.
//  3. its shadow dispose drops the database before closing its own pool ("being accessed by
//     other users"). We create the shadow database and DROP ... WITH (FORCE) it ourselves.
// And one for PostgreSQL 18 (the embedded server): it lists NOT NULL constraints in
// pg_constraint with constraint_type 'n', which this schema engine does not know and panics on
// while describing a schema (db:check, db:migrate). NOT NULL is also described from the column
// itself, so those rows are dropped from the describer's results.
import { randomUUID } from "node:crypto";
import pg from "pg";
// @ts-expect-error pg ships no types for its internal Result class
import Result from "pg/lib/result.js";
import { PrismaPg } from "@prisma/adapter-pg";

type Field = { dataTypeID: number };
const origAddFields = Result.prototype.addFields as (fields: Field[]) => void;
Result.prototype.addFields = function (this: unknown, fields: Field[]) {
  for (const f of fields) {
    if (f.dataTypeID === 19 || f.dataTypeID === 18) f.dataTypeID = 25; // name, "char" -> text
    else if (f.dataTypeID === 1003) f.dataTypeID = 1009; // name[] -> text[]
  }
  return origAddFields.call(this, fields);
};

export interface PgConfig {
  host: string;
  port: number;
  user: string;
  password?: string;
  database: string;
}

export function pgConfigFromUrl(url: string): PgConfig {
  const u = new URL(url);
  return {
    host: decodeURIComponent(u.hostname),
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username),
    password: u.password ? decodeURIComponent(u.password) : undefined,
    database: decodeURIComponent(u.pathname.slice(1)),
  };
}

type Adapter = Awaited<ReturnType<PrismaPg["connect"]>>;

function withoutNotNullConstraintRows(adapter: Adapter): Adapter {
  const queryRaw = adapter.queryRaw.bind(adapter);
  adapter.queryRaw = async (query) => {
    const result = await queryRaw(query);
    const col = result.columnNames.indexOf("constraint_type");
    if (col >= 0) result.rows = result.rows.filter((row) => row[col] !== "n");
    return result;
  };
  return adapter;
}

class PrismaPgMigrate extends PrismaPg {
  readonly #cfg: PgConfig;
  constructor(cfg: PgConfig) {
    super(cfg);
    this.#cfg = cfg;
  }

  async connect() {
    return withoutNotNullConstraintRows(await super.connect());
  }

  async connectToShadowDb() {
    const name = `prisma_migrate_shadow_db_${randomUUID()}`;
    const admin = new pg.Client(this.#cfg);
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    const adapter = withoutNotNullConstraintRows(await new PrismaPg({ ...this.#cfg, database: name }).connect());
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      try {
        await dispose();
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.end();
      }
    };
    return adapter;
  }
}

export function migrateAdapter(url: string) {
  return new PrismaPgMigrate(pgConfigFromUrl(url));
}
