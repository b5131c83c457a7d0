// Integration tests run against a real PostgreSQL database made for the run by scripts/test.ts
// (npm run test:integration), already migrated. Refuse to run against anything else.
export default function setup() {
  if (!process.env.DATABASE_URL || !/colloquy_test_/.test(process.env.DATABASE_URL)) {
    throw new Error("integration tests need a fresh test database: run them with `npm run test:integration`");
  }
}
