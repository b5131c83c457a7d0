// How an export names people: the room's rule (visibleName) for ordinary exports, or stable
// pseudonyms for anonymized ones, where no member's name or email may appear anywhere, not even
// inside an @mention. Pure; unit-tested.
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
  /** The body as this export may show it (mentions of members rewritten when anonymized). */
  body(markdown: string): string;
  /** Instructors' display names, for the heading. */
  instructors(): string[];
}

const FORMER: ExportPerson = { key: "former", name: "Former member", email: null, role: null };

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
  const nameOf = (m: ExportMember) => (opts.anonymize ? pseudonymOf(m) : visibleName(m, viewer, names));
  const showEmail = viewer.role === "instructor" && !opts.anonymize;

  // Longest handles first, so "@ada.lovelace.king" is not cut at "@ada.lovelace".
  const rewrites = opts.anonymize
    ? members
        .map((m) => ({ from: handleFor(m.name), to: handleFor(pseudonymOf(m)) }))
        .filter((r) => r.from.length > 0)
        .sort((a, b) => b.from.length - a.from.length)
    : [];
  const handleRe = /@([A-Za-z0-9._-]+)/g;
  // Members' emails and full names written out in a body are replaced too; a first name alone
  // or a nickname cannot be recognised (docs/api.md says so).
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const literal = opts.anonymize
    ? members
        .flatMap((m) => [
          { text: m.email, to: pseudonymOf(m) },
          ...(m.name.trim().length >= 3 ? [{ text: m.name.trim(), to: pseudonymOf(m) }] : []),
        ])
        .sort((a, b) => b.text.length - a.text.length)
    : [];
  const literalRe = literal.length ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${literal.map((l) => escape(l.text)).join("|")})(?![\\p{L}\\p{N}])`, "giu") : null;
  const literalTo = new Map(literal.map((l) => [l.text.toLowerCase(), l.to]));

  return {
    person(userId) {
      const m = userId ? byId.get(userId) : undefined;
      if (!m) return FORMER;
      return { key: memberKey(m.pseudonym), name: nameOf(m), email: showEmail ? m.email : null, role: m.role };
    },
    body(markdown) {
      if (!opts.anonymize) return markdown;
      const named = literalRe ? markdown.replace(literalRe, (m) => literalTo.get(m.toLowerCase()) ?? m) : markdown;
      return named.replace(handleRe, (whole, handle: string) => {
        const lower = handle.toLowerCase();
        for (const r of rewrites) {
          // A handle may run into trailing punctuation ("@ada.lovelace." at a sentence end).
          if (lower === r.from || (lower.startsWith(r.from) && /^[._-]+$/.test(lower.slice(r.from.length)))) {
            return `@${r.to}${handle.slice(r.from.length)}`;
          }
        }
        return whole;
      });
    },
    instructors() {
      return members
        .filter((m) => m.role === "instructor")
        .sort((a, b) => a.pseudonym - b.pseudonym)
        .map(nameOf);
    },
  };
}
