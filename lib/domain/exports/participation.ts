// The participation summary's rows: the shared participation() query (also behind the
// instructors' dashboard), named for the export. Pure; the service checks the actor is an
// instructor before calling participation().
import type { ParticipationRow } from "@/lib/domain/stats/participation";
import { participationCounts, type ParticipationCounts } from "@/lib/domain/stats/schema";
import type { Role } from "@/lib/domain/seminars/schema";
import type { Namer } from "./naming";

export interface ParticipationLine extends ParticipationCounts {
  name: string;
  email: string | null;
  role: Role;
  firstActive: Date | null;
  lastActive: Date | null;
}

export function participationLines(rows: ParticipationRow[], namer: Namer, anonymized: boolean): ParticipationLine[] {
  // participation() sorts by name; an anonymized file must not keep an order that spells names.
  const ordered = anonymized ? [...rows].sort((a, b) => (a.role === b.role ? a.pseudonym - b.pseudonym : a.role === "instructor" ? -1 : 1)) : rows;
  return ordered.map((r) => {
    const p = namer.person(r.userId);
    return {
      name: p.name,
      email: p.email,
      role: r.role,
      ...participationCounts(r),
      firstActive: r.firstActive,
      lastActive: r.lastActive,
    };
  });
}
