// A student's anonymized export must not be a look-up table from real names to pseudonyms
// (issue 10, item 6): a student types classmates' (and the instructor's) names, emails and
// @handles into comments, exports with anonymize=true, and the file must neither turn what they
// typed into those people's pseudonyms nor show a real name, email or handle anywhere.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import type { ExportInput } from "@/lib/domain/exports/schema";
import { updateSeminar } from "@/lib/domain/seminars/service";
import type { NameVisibilityWire } from "@/lib/domain/seminars/schema";
import { handleFor } from "@/lib/domain/threads/handles";
import { buildClass, buildComment, buildThread, ORIGIN, type BuiltUser } from "../../helpers/factories";
import { exportText } from "../../helpers/exports";

const FORMATS = ["markdown", "html", "csv", "jsonld"] as const;

/** What a person can be recognised by in a body: full name, email, @handle (as typed). */
const identities = (u: BuiltUser) => [u.user.name, u.user.email, `@${handleFor(u.user.name)}`];

/**
 * A body where each identity sits between two markers of its own ("zqa1 … zqa1"), so the
 * export's replacement of exactly that text can be read back in any format.
 */
function typedBody(people: Array<{ tag: string; who: BuiltUser }>) {
  const slots: Array<{ marker: string; typed: string; tag: string }> = [];
  for (const { tag, who } of people) {
    identities(who).forEach((typed, i) => slots.push({ marker: `zq${tag}${i}x`, typed, tag }));
  }
  return { body: slots.map((s) => `${s.marker} ${s.typed} ${s.marker}`).join(", and "), slots };
}

async function world(names: NameVisibilityWire) {
  const { instructor, seminar, students } = await buildClass(["Mira", "Kofi", "Lena"]);
  await updateSeminar(instructor.actor, seminar.id, { nameVisibility: names }, ORIGIN);
  const [mira, kofi, lena] = students;
  const typed = typedBody([
    { tag: "k", who: kofi },
    { tag: "l", who: lena },
    { tag: "t", who: instructor },
    { tag: "m", who: mira },
  ]);
  const thread = await buildThread(kofi.actor, seminar.id, { body: "Kofi opens a thread about the passage." });
  await buildComment(mira.actor, thread.id, typed.body);
  await buildComment(lena.actor, thread.id, "Lena answers in her own words.");
  await buildComment(instructor.actor, thread.id, "The instructor closes the discussion.");
  await buildThread(mira.actor, seminar.id, { body: `Mira's own thread, naming ${kofi.user.name} once more.` });
  const members = await db().membership.findMany({ where: { seminarId: seminar.id } });
  const pseudonym = new Map(members.map((m) => [m.userId, m.pseudonym]));
  return { instructor, seminar, mira, kofi, lena, typed, pseudonym };
}

/** Every label the seminar's pseudonyms could take for `n`: a name, a handle, a JSON-LD member id. */
const pseudonymForms = (n: number) => [`Student ${n}`, `student.${n}`, `#member-m${n}`];

for (const names of ["hidden_from_students", "shown"] as const) {
  describe(`a student's anonymized export, names ${names === "shown" ? "shown to" : "hidden from"} students`, () => {
    for (const mayExport of [false, true]) {
      it(`never pairs a typed name, email or @handle with a pseudonym, and shows none of them (${mayExport ? "whole discussion" : "own comments only"}), in every format`, async () => {
        const w = await world(names);
        if (mayExport) await updateSeminar(w.instructor.actor, w.seminar.id, { studentsMayExport: true }, ORIGIN);
        for (const format of FORMATS) {
          for (const order of ["paragraph", "time"] as const) {
            const input: ExportInput = { format, order, anonymize: true };
            const text = await exportText(w.mira.actor, w.seminar.id, input);
            const where = `${format}/${order}`;
            // Still the student's discussion.
            expect(text, where).toContain("Mira's own thread, naming [name] once more.");
            if (mayExport) expect(text, where).toContain("Lena answers in her own words.");
            else expect(text, where).not.toContain("Lena answers");

            // What the student typed is redacted in place: no pseudonym, no identity.
            for (const s of w.typed.slots) {
              const m = text.match(new RegExp(`${s.marker} (.*?) ${s.marker}`));
              expect(m, `${where}: ${s.marker} is in the file`).not.toBeNull();
              const shown = m![1];
              expect(shown, `${where}: "${s.typed}" became "${shown}"`).toMatch(/^\[(name|email)\]$/);
            }

            // No real name, email or @handle of any member, anywhere in the file.
            for (const who of [w.kofi, w.lena, w.instructor, w.mira]) {
              for (const id of identities(who)) {
                for (const form of new Set([id, id.toLowerCase(), id.slice(1)])) {
                  if (form.length >= 3) expect(text.toLowerCase(), `${where} holds "${form}"`).not.toContain(form.toLowerCase());
                }
              }
            }

            // Where the seminar shows names, its pseudonyms are never shown to students: the
            // export uses labels of its own and no seminar pseudonym of a student appears.
            if (names === "shown") {
              for (const who of [w.kofi, w.lena, w.mira]) {
                for (const form of pseudonymForms(w.pseudonym.get(who.user.id)!)) expect(text, `${where} holds "${form}"`).not.toContain(form);
              }
              expect(text, where).toContain("Participant 1");
            } else {
              // Where names are hidden, authors are the pseudonyms the room shows students.
              expect(text, where).toContain(`Student ${w.pseudonym.get(w.mira.user.id)}`);
              if (mayExport) expect(text, where).toContain(`Student ${w.pseudonym.get(w.kofi.user.id)}`);
            }
          }
        }
      });
    }
  });
}

describe("an instructor's anonymized export", () => {
  it("keeps rewriting typed names to pseudonyms: instructors already know the mapping", async () => {
    const w = await world("hidden_from_students");
    const text = await exportText(w.instructor.actor, w.seminar.id, { format: "markdown", anonymize: true });
    const kofiSlot = w.typed.slots.find((s) => s.tag === "k")!;
    expect(text).toContain(`${kofiSlot.marker} Student ${w.pseudonym.get(w.kofi.user.id)} ${kofiSlot.marker}`);
    for (const id of identities(w.kofi)) expect(text).not.toContain(id);
  });
});
