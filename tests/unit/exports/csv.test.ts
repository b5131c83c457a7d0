import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { commentsCsv, field, neutralise } from "@/lib/domain/exports/csv";
import { comment, header, rows, text } from "./fixtures";

describe("CSV cells", () => {
  it("neutralises cells a spreadsheet would run as a formula", () => {
    for (const s of ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"]) expect(neutralise(s)).toBe(`'${s}`);
    for (const s of ["1", "a=b", " =1", "", "'quoted"]) expect(neutralise(s)).toBe(s);
  });

  it("quotes a cell with a comma, a quote or a line break, doubling quotes (RFC 4180)", () => {
    expect(field('a, "b"\nc')).toBe('"a, ""b""\nc"');
    expect(field("plain")).toBe("plain");
    expect(field(null)).toBe("");
    expect(field(3)).toBe("3");
    expect(field(false)).toBe("false");
    expect(field(" padded")).toBe('" padded"');
  });

  it("numbers and booleans are never neutralised (a negative number stays a number)", () => {
    expect(field(-1)).toBe("-1");
  });
});

describe("the comments CSV", () => {
  it("starts with a byte order mark and a header row, ends every record with CRLF, and parses back", async () => {
    const out = await text(
      commentsCsv(header(), rows([comment({ body: '=cmd|"/c calc"!A0, and\r\nmore' }), comment({ id: "c2", replyToId: "c1", deleted: true, body: null, reactions: [] })])),
    );
    expect(out.startsWith("\uFEFFcomment_id,thread_id,reply_to_id,")).toBe(true);
    expect(out.endsWith("\r\n")).toBe(true);
    const parsed = parse(out, { bom: true, columns: true }) as Record<string, string>[];
    expect(parsed).toHaveLength(2);
    expect(parsed[0].body).toBe(`'=cmd|"/c calc"!A0, and\r\nmore`);
    expect(parsed[1]).toMatchObject({ comment_id: "c2", reply_to_id: "c1", deleted: "true", body: "" });
  });

  it("writes reactions as kind:count pairs", async () => {
    const out = await text(commentsCsv(header(), rows([comment({ reactions: [{ kind: "agree", count: 3 }, { kind: "question", count: 1 }] })])));
    expect((parse(out, { bom: true, columns: true }) as Record<string, string>[])[0].reactions).toBe("agree:3;question:1");
  });
});
