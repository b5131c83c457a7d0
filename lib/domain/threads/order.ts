// The order of threads within a paragraph, shared by the server's lists and the room (browser-safe):
// prompts first, then pinned threads, then the rest; within each group, oldest first.
import type { ThreadMeta } from "./present";

type Ordered = Pick<ThreadMeta, "paragraphNumber" | "kind" | "pinned" | "createdAt" | "id">;

const rank = (t: Ordered) => (t.kind === "prompt" ? 0 : t.pinned ? 1 : 2);

/** Within one paragraph: prompts, then pinned, then by creation. Across paragraphs: by paragraph. */
export function compareThreads(a: Ordered, b: Ordered): number {
  return a.paragraphNumber - b.paragraphNumber || rank(a) - rank(b) || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}
