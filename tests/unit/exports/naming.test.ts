import { describe, expect, it } from "vitest";
import { makeNamer, REDACTED_EMAIL, REDACTED_NAME, type ExportMember } from "@/lib/domain/exports/naming";

const members: ExportMember[] = [
  { userId: "i0", name: "Ines Teacher", email: "ines@example.org", role: "instructor", pseudonym: 0 },
  { userId: "s1", name: "Sam Student", email: "sam@example.org", role: "student", pseudonym: 1 },
  { userId: "s2", name: "Zoë Ålund", email: "zoe@example.org", role: "student", pseudonym: 2 },
  { userId: "i3", name: "Olu Second", email: "olu@example.org", role: "instructor", pseudonym: 3 },
];

describe("naming in exports", () => {
  it("instructors see names and emails", () => {
    const n = makeNamer(members, { userId: "i0", role: "instructor" }, "hidden_from_students", { anonymize: false });
    expect(n.person("s1")).toEqual({ key: "m1", name: "Sam Student", email: "sam@example.org", role: "student" });
    expect(n.instructors()).toEqual(["Ines Teacher", "Olu Second"]);
  });

  it("students see other students as the room shows them, themselves by name, and no emails", () => {
    const n = makeNamer(members, { userId: "s1", role: "student" }, "hidden_from_students", { anonymize: false });
    expect(n.person("s1")).toMatchObject({ name: "Sam Student", email: null });
    expect(n.person("s2")).toMatchObject({ name: "Student 2", email: null });
    expect(n.person("i0")).toMatchObject({ name: "Ines Teacher", email: null });
  });

  it("someone who left is a former member", () => {
    const n = makeNamer(members, { userId: "i0", role: "instructor" }, "shown", { anonymize: false });
    expect(n.person("gone")).toEqual({ key: "former", name: "Former member", email: null, role: null });
  });

  it("anonymized: pseudonyms for everyone, instructors numbered in join order, no emails", () => {
    const n = makeNamer(members, { userId: "i0", role: "instructor" }, "shown", { anonymize: true });
    expect(n.person("i0")).toMatchObject({ name: "Instructor 1", email: null });
    expect(n.person("i3")).toMatchObject({ name: "Instructor 2", email: null });
    expect(n.person("s2")).toMatchObject({ name: "Student 2", email: null });
    expect(n.instructors()).toEqual(["Instructor 1", "Instructor 2"]);
  });

  it("anonymized: rewrites members' @handles, emails and full names in bodies, and leaves other text alone", () => {
    const n = makeNamer(members, { userId: "i0", role: "instructor" }, "shown", { anonymize: true });
    expect(n.body("Thanks @sam.student and @zoe.alund, and @ines.teacher.")).toBe("Thanks @student.1 and @student.2, and @instructor.1.");
    expect(n.body("Mail sam@example.org or ask SAM STUDENT.")).toBe("Mail Student 1 or ask Student 1.");
    expect(n.body("@sam.studentship is not Sam; Samuel neither.")).toBe("@sam.studentship is not Sam; Samuel neither.");
    expect(n.body("`code` and @nobody")).toBe("`code` and @nobody");
  });

  it("not anonymized: bodies are untouched", () => {
    const n = makeNamer(members, { userId: "i0", role: "instructor" }, "shown", { anonymize: false });
    expect(n.body("@sam.student sam@example.org")).toBe("@sam.student sam@example.org");
  });

  describe("a student's anonymized export", () => {
    const typed = "Ask Zoë Ålund (zoe@example.org) or @zoe.alund; also Ines Teacher, @ines.teacher, and me, Sam Student, @sam.student.";

    it("with names hidden: others are the room's Student N, and a typed name, email or handle becomes a placeholder, never a pseudonym", () => {
      const n = makeNamer(members, { userId: "s1", role: "student" }, "hidden_from_students", { anonymize: true });
      expect(n.person("s2")).toEqual({ key: "m2", name: "Student 2", email: null, role: "student" });
      expect(n.person("s1")).toMatchObject({ name: "Student 1", email: null });
      expect(n.person("i3")).toMatchObject({ name: "Instructor 2", email: null });
      expect(n.instructors()).toEqual(["Instructor 1", "Instructor 2"]);
      expect(n.body(typed)).toBe(
        `Ask ${REDACTED_NAME} (${REDACTED_EMAIL}) or ${REDACTED_NAME}; also ${REDACTED_NAME}, ${REDACTED_NAME}, and me, ${REDACTED_NAME}, ${REDACTED_NAME}.`,
      );
      // A name opening a line before a colon would make "[name]:" a link reference definition.
      expect(n.body("Zoë Ålund: https://example.org/x\n  @ines.teacher: see [this] and Sam Student")).toBe(
        "\\[name\\]: https://example.org/x\n  \\[name\\]: see [this] and [name]",
      );
      expect(n.body("[name]: typed by the author")).toBe("[name]: typed by the author");
      expect(n.body("a\nSam Student: hi; so said Sam Student: twice")).toBe("a\n\\[name\\]: hi; so said [name]: twice");
      // Pseudonym handles are shown to students as typed, in the room and here.
      expect(n.body("as @student.2 said")).toBe("as @student.2 said");
    });

    it("with names shown: students get labels local to the file, in order of appearance, not the seminar's pseudonyms", () => {
      const n = makeNamer(members, { userId: "s1", role: "student" }, "shown", { anonymize: true });
      expect(n.person("s2")).toEqual({ key: "p1", name: "Participant 1", email: null, role: "student" });
      expect(n.person("s1")).toEqual({ key: "p2", name: "Participant 2", email: null, role: "student" });
      expect(n.person("s2")).toMatchObject({ key: "p1", name: "Participant 1" });
      expect(n.person("i0")).toMatchObject({ name: "Instructor 1" });
      const body = n.body(typed);
      for (const leak of ["Zoë", "zoe", "Ines", "Sam", "Student 2", "student.2", "Student 1", "student.1"]) expect(body).not.toContain(leak);
    });
  });
});
