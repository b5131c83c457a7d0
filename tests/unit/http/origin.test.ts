// The origin rule, branch by branch: which unsafe requests from a browser the API accepts.
import { describe, expect, it } from "vitest";
import { allowedByOriginRule, originFactsOf, originMatches, sameOrigin, type OriginFacts } from "@/lib/http/origin";

const HOST = "localhost:3000";
const facts = (over: Partial<OriginFacts>): OriginFacts => ({
  method: "POST",
  origin: null,
  secFetchSite: null,
  authorization: null,
  hosts: [HOST],
  authUrl: "",
  ...over,
});

describe("the origin rule for unsafe requests", () => {
  it("allows safe methods whatever their origin", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"]) {
      expect(allowedByOriginRule(facts({ method, origin: "https://evil.example", secFetchSite: "cross-site" }))).toBe(true);
    }
  });

  it("refuses every unsafe method (any letter case) from a foreign Origin", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE", "delete"]) {
      expect(allowedByOriginRule(facts({ method, origin: "https://evil.example" }))).toBe(false);
    }
  });

  it("allows an Origin naming the host the request was sent to", () => {
    expect(allowedByOriginRule(facts({ origin: "http://localhost:3000" }))).toBe(true);
  });

  it("allows an Origin naming AUTH_URL (the public origin behind a proxy)", () => {
    const f = facts({ origin: "https://colloquy.example.org", hosts: ["10.0.0.5:3000"], authUrl: "https://colloquy.example.org/" });
    expect(allowedByOriginRule(f)).toBe(true);
  });

  it("refuses a sibling subdomain, another port, a parent domain, Origin: null and a malformed Origin", () => {
    for (const origin of ["http://evil.localhost:3000", "http://localhost:3001", "null", "not a url"]) {
      expect(allowedByOriginRule(facts({ origin })), origin).toBe(false);
    }
    const proxied = { hosts: ["colloquy.example.org"], authUrl: "https://colloquy.example.org" };
    expect(allowedByOriginRule(facts({ ...proxied, origin: "https://evil.example.org" }))).toBe(false);
    expect(allowedByOriginRule(facts({ ...proxied, origin: "https://example.org" }))).toBe(false);
  });

  it("a foreign Origin is refused even when Sec-Fetch-Site claims same-origin", () => {
    expect(allowedByOriginRule(facts({ origin: "https://evil.example", secFetchSite: "same-origin" }))).toBe(false);
  });

  it("without Origin, allows Sec-Fetch-Site same-origin and none (typed address, bookmark)", () => {
    expect(allowedByOriginRule(facts({ secFetchSite: "same-origin" }))).toBe(true);
    expect(allowedByOriginRule(facts({ secFetchSite: "none" }))).toBe(true);
  });

  it("without Origin, refuses Sec-Fetch-Site cross-site and same-site", () => {
    expect(allowedByOriginRule(facts({ secFetchSite: "cross-site" }))).toBe(false);
    expect(allowedByOriginRule(facts({ secFetchSite: "same-site" }))).toBe(false);
  });

  it("refuses an unsafe request with neither Origin nor Sec-Fetch-Site (a script with a cookie must use a token)", () => {
    expect(allowedByOriginRule(facts({}))).toBe(false);
  });

  it("exempts a Bearer token, from anywhere", () => {
    expect(allowedByOriginRule(facts({ authorization: "Bearer col_abc", origin: "https://evil.example" }))).toBe(true);
    expect(allowedByOriginRule(facts({ authorization: "bearer col_abc" }))).toBe(true);
  });

  it("does not take another Authorization scheme, or an empty Bearer, for a token", () => {
    expect(allowedByOriginRule(facts({ authorization: "Basic dXNlcjpwdw==", origin: "https://evil.example" }))).toBe(false);
    expect(allowedByOriginRule(facts({ authorization: "Bearer ", origin: "https://evil.example" }))).toBe(false);
  });
});

describe("originMatches and sameOrigin", () => {
  it("treats localhost, 127.0.0.1 and [::1] as one host, port included", () => {
    expect(originMatches("http://127.0.0.1:3000", ["localhost:3000"], "")).toBe(true);
    expect(originMatches("http://[::1]:3000", ["localhost:3000"], "")).toBe(true);
    expect(originMatches("http://localhost:3000", ["127.0.0.1:3000"], "")).toBe(true);
    expect(originMatches("http://127.0.0.1:3001", ["localhost:3000"], "")).toBe(false);
  });

  it("ignores missing hosts and a malformed AUTH_URL rather than matching them", () => {
    expect(originMatches("http://localhost:3000", [undefined], "::not a url")).toBe(false);
  });

  it("the socket handshake allows no Origin (a script) and refuses a foreign one", () => {
    expect(sameOrigin(undefined, HOST, "")).toBe(true);
    expect(sameOrigin("https://evil.example", HOST, "")).toBe(false);
    expect(sameOrigin("http://localhost:3000", HOST, "")).toBe(true);
  });
});

describe("originFactsOf", () => {
  it("reads method, headers and the request's own host", () => {
    const req = new Request("http://localhost:3000/api/v1/join", {
      method: "POST",
      headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site", authorization: "Bearer x", host: "proxy.internal:8080" },
    });
    const f = originFactsOf(req);
    expect(f).toMatchObject({ method: "POST", origin: "https://evil.example", secFetchSite: "cross-site", authorization: "Bearer x" });
    expect(f.hosts).toContain("localhost:3000");
  });
});
