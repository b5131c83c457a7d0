import { describe, expect, it } from "vitest";
import { revokeToken } from "@/lib/domain/tokens/service";
import { sameOrigin } from "@/lib/http/origin";
import { buildToken, buildUser, sessionCookie } from "../../helpers/factories";
import { refusedWith, startRealtimeServer, type Credentials } from "../../helpers/realtime";

const { host, socket } = startRealtimeServer();

async function attempt(creds: Credentials) {
  const s = socket(creds);
  return { socket: s, error: await refusedWith(s) };
}

describe("the socket handshake", () => {
  it("refuses a browser page from another origin even with a valid session cookie", async () => {
    const { actor } = await buildUser();
    const cookie = await sessionCookie(actor);
    expect((await attempt({ cookie, origin: "https://evil.example" })).error).not.toBeNull();
    // A sibling subdomain is another site too (the same comparison as the HTTP origin rule).
    expect((await attempt({ cookie, origin: `http://evil.${host().replace(/^127\.0\.0\.1/, "localhost")}` })).error).not.toBeNull();
    expect((await attempt({ cookie, origin: `http://${host()}` })).error).toBeNull();
  });

  it("treats localhost and 127.0.0.1 as one origin, and no Origin (a script) as allowed", () => {
    expect(sameOrigin("http://localhost:3000", "127.0.0.1:3000")).toBe(true);
    expect(sameOrigin(undefined, "127.0.0.1:3000")).toBe(true);
    expect(sameOrigin("http://localhost:3001", "localhost:3000")).toBe(false);
    expect(sameOrigin("not a url", "localhost:3000")).toBe(false);
  });

  it("a revoked token's live connection is closed at once, and it cannot connect again", async () => {
    const { actor } = await buildUser();
    const t = await buildToken(actor);
    const { socket, error } = await attempt({ token: t.token });
    expect(error).toBeNull();
    const closed = new Promise<string>((r) => socket.once("disconnect", (reason) => r(reason)));
    await revokeToken(actor, t.id);
    expect(await closed).toBe("io server disconnect");
    expect((await attempt({ token: t.token })).error).not.toBeNull();
  });
});
