import { describe, expect, it } from "vitest";
import { compareThreads } from "@/lib/domain/threads/order";

const t = (id: string, paragraphNumber: number, createdAt: string, kind: "discussion" | "prompt" = "discussion", pinned = kind === "prompt") => ({ id, paragraphNumber, createdAt, kind, pinned });

describe("the order of threads", () => {
  it("by paragraph; within one, prompts, then pinned threads, then the rest, each oldest first", () => {
    const threads = [
      t("late-plain", 1, "2026-01-01T10:05:00Z"),
      t("p2-old", 2, "2026-01-01T09:00:00Z"),
      t("pinned", 1, "2026-01-01T10:04:00Z", "discussion", true),
      t("early-plain", 1, "2026-01-01T10:00:00Z"),
      t("prompt-late", 1, "2026-01-01T10:06:00Z", "prompt"),
      t("prompt-early", 1, "2026-01-01T10:01:00Z", "prompt"),
      t("p2-prompt", 2, "2026-01-01T11:00:00Z", "prompt"),
    ];
    expect([...threads].sort(compareThreads).map((x) => x.id)).toEqual(["prompt-early", "prompt-late", "pinned", "early-plain", "late-plain", "p2-prompt", "p2-old"]);
  });

  it("breaks ties on the id, so every list agrees", () => {
    const a = t("a", 1, "2026-01-01T10:00:00Z");
    const b = t("b", 1, "2026-01-01T10:00:00Z");
    expect([b, a].sort(compareThreads).map((x) => x.id)).toEqual(["a", "b"]);
  });
});
