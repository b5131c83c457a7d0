import { describe, expect, it } from "vitest";
import { clientIp, clientIpFromPeer, CLIENT_IP_HEADER, limitKeyForIp, UNKNOWN_IP } from "@/lib/http/client-ip";
import { parseEnv } from "@/lib/env";

describe("the client address the per-IP limits use", () => {
  it("is the socket's peer when no proxy is trusted, whatever X-Forwarded-For claims", () => {
    expect(clientIpFromPeer("203.0.113.7", "1.2.3.4", 0)).toBe("203.0.113.7");
    expect(clientIpFromPeer("203.0.113.7", ["1.2.3.4, 5.6.7.8"], 0)).toBe("203.0.113.7");
  });

  it("with TRUST_PROXY=N is the address the Nth proxy saw, read from the right of X-Forwarded-For", () => {
    // client 198.51.100.9 -> (spoofed entry first) -> proxy 1 appends the client's address -> app
    expect(clientIpFromPeer("10.0.0.2", "6.6.6.6, 198.51.100.9", 1)).toBe("198.51.100.9");
    // two proxies: the outer one appended the client, the inner one the outer proxy
    expect(clientIpFromPeer("10.0.0.3", "6.6.6.6, 198.51.100.9, 10.0.0.2", 2)).toBe("198.51.100.9");
    // fewer hops than trusted: the leftmost there is
    expect(clientIpFromPeer("10.0.0.2", "198.51.100.9", 3)).toBe("198.51.100.9");
    expect(clientIpFromPeer("10.0.0.2", undefined, 1)).toBe("10.0.0.2");
  });

  it("folds IPv4-mapped IPv6 to IPv4 and IPv6 to its /64, so one line cannot rotate addresses", () => {
    expect(limitKeyForIp("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(limitKeyForIp("2001:db8:1:2:aaaa:bbbb:cccc:dddd")).toBe("2001:db8:1:2::/64");
    expect(limitKeyForIp("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(limitKeyForIp("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(limitKeyForIp("::1")).toBe("0:0:0:0::/64");
    expect(limitKeyForIp("not an address")).toBe(UNKNOWN_IP);
    expect(limitKeyForIp(undefined)).toBe(UNKNOWN_IP);
  });

  it("is read back from the header server.ts sets, or the shared unknown bucket without it", () => {
    expect(clientIp(new Headers({ [CLIENT_IP_HEADER]: "198.51.100.9" }))).toBe("198.51.100.9");
    expect(clientIp(new Headers())).toBe(UNKNOWN_IP);
  });
});

describe("TRUST_PROXY", () => {
  it("is 0 unless set; accepts true/false and a number of proxies; refuses anything else by name", () => {
    expect(parseEnv({}).TRUST_PROXY).toBe(0);
    expect(parseEnv({ TRUST_PROXY: "" }).TRUST_PROXY).toBe(0);
    expect(parseEnv({ TRUST_PROXY: "false" }).TRUST_PROXY).toBe(0);
    expect(parseEnv({ TRUST_PROXY: "true" }).TRUST_PROXY).toBe(1);
    expect(parseEnv({ TRUST_PROXY: "2" }).TRUST_PROXY).toBe(2);
    expect(() => parseEnv({ TRUST_PROXY: "yes" })).toThrow(/TRUST_PROXY/);
    expect(() => parseEnv({ TRUST_PROXY: "-1" })).toThrow(/TRUST_PROXY/);
  });
});
