import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeToken } from "@/lib/domain/tokens/service";
import { setRealtimeServer } from "@/lib/realtime/publish";
import { createRealtimeServer, sameOrigin, type RealtimeServer } from "@/lib/realtime/server";
import { buildToken, buildUser, sessionCookie } from "../../helpers/factories";

let http: HttpServer;
let io: RealtimeServer;
let url: string;
let host: string;
const open: Socket[] = [];

beforeAll(async () => {
  http = createServer();
  io = createRealtimeServer(http);
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  host = `127.0.0.1:${(http.address() as AddressInfo).port}`;
  url = `http://${host}`;
});

afterAll(async () => {
  open.forEach((s) => s.disconnect());
  await new Promise<void>((r) => io.close(() => r()));
  setRealtimeServer(undefined);
});

function attempt(opts: { token?: string; cookie?: string; origin?: string }): Promise<{ socket: Socket; error: Error | null }> {
  const extraHeaders: Record<string, string> = {};
  if (opts.cookie) extraHeaders.cookie = opts.cookie;
  if (opts.origin) extraHeaders.origin = opts.origin;
  const socket = connect(url, { transports: ["websocket"], forceNew: true, reconnection: false, auth: opts.token ? { token: opts.token } : {}, extraHeaders });
  open.push(socket);
  return new Promise((resolve) => {
    socket.once("connect", () => resolve({ socket, error: null }));
    socket.once("connect_error", (error) => resolve({ socket, error }));
  });
}

describe("the socket handshake", () => {
  it("refuses a browser page from another origin even with a valid session cookie", async () => {
    const { actor } = await buildUser();
    const cookie = await sessionCookie(actor);
    expect((await attempt({ cookie, origin: "https://evil.example" })).error).not.toBeNull();
    expect((await attempt({ cookie, origin: `http://${host}` })).error).toBeNull();
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
