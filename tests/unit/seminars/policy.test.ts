import { describe, expect, it } from "vitest";
import { canManage, canWrite, isClosed, memberKey, visibleName } from "@/lib/domain/seminars/policy";
import { JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, joinInput } from "@/lib/domain/seminars/schema";

const now = new Date("2026-11-27T12:00:00Z");
const open = { closedAt: null, closesAt: null };

describe("seminar state", () => {
  it("is open until closed by hand or until its closing time passes", () => {
    expect(isClosed(open, now)).toBe(false);
    expect(isClosed({ closedAt: new Date("2026-11-01"), closesAt: null }, now)).toBe(true);
    expect(isClosed({ closedAt: null, closesAt: new Date("2026-11-27T11:59:59Z") }, now)).toBe(true);
    expect(isClosed({ closedAt: null, closesAt: new Date("2026-11-27T12:00:01Z") }, now)).toBe(false);
  });

  it("lets students write only while open; instructors always", () => {
    const closed = { closedAt: now, closesAt: null };
    expect(canWrite("student", open, now)).toBe(true);
    expect(canWrite("student", closed, now)).toBe(false);
    expect(canWrite("instructor", closed, now)).toBe(true);
    expect(canManage("instructor")).toBe(true);
    expect(canManage("student")).toBe(false);
  });
});

describe("names", () => {
  const ann = { userId: "u-ann", name: "Ann Student", role: "student" as const, pseudonym: 7 };
  const ivy = { userId: "u-ivy", name: "Ivy Instructor", role: "instructor" as const, pseudonym: 1 };
  const bob = { userId: "u-bob", role: "student" as const };

  it("are shown to everyone by default", () => {
    expect(visibleName(ann, bob, "shown")).toBe("Ann Student");
  });

  it("when hidden, a student sees other students as 'Student N' but instructors and themself by name", () => {
    expect(visibleName(ann, bob, "hidden_from_students")).toBe("Student 7");
    expect(visibleName(ivy, bob, "hidden_from_students")).toBe("Ivy Instructor");
    expect(visibleName(ann, { userId: "u-ann", role: "student" }, "hidden_from_students")).toBe("Ann Student");
  });

  it("when hidden, instructors still see real names", () => {
    expect(visibleName(ann, { userId: "u-ivy", role: "instructor" }, "hidden_from_students")).toBe("Ann Student");
  });

  it("member keys are opaque and stable per pseudonym", () => {
    expect(memberKey(7)).toBe("m7");
  });
});

describe("join codes", () => {
  it("use an alphabet without look-alike characters", () => {
    for (const c of "01OIL") expect(JOIN_CODE_ALPHABET).not.toContain(c);
    expect(JOIN_CODE_LENGTH).toBeGreaterThanOrEqual(8);
  });

  it("are accepted in any case and with surrounding spaces, and garbage is refused", () => {
    expect(joinInput.parse({ code: " abcd2345ef " }).code).toBe("ABCD2345EF");
    expect(joinInput.safeParse({ code: "short" }).success).toBe(false);
    expect(joinInput.safeParse({ code: "ABCD-2345-EF" }).success).toBe(false);
    expect(joinInput.safeParse({ code: "ABCD2345EF", extra: 1 }).success).toBe(false);
  });
});
