// Client addresses for tests of the per-IP limits: route handlers called directly read the
// address server.ts would record from CLIENT_IP_HEADER, so each test picks addresses of its own.
import { randomInt } from "node:crypto";

/** An address in TEST-NET-3 (203.0.113.0/24) or 198.18.0.0/15, fresh enough not to collide between tests. */
export function randomTestIp(): string {
  return `198.${18 + randomInt(2)}.${randomInt(256)}.${randomInt(1, 255)}`;
}
