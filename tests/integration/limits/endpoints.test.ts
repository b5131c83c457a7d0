// Each abuse limit as its caller meets it: over HTTP a 429 with Retry-After and a message that
// says how long to wait; over the socket a RATE_LIMITED ack (seminar:join) or dropped typing
// signals. Client addresses come in CLIENT_IP_HEADER, as server.ts records them.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import * as users from "@/app/api/v1/users/route";
import * as joinRoute from "@/app/api/v1/join/route";
import * as exportRoute from "@/app/api/v1/seminars/[id]/export/route";
import * as readings from "@/app/api/v1/readings/route";
import * as preview from "@/app/api/v1/readings/preview/route";
import { AppError } from "@/lib/errors";
import { CLIENT_IP_HEADER } from "@/lib/http/client-ip";
import { LIMITS } from "@/lib/limits";
import { previewInvite } from "@/lib/domain/seminars/service";
import type { TypingSignal } from "@/lib/realtime/events";
import { buildClass, buildUser, sessionCookie, uniqueEmail, type BuiltUser } from "../../helpers/factories";
import { call, errorOf, type CallResult } from "../../helpers/http";
import { randomTestIp } from "../../helpers/limits";
import { join, joined, startRealtimeServer, waitUntil } from "../../helpers/realtime";

const { connectAs } = startRealtimeServer();

const wrongCode = () => randomBytes(6).toString("hex").toUpperCase();

/** A refusal as every limit gives it: 429, RATE_LIMITED, a message with the wait, Retry-After in seconds. */
function expectRefused(r: CallResult, message: RegExp) {
  expect(r.status, r.text).toBe(429);
  expect(errorOf(r)).toEqual({ code: "RATE_LIMITED", message: expect.stringMatching(message) });
  expect(errorOf(r).message).toMatch(/Wait \d+ (seconds?|minutes)/);
  expect(Number(r.headers.get("retry-after"))).toBeGreaterThan(0);
}

describe("sign-up per address", () => {
  it(`sign-up number ${LIMITS.signUpIp.points + 1} from one address in an hour is refused; another address is not`, async () => {
    const ip = randomTestIp();
    const signUp = (from: string) =>
      call(users.POST, { url: "/api/v1/users", json: { email: uniqueEmail("signup"), password: "long enough pw", name: "New Person" }, headers: { [CLIENT_IP_HEADER]: from } });
    for (let i = 0; i < LIMITS.signUpIp.points; i++) expect((await signUp(ip)).status, `sign-up ${i + 1}`).toBe(201);
    expectRefused(await signUp(ip), /^Too many new accounts from your network\. Wait \d+ minutes and try again\.$/);
    expect((await signUp(randomTestIp())).status).toBe(201);
  }, 120_000); // sixty argon2 hashes on a busy machine
});

describe("join codes", () => {
  const tryJoin = async (who: BuiltUser, code: string, ip: string) =>
    call(joinRoute.POST, { url: "/api/v1/join", json: { code }, auth: { cookie: await sessionCookie(who.user) }, headers: { [CLIENT_IP_HEADER]: ip } });

  it(`one person gets ${LIMITS.joinUser.points} attempts in 10 minutes, from any address, then 429`, async () => {
    const guesser = await buildUser();
    for (let i = 0; i < LIMITS.joinUser.points; i++) expect((await tryJoin(guesser, wrongCode(), randomTestIp())).status, `attempt ${i + 1}`).toBe(404);
    expectRefused(await tryJoin(guesser, wrongCode(), randomTestIp()), /^Too many join attempts\. Wait \d+ (seconds|minutes) and check the code/);
    // someone else is not affected
    expect((await tryJoin(await buildUser(), wrongCode(), randomTestIp())).status).toBe(404);
  });

  it(`one address gets ${LIMITS.joinIp.points} codes that do not work, over any number of accounts; codes that work do not count`, async () => {
    const { seminar } = await buildClass([]);
    const ip = randomTestIp();
    const perAccount = LIMITS.joinUser.points - 5;
    let guesser = await buildUser();
    for (let i = 0; i < LIMITS.joinIp.points; i++) {
      if (i % perAccount === 0) {
        guesser = await buildUser();
        // a student of the class joining with the right code from the same network
        expect((await tryJoin(await buildUser(), seminar.joinCode!, ip)).status).toBe(200);
      }
      expect((await tryJoin(guesser, wrongCode(), ip)).status, `wrong code ${i + 1}`).toBe(404);
    }
    expectRefused(await tryJoin(await buildUser(), seminar.joinCode!, ip), /^Too many join codes that did not work from your network\./);
    expect((await tryJoin(await buildUser(), seminar.joinCode!, randomTestIp())).status).toBe(200);
  });

  it("the invite page's look-up (/join/<code>) counts codes that do not work against the address too", async () => {
    const { seminar } = await buildClass([]);
    const ip = randomTestIp();
    for (let i = 0; i < LIMITS.joinIp.points; i++) {
      expect(await previewInvite(wrongCode(), { ip })).toBeNull();
      if (i % 20 === 0) expect(await previewInvite(seminar.joinCode!, { ip })).toMatchObject({ seminarId: seminar.id });
    }
    const refused = await previewInvite(seminar.joinCode!, { ip }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "RATE_LIMITED", message: expect.stringMatching(/Wait \d+ (seconds|minutes)/) });
    expect(await previewInvite(seminar.joinCode!, { ip: randomTestIp() })).toMatchObject({ seminarId: seminar.id });
  });
});

describe("exports and imports per user", () => {
  it(`export number ${LIMITS.exports.points + 1} in 10 minutes is refused; another member still exports`, async () => {
    const { instructor, seminar, students } = await buildClass(["Exporter"]);
    const exportAs = async (who: BuiltUser) =>
      call(exportRoute.GET, { url: `/api/v1/seminars/${seminar.id}/export?format=markdown`, params: { id: seminar.id }, auth: { cookie: await sessionCookie(who.user) } });
    for (let i = 0; i < LIMITS.exports.points; i++) expect((await exportAs(instructor)).status, `export ${i + 1}`).toBe(200);
    expectRefused(await exportAs(instructor), /^Too many exports in a short time\. Wait \d+ (seconds|minutes) and try again\.$/);
    expect((await exportAs(students[0])).status).toBe(200);
  });

  it(`previews and imports share ${LIMITS.imports.points} per 10 minutes per user`, async () => {
    const { user } = await buildUser();
    const auth = { cookie: await sessionCookie(user) };
    const content = "A Short Text\n\nBy Someone\n\nThe first paragraph of it.\n\nThe second paragraph.";
    for (let i = 0; i < LIMITS.imports.points; i++) {
      const r = i % 3 === 2 ? await call(readings.POST, { url: "/api/v1/readings", json: { content }, auth }) : await call(preview.POST, { url: "/api/v1/readings/preview", json: { content }, auth });
      expect(r.status, `${i + 1}: ${r.text.slice(0, 200)}`).toBe(i % 3 === 2 ? 201 : 200);
    }
    expectRefused(await call(preview.POST, { url: "/api/v1/readings/preview", json: { content }, auth }), /^Too many readings previewed or imported/);
    expectRefused(await call(readings.POST, { url: "/api/v1/readings", json: { content }, auth }), /^Too many readings previewed or imported/);
  });
});

describe("socket events per socket", () => {
  it(`seminar:join past ${LIMITS.socketJoin.points} a minute is acknowledged RATE_LIMITED with the wait; a new connection starts afresh`, async () => {
    const { seminar, students } = await buildClass(["Joiner"]);
    const c = await connectAs(students[0]);
    for (let i = 0; i < LIMITS.socketJoin.points; i++) await joined(c, seminar.id);
    const ack = await join(c, seminar.id);
    expect(ack).toEqual({ ok: false, error: { code: "RATE_LIMITED", message: expect.stringMatching(/^Too many seminar joins on this connection\. Wait \d+ seconds? and try again\.$/) } });
    await joined(await connectAs(students[0]), seminar.id);
  });

  it(`typing signals past ${LIMITS.socketTyping.points} in ${LIMITS.socketTyping.seconds} s are dropped silently; the socket stays usable`, async () => {
    const { seminar, students } = await buildClass(["Typist", "Reader"]);
    const [typist, reader] = [await connectAs(students[0]), await connectAs(students[1])];
    await joined(typist, seminar.id);
    await joined(reader, seminar.id);
    const typingSeen = () => reader.events.filter((e) => e.event === "thread:typing" && (e.payload as TypingSignal).threadId?.startsWith("flood-")).length;
    // A new thread each time: one thread's signals are also thinned to one per TYPING_RELAY_MS
    // (lib/realtime/server.ts), which must not be what drops them here.
    let n = 0;
    const type = () => typist.socket.emit("thread:typing", { seminarId: seminar.id, threadId: `flood-${++n}` });
    // One at a time, each seen before the next (volatile signals may otherwise be dropped by
    // the transport, which would hide what the limit does).
    for (let i = 1; i <= LIMITS.socketTyping.points; i++) {
      type();
      await waitUntil(reader, () => (typingSeen() >= i ? true : undefined), `typing signal ${i}`);
    }
    // Past the limit, still one at a time with room to arrive: none does, and no error comes back.
    for (let i = 0; i < 5; i++) {
      type();
      await new Promise((r) => setTimeout(r, 150));
    }
    expect(typingSeen()).toBe(LIMITS.socketTyping.points);
    expect(typist.events.filter((e) => e.event === "error" || e.event === "exception")).toEqual([]);
    await joined(typist, seminar.id);
  });
});
