// The client's address, for the per-IP limits. Next's Request carries no remote address, so
// server.ts (the only way requests reach the app) writes it into CLIENT_IP_HEADER on every
// request, overwriting whatever a client sent under that name. X-Forwarded-For is believed only
// for as many hops as TRUST_PROXY says: anyone can send that header, so without a proxy that
// rewrites it, honouring it would let an attacker pick a fresh "IP" for every guess.
// Plain module (no Next, no server-only): server.ts and the socket server import it too.
import { isIP } from "node:net";

export const CLIENT_IP_HEADER = "x-colloquy-client-ip";

/** When the header is missing (a handler called without server.ts, as in tests): one shared bucket. */
export const UNKNOWN_IP = "unknown";

/**
 * The address limits are keyed by. IPv4-mapped IPv6 becomes plain IPv4; other IPv6 addresses
 * are cut to their /64, because one host or home line usually holds a whole /64 and could
 * otherwise rotate through 2^64 addresses.
 */
export function limitKeyForIp(raw: string | undefined | null): string {
  const ip = (raw ?? "").trim();
  if (!ip) return UNKNOWN_IP;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (isIP(ip) !== 6) return isIP(ip) === 4 ? ip : UNKNOWN_IP;
  const [head, tail = ""] = ip.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = ip.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

/**
 * The client address of a request reaching server.ts: the socket's peer, or with TRUST_PROXY=N
 * the address the Nth proxy from us saw (X-Forwarded-For read from the right).
 */
export function clientIpFromPeer(remoteAddress: string | undefined, forwardedFor: string | string[] | undefined, trustProxy: number): string {
  const hops = [remoteAddress ?? ""];
  if (trustProxy > 0 && forwardedFor) {
    const list = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    hops.push(...list.reverse());
  }
  const chosen = hops[Math.min(trustProxy, hops.length - 1)];
  return limitKeyForIp(chosen);
}

/** The client address server.ts recorded on this request (UNKNOWN_IP when it did not). */
export function clientIp(headers: Pick<Headers, "get">): string {
  return headers.get(CLIENT_IP_HEADER)?.trim().slice(0, 64) || UNKNOWN_IP;
}
