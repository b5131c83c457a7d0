// AUTH_SECRET for a local run: when unset, one is generated once and kept in the data folder,
// so sessions survive restarts without anyone having to invent a secret.
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";

export function ensureAuthSecret(dataDir: string): { secret: string; generated: boolean } {
  const existing = process.env.AUTH_SECRET?.trim();
  if (existing) return { secret: existing, generated: false };
  const file = path.join(dataDir, "auth-secret");
  let secret: string;
  try {
    secret = fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    secret = randomBytes(32).toString("base64url");
    fs.writeFileSync(file, secret + "\n", { mode: 0o600 });
  }
  process.env.AUTH_SECRET = secret;
  return { secret, generated: true };
}
