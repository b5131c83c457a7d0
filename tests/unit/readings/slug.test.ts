import { describe, expect, it } from "vitest";
import { readingSlug, slugFor } from "@/lib/domain/readings/schema";

describe("reading slugs", () => {
  it("are made from surname, year and title, without curly apostrophes or accents", () => {
    expect(slugFor("Stalin’s Stake in Mao’s Army", "Isaac Deutscher", 1952)).toBe("deutscher-1952-stalins-stake-in-maos-army");
    expect(slugFor("Économie politique", "Jean-Baptiste Say", null)).toBe("say-economie-politique");
  });

  it("fall back to 'reading' for a title with no Latin letters, and always validate", () => {
    const s = slugFor("论持久战", null, 1938);
    expect(s).toBe("1938");
    expect(slugFor("论持久战")).toBe("reading");
    expect(readingSlug.safeParse(s).success).toBe(true);
  });
});
