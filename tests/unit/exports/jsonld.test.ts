import { describe, expect, it } from "vitest";
import { annotation, jsonldCollection } from "@/lib/domain/exports/jsonld";
import { annotationProblems, collectionProblems } from "../../helpers/web-annotation";
import { comment, header, rows, text } from "./fixtures";

const passage = { exact: "text", prefix: "Paragraph ", suffix: ".", start: 10, end: 14 };

describe("Web Annotation JSON-LD", () => {
  it("a collection of several pages parses and passes the structural check", async () => {
    const list = [
      comment({ passage }),
      comment({ id: "c2", replyToId: "c1", editedAt: new Date("2026-01-01T11:00:00Z"), reactions: [{ kind: "insight", count: 2 }] }),
      comment({ id: "c3", threadId: "t2", deleted: true, body: null }),
      comment({ id: "c4", threadId: "t2", replyToId: "c3", hidden: true }),
      comment({ id: "c5", threadId: "t3" }),
    ];
    const doc = JSON.parse(await text(jsonldCollection(header({ counts: { threads: 3, comments: 5 } }), rows(list), 2)));
    const { problems, annotations } = collectionProblems(doc);
    expect(problems).toEqual([]);
    expect(annotations.map((a) => a.id)).toEqual(list.map((c) => `http://localhost:3000/seminars/s1#comment-${c.id}`));
    expect(annotations[1]).toMatchObject({ motivation: "replying", target: "http://localhost:3000/seminars/s1#comment-c1", modified: "2026-01-01T11:00:00Z", "colloquy:reactions": { insight: 2 } });
    expect(annotations[3]).toMatchObject({ "colloquy:hidden": true });
  });

  it("an empty discussion is still a valid collection", async () => {
    const doc = JSON.parse(await text(jsonldCollection(header({ counts: { threads: 0, comments: 0 } }), rows([]))));
    expect(collectionProblems(doc)).toEqual({ problems: [], annotations: [] });
  });

  it("the check fails annotations that break the model (so it can catch a regression)", () => {
    const good = annotation(header(), comment({ passage }));
    expect(annotationProblems(good)).toEqual([]);
    const broken: Array<[Record<string, unknown>, string]> = [
      [{ ...good, id: "not an iri" }, ".id"],
      [{ ...good, type: "Note" }, ".type"],
      [{ ...good, target: undefined }, ".target"],
      [{ ...good, motivation: "chatting" }, ".motivation"],
      [{ ...good, created: "2026-01-01 10:00" }, ".created"],
      [{ ...good, body: { type: "TextualBody", value: 3 } }, ".value"],
      [{ ...good, target: { source: "x", selector: { type: "TextPositionSelector", start: 5, end: 2 } } }, "start"],
      [{ ...good, target: { source: "http://x", selector: { type: "MagicSelector" } } }, "selector type"],
    ];
    for (const [a, hint] of broken) expect(annotationProblems(a).join("\n"), hint).toContain(hint);
    expect(collectionProblems({ type: "AnnotationCollection", id: "http://x", first: { type: "AnnotationPage", items: [] } }).problems.join()).toContain("@context");
  });
});
