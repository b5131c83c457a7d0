// How an export names people. Pure; unit-tested (tests/unit/exports/naming.test.ts).
//
// Not anonymized: the room's rule (visibleName); bodies as written, as the room shows them.
//
// Anonymized, the rule is: replace only what the requester may already see, so that the file can
// never serve as a table from real names to pseudonyms.
// - Instructors (who see every name and every pseudonym already): every member is their
//   pseudonym ("Instructor N", "Student N"), and members' @handles, emails and full names typed
//   in bodies are rewritten to those pseudonyms, as before.
// - Students: a body is never rewritten into anyone's pseudonym. Members' emails typed in a body
//   become "[email]", their full names and real-name @handles "[name]" (the requester's own
//   included); pseudonym handles (@student.2) stay as typed, since the room shows them as typed.
//   Authors:
//   - names hidden from students: other students (and the requester) are the room's "Student N",
//     the pseudonym the seminar already shows to students;
//   - names shown to students: the seminar's pseudonyms are never shown to them, so the export
//     must not reveal them either: students are labelled "Participant 1", "Participant 2"... in
//     the order they first appear in this file (key "p1"...), labels that mean nothing outside it;
//   - instructors are "Instructor N" in both cases: students see instructors' names in the room
//     whatever the setting, so that label pairs nothing that is hidden.
// A former member (not in `members`) is "Former member"; their name typed in a body cannot be
// recognised and stays as written (docs/api.md, "Anonymized exports").
import { memberKey, visibleName } from "@/lib/domain/seminars/policy";
import type { NameVisibilityWire, Role } from "@/lib/domain/seminars/schema";
import { handleFor } from "@/lib/domain/threads/handles";
import type { ExportPerson } from "./model";

export interface ExportMember {
  userId: string;
  name: string;
  email: string;
  role: Role;
  pseudonym: number;
}

export interface Namer {
  person(userId: string | null): ExportPerson;
  /** The body as this export may show it (members' names, emails and handles replaced when anonymized). */
  body(markdown: string): string;
  /** Instructors' display names, for the heading. */
  instructors(): string[];
}

const FORMER: ExportPerson = { key: "former", name: "Former member", email: null, role: null };

/** What a student's anonymized export puts where a member's name or handle was typed. */
export const REDACTED_NAME = "[name]";
/** What a student's anonymized export puts where a member's email was typed. */
export const REDACTED_EMAIL = "[email]";

// A placeholder is Markdown text: "[name]" at the start of a line before a colon would become a
// link reference definition ("Ben Okafor: https://…" → "[name]: https://…") and vanish when
// rendered, turning every other "[name]" into a link. There, and only there, its brackets are
// escaped. Placeholders are marked with a private-use character while the body is rewritten, so
// that only the export's own placeholders are touched, never brackets the author typed.
const MARK = "\uE000";
const mark = (placeholder: string) => `${MARK}${placeholder}${MARK}`;
const MARKED = new RegExp(`${MARK}\\[(\\w+)\\]${MARK}(:?)`, "g");
const inert = (body: string) =>
  body.replace(MARKED, (_m, word: string, colon: string, at: number) => {
    // A line start, then up to three spaces of indentation (as CommonMark allows before a definition).
    const before = body.slice(Math.max(0, at - 4), at);
    const opensLine = at >= 4 ? /\n {0,3}$/.test(before) : /(?:^|\n) {0,3}$/.test(before);
    return colon && opensLine ? `\\[${word}\\]:` : `[${word}]${colon}`;
  });

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function makeNamer(
  members: ExportMember[],
  viewer: { userId: string; role: Role },
  names: NameVisibilityWire,
  opts: { anonymize: boolean },
): Namer {
  const byId = new Map(members.map((m) => [m.userId, m]));
  // Instructors are numbered by their pseudonym (join order), so "Instructor 1" is the creator.
  const instructorNo = new Map(
    members
      .filter((m) => m.role === "instructor")
      .sort((a, b) => a.pseudonym - b.pseudonym)
      .map((m, i) => [m.userId, i + 1]),
  );
  const pseudonymOf = (m: ExportMember) => (m.role === "instructor" ? `Instructor ${instructorNo.get(m.userId)}` : `Student ${m.pseudonym}`);
  // A student's anonymized export, where the seminar shows students real names and so never
  // their pseudonyms: students get labels local to this file instead (see the header).
  const forStudent = opts.anonymize && viewer.role !== "instructor";
  const localLabels = forStudent && names === "shown";
  const participantNo = new Map<string, number>();
  const labelOf = (m: ExportMember): { key: string; name: string } => {
    if (!opts.anonymize) return { key: memberKey(m.pseudonym), name: visibleName(m, viewer, names) };
    if (!localLabels || m.role === "instructor") return { key: memberKey(m.pseudonym), name: pseudonymOf(m) };
    let n = participantNo.get(m.userId);
    if (n === undefined) participantNo.set(m.userId, (n = participantNo.size + 1));
    return { key: `p${n}`, name: `Participant ${n}` };
  };
  const showEmail = viewer.role === "instructor" && !opts.anonymize;

  // What a member's real handle, email and full name become in a body: their pseudonym for an
  // instructor, who knows it; a placeholder that names nobody for a student.
  // Placeholders are marked while the body is rewritten and written out at the end (inert()).
  const handleTo = (m: ExportMember) => (forStudent ? mark(REDACTED_NAME) : `@${handleFor(pseudonymOf(m))}`);
  const emailTo = (m: ExportMember) => (forStudent ? mark(REDACTED_EMAIL) : pseudonymOf(m));
  const nameTo = (m: ExportMember) => (forStudent ? mark(REDACTED_NAME) : pseudonymOf(m));

  // Longest handles first, so "@ada.lovelace.king" is not cut at "@ada.lovelace".
  const rewrites = opts.anonymize
    ? members
        .map((m) => ({ from: handleFor(m.name), to: handleTo(m) }))
        .filter((r) => r.from.length > 0)
        .sort((a, b) => b.from.length - a.from.length)
    : [];
  const handleRe = /@([A-Za-z0-9._-]+)/g;
  // Members' emails and full names written out in a body are replaced too; a first name alone
  // or a nickname cannot be recognised (docs/api.md says so).
  const literal = opts.anonymize
    ? members
        .flatMap((m) => [{ text: m.email, to: emailTo(m) }, ...(m.name.trim().length >= 3 ? [{ text: m.name.trim(), to: nameTo(m) }] : [])])
        .sort((a, b) => b.text.length - a.text.length)
    : [];
  const literalRe = literal.length ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${literal.map((l) => escapeRe(l.text)).join("|")})(?![\\p{L}\\p{N}])`, "giu") : null;
  const literalTo = new Map(literal.map((l) => [l.text.toLowerCase(), l.to]));

  return {
    person(userId) {
      const m = userId ? byId.get(userId) : undefined;
      if (!m) return FORMER;
      return { ...labelOf(m), email: showEmail ? m.email : null, role: m.role };
    },
    body(markdown) {
      if (!opts.anonymize) return markdown;
      const named = literalRe ? markdown.replace(literalRe, (m) => literalTo.get(m.toLowerCase()) ?? m) : markdown;
      return inert(named.replace(handleRe, (whole, handle: string) => {
        const lower = handle.toLowerCase();
        for (const r of rewrites) {
          // A handle may run into trailing punctuation ("@ada.lovelace." at a sentence end).
          if (lower === r.from || (lower.startsWith(r.from) && /^[._-]+$/.test(lower.slice(r.from.length)))) {
            return `${r.to}${handle.slice(r.from.length)}`;
          }
        }
        return whole;
      }));
    },
    instructors() {
      return members
        .filter((m) => m.role === "instructor")
        .sort((a, b) => a.pseudonym - b.pseudonym)
        .map((m) => labelOf(m).name);
    },
  };
}
