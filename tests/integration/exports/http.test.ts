// GET /api/v1/seminars/:id/export through the route handler, as a browser or curl calls it:
// the download headers, both kinds of credentials, and the refusals.
import { beforeAll, describe, expect, it } from "vitest";
import * as exportRoute from "@/app/api/v1/seminars/[id]/export/route";
import { buildClass, buildThread, buildToken, buildUser, sessionCookie, type BuiltUser } from "../../helpers/factories";
import { call, errorOf, type Auth } from "../../helpers/http";

let instructor: BuiltUser;
let student: BuiltUser;
let outsider: BuiltUser;
let seminarId: string;

beforeAll(async () => {
  const c = await buildClass(["Priya"], { title: "Réunion d'été: Cold War" });
  instructor = c.instructor;
  student = c.students[0];
  seminarId = c.seminar.id;
  outsider = await buildUser({ name: "Outside Person" });
  await buildThread(student.actor, seminarId, { body: "A thread to export" });
});

const get = (auth: Auth, query: string, id = seminarId) =>
  call(exportRoute.GET, { url: `/api/v1/seminars/${id}/export${query}`, params: { id }, auth });

describe("GET /api/v1/seminars/:id/export", () => {
  const formats = [
    { format: "markdown", type: "text/markdown; charset=utf-8", ext: "transcript.md" },
    { format: "html", type: "text/html; charset=utf-8", ext: "transcript.html" },
    { format: "csv", type: "text/csv; charset=utf-8; header=present", ext: "comments.csv" },
    { format: "jsonld", type: 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"; charset=utf-8', ext: "annotations.jsonld" },
    { format: "participation", type: "text/csv; charset=utf-8; header=present", ext: "participation.csv" },
  ];
  for (const f of formats) {
    it(`answers a ${f.format} download named after the seminar and the date, with a streamed body`, async () => {
      const auth = { cookie: await sessionCookie(instructor.user) };
      const response = await exportRoute.GET(new Request(`http://localhost:3000/api/v1/seminars/${seminarId}/export?format=${f.format}`, { headers: { cookie: auth.cookie } }), {
        params: Promise.resolve({ id: seminarId }),
      });
      expect(response.status).toBe(200);
      expect(response.body).toBeInstanceOf(ReadableStream);
      expect(response.headers.get("content-type")).toBe(f.type);
      const today = new Date().toISOString().slice(0, 10);
      const disposition = response.headers.get("content-disposition")!;
      expect(disposition).toBe(
        `attachment; filename="reunion-d-ete-cold-war-${today}-${f.ext}"; filename*=UTF-8''${encodeURIComponent(`réunion-d-été-cold-war-${today}-${f.ext}`)}`,
      );
      const text = await response.text();
      expect(text).toContain(f.format === "participation" ? student.user.name : "A thread to export");
    });
  }

  it("works with a Bearer token, as curl would send it", async () => {
    const { token } = await buildToken(instructor.actor, "curl");
    const r = await get({ token }, "?format=csv&order=time");
    expect(r.status, r.text).toBe(200);
    expect(r.text).toContain("A thread to export");
    // Instructors' CSV carries authors' emails.
    expect(r.text).toContain(student.user.email);
  });

  it("refuses a non-member with 404, as if the seminar did not exist", async () => {
    const r = await get({ cookie: await sessionCookie(outsider.user) }, "?format=markdown");
    expect(r.status).toBe(404);
    expect(errorOf(r).code).toBe("NOT_FOUND");
    expect(r.text).not.toContain("A thread to export");
  });

  it("refuses a student the participation summary with 403", async () => {
    const r = await get({ cookie: await sessionCookie(student.user) }, "?format=participation");
    expect(r.status).toBe(403);
    expect(errorOf(r).code).toBe("FORBIDDEN");
  });

  it("gives a student no emails, even the student's own", async () => {
    for (const format of ["markdown", "html", "csv", "jsonld"]) {
      const r = await get({ token: (await buildToken(student.actor)).token }, `?format=${format}`);
      expect(r.status).toBe(200);
      expect(r.text).toContain("A thread to export");
      expect(r.text).not.toContain("@example.org");
    }
  });

  it("asks anyone signed out to sign in (401)", async () => {
    expect((await get(undefined, "?format=markdown")).status).toBe(401);
  });

  it("names the parameter when the query is wrong (400)", async () => {
    const auth = { cookie: await sessionCookie(instructor.user) };
    for (const [query, field] of [
      ["", "format"],
      ["?format=pdf", "format"],
      ["?format=csv&order=alphabetical", "order"],
      ["?format=csv&anonymize=maybe", "anonymize"],
      ["?format=csv&colour=red", "colour"],
    ] as const) {
      const r = await get(auth, query);
      expect(r.status, query).toBe(400);
      expect(errorOf(r).message, query).toContain(field);
    }
  });

  it("answers 404 for a seminar id that cannot exist", async () => {
    const r = await get({ cookie: await sessionCookie(instructor.user) }, "?format=csv", "no-such-seminar");
    expect(r.status).toBe(404);
  });
});
