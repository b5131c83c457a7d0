import { describe, expect, it } from "vitest";
import { heatLevel } from "@/lib/domain/stats/shading";

describe("heatLevel", () => {
  it("is 0 only for a paragraph with no comments", () => {
    expect(heatLevel(0, 10)).toBe(0);
    expect(heatLevel(0, 0)).toBe(0);
    expect(heatLevel(1, 100)).toBe(1); // a single comment is never shaded like silence
  });
  it("rises with the share of the busiest paragraph's comments, up to 5", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => heatLevel(n, 10))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(heatLevel(12, 10)).toBe(5);
  });
});
