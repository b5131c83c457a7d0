// Which security headers go on which response.
import { describe, expect, it } from "vitest";
import { API_CSP, applySecurityHeaders, authUrlHost, newNonce, pageCsp, servedOverHttps, staticSecurityHeaders } from "@/lib/http/security-headers";

const directives = (csp: string) => new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));

describe("static security headers", () => {
  it("refuse framing and sniffing, trim the referrer and turn off device features", () => {
    const h = staticSecurityHeaders("http://localhost:3000");
    expect(h["X-Frame-Options"]).toBe("DENY");
    expect(h["X-Content-Type-Options"]).toBe("nosniff");
    expect(h["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(h["Permissions-Policy"]).toMatch(/camera=\(\).*microphone=\(\).*geolocation=\(\)/);
  });

  it("send HSTS only when AUTH_URL is https", () => {
    expect(staticSecurityHeaders("https://colloquy.example.org")["Strict-Transport-Security"]).toBe("max-age=31536000; includeSubDomains");
    expect(staticSecurityHeaders("http://localhost:3000")["Strict-Transport-Security"]).toBeUndefined();
    expect(staticSecurityHeaders("")["Strict-Transport-Security"]).toBeUndefined();
    expect(servedOverHttps(" HTTPS://x.example ")).toBe(true);
    expect(servedOverHttps(undefined)).toBe(false);
  });

  it("applySecurityHeaders sets them all and the strict API policy", () => {
    const set = new Map<string, string>();
    applySecurityHeaders({ setHeader: (n, v) => set.set(n, v) }, "http://localhost:3000");
    expect(set.get("Content-Security-Policy")).toBe(API_CSP);
    expect(set.get("X-Frame-Options")).toBe("DENY");
    expect(directives(API_CSP).get("default-src")).toEqual(["'none'"]);
    expect(directives(API_CSP).get("frame-ancestors")).toEqual(["'none'"]);
  });
});

describe("the page Content-Security-Policy", () => {
  it("allows scripts from self and the nonce only, with no inline scripts or eval in production", () => {
    const d = directives(pageCsp({ nonce: "abc123==", dev: false, socketHosts: ["localhost:3000"] }));
    expect(d.get("script-src")).toEqual(["'self'", "'nonce-abc123=='"]);
    expect(d.get("object-src")).toEqual(["'none'"]);
    expect(d.get("base-uri")).toEqual(["'self'"]);
    expect(d.get("form-action")).toEqual(["'self'"]);
    expect(d.get("frame-ancestors")).toEqual(["'none'"]);
    expect(d.get("img-src")).toEqual(["'self'", "data:"]);
    expect(d.get("connect-src")).toEqual(["'self'", "ws://localhost:3000", "wss://localhost:3000"]);
  });

  it("allows eval only in development", () => {
    expect(directives(pageCsp({ nonce: "n", dev: true, socketHosts: [] })).get("script-src")).toContain("'unsafe-eval'");
  });

  it("names each socket host once and ignores anything that is not a plain host", () => {
    const d = directives(pageCsp({ nonce: "n", dev: false, socketHosts: ["a.example:1", "a.example:1", null, "evil; script-src *"] }));
    expect(d.get("connect-src")).toEqual(["'self'", "ws://a.example:1", "wss://a.example:1"]);
    expect(d.get("script-src")).toEqual(["'self'", "'nonce-n'"]);
  });

  it("nonces are fresh base64 values", () => {
    const a = newNonce();
    expect(a).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(newNonce()).not.toBe(a);
  });

  it("authUrlHost reads AUTH_URL's host, or nothing", () => {
    expect(authUrlHost("https://colloquy.example.org/x")).toBe("colloquy.example.org");
    expect(authUrlHost("nonsense")).toBeUndefined();
    expect(authUrlHost("")).toBeUndefined();
  });
});
