import { Parser } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { isSafeHref, MAX_COMMENT_CHARS, mentionsIn, renderMarkdown } from "@/lib/markdown/render";
import { isDangerousUrl, XSS_VECTORS, xssProblems } from "@/tests/fixtures/xss-vectors";

const REL = 'rel="nofollow ugc noopener" target="_blank"';

/** Every element and attribute a comment may produce. */
const ALLOWED: Record<string, readonly string[]> = {
  p: [],
  br: [],
  hr: [],
  em: [],
  strong: [],
  s: [],
  code: ["class"],
  pre: [],
  blockquote: [],
  ul: [],
  ol: ["start"],
  li: [],
  a: ["href", "rel", "target"],
  h4: [],
  h5: [],
  h6: [],
  table: [],
  thead: [],
  tbody: [],
  tr: [],
  th: [],
  td: [],
  span: ["class"],
};

/** Problems found by a real HTML parser (entities decoded as a browser would). */
function parsedProblems(html: string): string[] {
  const problems: string[] = [];
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const allowed = ALLOWED[name];
        if (!allowed) {
          problems.push(`element <${name}>`);
          return;
        }
        for (const [attr, value] of Object.entries(attribs)) {
          if (!allowed.includes(attr)) problems.push(`attribute ${attr} on <${name}>`);
          if (attr === "href" && isDangerousUrl(value, true)) problems.push(`href ${JSON.stringify(value)}`);
          if (attr === "class" && name === "code" && !/^language-[A-Za-z0-9_+#.-]+$/.test(value)) {
            problems.push(`class ${JSON.stringify(value)} on <code>`);
          }
          if (attr === "class" && name === "span" && value !== "mention") problems.push(`class ${value} on <span>`);
          if (attr === "start" && !/^\d+$/.test(value)) problems.push(`start ${value}`);
        }
        if (name === "a") {
          if (attribs.rel !== "nofollow ugc noopener") problems.push(`<a rel=${attribs.rel}>`);
          if (attribs.target !== "_blank") problems.push(`<a target=${attribs.target}>`);
        }
      },
      oncomment() {
        problems.push("comment");
      },
      oncdatastart() {
        problems.push("cdata");
      },
      onprocessinginstruction(name) {
        problems.push(`processing instruction ${name}`);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  // Text is always escaped, so once the well-formed tags are gone no angle bracket may remain.
  const leftover = html.replace(/<\/?[a-z][a-z0-9]*(?:\s+[a-z-]+="[^"<>]*")*\s*\/?>/g, "");
  if (/[<>]/.test(leftover)) problems.push(`stray angle bracket in ${JSON.stringify(leftover)}`);
  return problems;
}

function expectInert(html: string) {
  expect(xssProblems(html), html).toEqual([]);
  expect(parsedProblems(html), html).toEqual([]);
}

describe("renderMarkdown: basic Markdown", () => {
  it("renders emphasis, strong, strikethrough and inline code", () => {
    expect(renderMarkdown("*em* **strong** ~~gone~~ `a < b`")).toBe(
      "<p><em>em</em> <strong>strong</strong> <s>gone</s> <code>a &lt; b</code></p>\n",
    );
  });

  it("renders lists, keeping the start number of an ordered list", () => {
    expect(renderMarkdown("- a\n- b")).toBe("<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n");
    expect(renderMarkdown("1. a\n2. b")).toBe("<ol>\n<li>a</li>\n<li>b</li>\n</ol>\n");
    expect(renderMarkdown("3. c\n4. d")).toBe('<ol start="3">\n<li>c</li>\n<li>d</li>\n</ol>\n');
  });

  it("renders blockquotes and turns single newlines into <br>", () => {
    expect(renderMarkdown("> quoted\n> still")).toBe("<blockquote>\n<p>quoted<br>\nstill</p>\n</blockquote>\n");
    expect(renderMarkdown("one\ntwo")).toBe("<p>one<br>\ntwo</p>\n");
  });

  it("renders fenced code with a language class and escapes its content", () => {
    expect(renderMarkdown("```ts\nconst a = 1 < 2 && '<b>';\n```")).toBe(
      '<pre><code class="language-ts">const a = 1 &lt; 2 &amp;&amp; \'&lt;b&gt;\';\n</code></pre>\n',
    );
    expect(renderMarkdown("    indented <code>")).toBe("<pre><code>indented &lt;code&gt;\n</code></pre>\n");
  });

  it("drops a fence language that is not a plain word", () => {
    expect(renderMarkdown('```x" onclick="alert(1)\nhi\n```')).toBe("<pre><code>hi\n</code></pre>\n");
    expect(renderMarkdown("```c++ extra words\nhi\n```")).toBe('<pre><code class="language-c++">hi\n</code></pre>\n');
  });

  it("renders links with rel and target, and drops titles", () => {
    expect(renderMarkdown("[Mill](https://example.org/on-liberty)")).toBe(
      `<p><a href="https://example.org/on-liberty" ${REL}>Mill</a></p>\n`,
    );
    expect(renderMarkdown('[t](https://example.org "a title")')).toBe(`<p><a href="https://example.org" ${REL}>t</a></p>\n`);
    expect(renderMarkdown("<https://example.org/a>")).toBe(
      `<p><a href="https://example.org/a" ${REL}>https://example.org/a</a></p>\n`,
    );
    expect(renderMarkdown("see https://example.org/x.")).toBe(
      `<p>see <a href="https://example.org/x" ${REL}>https://example.org/x</a>.</p>\n`,
    );
    expect(renderMarkdown("[mail](mailto:ada@example.org)")).toBe(`<p><a href="mailto:ada@example.org" ${REL}>mail</a></p>\n`);
  });

  it("allows same-site relative links but not protocol-relative ones", () => {
    expect(renderMarkdown("[s](/seminars/x)")).toBe(`<p><a href="/seminars/x" ${REL}>s</a></p>\n`);
    expect(renderMarkdown("[p](#p3)")).toBe(`<p><a href="#p3" ${REL}>p</a></p>\n`);
    expect(renderMarkdown("[e](//evil.example/x)")).toBe("<p>[e](//evil.example/x)</p>\n");
  });

  it("renders reference-style links", () => {
    expect(renderMarkdown("[Mill][m]\n\n[m]: https://example.org/mill")).toBe(
      `<p><a href="https://example.org/mill" ${REL}>Mill</a></p>\n`,
    );
  });

  it("renders tables without alignment styles", () => {
    const html = renderMarkdown("| a | b |\n|:--|--:|\n| 1 | 2 |");
    expect(html).toContain("<table>");
    expect(html).toContain("<th>a</th>");
    expect(html).toContain("<td>2</td>");
    expect(html).not.toContain("style");
  });

  it("emits only whitelisted elements and attributes for a rich document", () => {
    const doc = [
      "# Title",
      "Some *text* with **bold**, ~~strike~~, `code`, a [link](https://example.org \"t\") and @ada.",
      "> quote",
      "1. one\n2. two",
      "7. seven",
      "- a\n  - nested",
      "```python\nprint('x')\n```",
      "| a | b |\n|:-:|---|\n| 1 | 2 |",
      "---",
      "ada@example.org <https://example.org>",
    ].join("\n\n");
    expectInert(renderMarkdown(doc));
  });

  it("exposes the comment length limit", () => {
    expect(MAX_COMMENT_CHARS).toBe(10_000);
  });
});

describe("renderMarkdown: comment-specific rules", () => {
  it("escapes raw HTML as text", () => {
    expect(renderMarkdown("<b>bold?</b>")).toBe("<p>&lt;b&gt;bold?&lt;/b&gt;</p>\n");
    expect(renderMarkdown("<div>\nblock\n</div>")).toBe("<p>&lt;div&gt;<br>\nblock<br>\n&lt;/div&gt;</p>\n");
  });

  it("keeps images as literal text", () => {
    expect(renderMarkdown("![alt](pic.png)")).toBe("<p>![alt](pic.png)</p>\n");
    expect(renderMarkdown("![alt](javascript:alert(1))")).toBe("<p>![alt](javascript:alert(1))</p>\n");
    const remote = renderMarkdown("![alt](https://example.org/a.png)");
    expect(remote).not.toMatch(/<img/i);
    expect(remote).toMatch(/^<p>!\[alt\]\(/);
    expect(renderMarkdown("![alt][r]\n\n[r]: /a.png")).not.toMatch(/<img/i);
  });

  it("demotes headings so a comment never outranks the page", () => {
    expect(renderMarkdown("# One")).toBe("<h4>One</h4>\n");
    expect(renderMarkdown("## Two")).toBe("<h4>Two</h4>\n");
    expect(renderMarkdown("### Three")).toBe("<h4>Three</h4>\n");
    expect(renderMarkdown("Setext\n===")).toBe("<h4>Setext</h4>\n");
    expect(renderMarkdown("##### Five")).toBe("<h5>Five</h5>\n");
    expect(renderMarkdown("###### Six")).toBe("<h6>Six</h6>\n");
    expect(renderMarkdown("# A\n## B")).not.toMatch(/<h[1-3]/);
  });
});

describe("isSafeHref", () => {
  it.each(["https://example.org", "HTTP://EXAMPLE.ORG/x", "mailto:a@b.c", "/seminars/x", "#p", "?q=1", "notes/x", ""])(
    "allows %j",
    (url) => expect(isSafeHref(url)).toBe(true),
  );
  it.each([
    "javascript:alert(1)",
    " JavaScript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\u0001javascript:alert(1)",
    "vbscript:x",
    "data:text/html,x",
    "data:image/png;base64,AAA",
    "file:///etc/passwd",
    "ftp://example.org",
    "%6Aavascript:alert(1)",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    " //evil.example",
  ])("rejects %j", (url) => expect(isSafeHref(url)).toBe(false));
});

describe("renderMarkdown: XSS vectors", () => {
  it("has a long list of distinct vectors", () => {
    expect(XSS_VECTORS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(XSS_VECTORS).size).toBe(XSS_VECTORS.length);
  });

  it("has a checker that catches what it should", () => {
    expect(xssProblems("<p>ok <a href=\"https://x\" rel=\"nofollow\">x</a></p>")).toEqual([]);
    expect(xssProblems("<script>alert(1)</script>")).not.toEqual([]);
    expect(xssProblems("<p><IMG SRC=x></p>")).not.toEqual([]);
    expect(xssProblems('<a href="x" onclick="y">')).not.toEqual([]);
    expect(xssProblems('<a href="&#106;avascript:alert(1)">')).not.toEqual([]);
    expect(xssProblems('<a href=" java\tscript:alert(1)">')).not.toEqual([]);
    expect(xssProblems("<a href='//evil.example'>")).not.toEqual([]);
    expect(xssProblems("<a href=DATA:text/html,x>")).not.toEqual([]);
    expect(xssProblems("<p>&lt;script&gt;</p>")).toEqual([]);
    expect(parsedProblems("<p><b>x</b></p>")).not.toEqual([]);
    expect(parsedProblems('<p title="x">y</p>')).not.toEqual([]);
  });

  for (const [i, vector] of XSS_VECTORS.entries()) {
    it(`#${i} ${JSON.stringify(vector).slice(0, 70)}`, () => {
      expectInert(renderMarkdown(vector));
    });
  }

  it("renders no javascript/data link from the Markdown link vectors", () => {
    for (const vector of XSS_VECTORS.filter((v) => /javascript|data:|vbscript|\/\/evil/i.test(v))) {
      const html = renderMarkdown(vector);
      for (const m of html.matchAll(/href="([^"]*)"/g)) {
        expect(isSafeHref(m[1]), `${vector} -> ${html}`).toBe(true);
        expect(m[1]).toMatch(/^(https?:|mailto:|\/(?!\/)|#|\?|[^:/?#]*(?:[/?#]|$))/i);
      }
    }
  });
});

describe("mentions", () => {
  it("finds @handles, lower-cased, unique, in order", () => {
    expect(mentionsIn("Thanks @ada and @ben.k, and @Ada again.")).toEqual(["ada", "ben.k"]);
    expect(mentionsIn("@zed_1 @a-b (@c) @Ben.K.")).toEqual(["zed_1", "a-b", "c", "ben.k"]);
  });

  it("ignores emails, code, links and over-long handles", () => {
    expect(mentionsIn("mail ada@example.org")).toEqual([]);
    expect(mentionsIn("`@code` and\n\n```\n@fence\n```\n\n    @indented")).toEqual([]);
    expect(mentionsIn("[@ada](https://example.org)")).toEqual([]);
    expect(mentionsIn(`@${"a".repeat(41)}`)).toEqual([]);
    expect(mentionsIn(`@${"a".repeat(40)}`)).toEqual(["a".repeat(40)]);
    expect(mentionsIn("@ada@example.org")).toEqual([]);
    expect(mentionsIn("\\@ada")).toEqual([]);
    expect(mentionsIn("@ and @.. and @-")).toEqual([]);
  });

  it("finds mentions in headings, lists, quotes and tables", () => {
    expect(mentionsIn("# @h\n\n- @li\n\n> @q\n\n| @th |\n|---|\n| @td |")).toEqual(["h", "li", "q", "th", "td"]);
  });

  it("renders mentions as span.mention", () => {
    expect(renderMarkdown("Thanks @ada and @Ben.K.")).toBe(
      '<p>Thanks <span class="mention">@ada</span> and <span class="mention">@Ben.K</span>.</p>\n',
    );
    expect(renderMarkdown("**@ada**")).toBe('<p><strong><span class="mention">@ada</span></strong></p>\n');
    expect(renderMarkdown("`@code`")).toBe("<p><code>@code</code></p>\n");
    expect(renderMarkdown("ada@example.org")).not.toContain("mention");
  });
});
