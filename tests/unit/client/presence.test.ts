import { describe, expect, it } from "vitest";
import { applyPresence, presenceFromAck } from "@/lib/client/presence";
import type { PresentMember } from "@/lib/realtime/events";

const ada: PresentMember = { key: "m0", name: "Ada", role: "instructor" };
const ben: PresentMember = { key: "m1", name: "Ben", role: "student" };
const cai: PresentMember = { key: "m2", name: "Cai", role: "student" };
const keys = (list: PresentMember[]) => list.map((m) => m.key);

describe("the room's presence list", () => {
  it("starts from the join ack's full list, instructors first", () => {
    expect(keys(presenceFromAck([cai, ben, ada]))).toEqual(["m0", "m1", "m2"]);
  });

  it("adds who joined and drops who left", () => {
    let list = presenceFromAck([ada]);
    list = applyPresence(list, { joined: [cai, ben], left: [] });
    expect(keys(list)).toEqual(["m0", "m1", "m2"]);
    list = applyPresence(list, { joined: [], left: ["m1"] });
    expect(keys(list)).toEqual(["m0", "m2"]);
  });

  it("is idempotent: a delta overlapping the ack (joined again, left twice) changes nothing wrong", () => {
    const list = presenceFromAck([ada, ben]);
    expect(applyPresence(list, { joined: [ben], left: [] })).toEqual(list);
    const without = applyPresence(list, { joined: [], left: ["m1"] });
    expect(applyPresence(without, { joined: [], left: ["m1", "m9"] })).toEqual(without);
  });

  it("a re-sent member replaces their entry (a role or visible name changed)", () => {
    const list = presenceFromAck([ada, ben]);
    const promoted = applyPresence(list, { joined: [{ ...ben, role: "instructor" }], left: [] });
    expect(promoted).toEqual([ada, { ...ben, role: "instructor" }]);
    const hidden = applyPresence(list, { joined: [{ ...ben, name: "Student 1" }], left: [] });
    expect(hidden.find((m) => m.key === "m1")?.name).toBe("Student 1");
  });

  it("an empty delta returns the same list (no re-render)", () => {
    const list = presenceFromAck([ada]);
    expect(applyPresence(list, { joined: [], left: [] })).toBe(list);
  });

  it("sorts pseudonyms numerically", () => {
    const s = (n: number): PresentMember => ({ key: `m${n}`, name: `Student ${n}`, role: "student" });
    expect(applyPresence([], { joined: [s(10), s(2), s(1)], left: [] }).map((m) => m.name)).toEqual(["Student 1", "Student 2", "Student 10"]);
  });
});
