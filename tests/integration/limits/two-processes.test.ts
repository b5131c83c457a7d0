// The write limit is one count for every server process on a database: two app processes
// (tests/integration/fixtures/realtime-node.ts: the real route handlers, each with its own
// limiter and pool) take writes from one person alternately, and the write after the limit is
// refused whichever process it reaches; not twice the limit, as a count per process would allow.
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LIMITS } from "@/lib/limits";
import { buildClass, buildThread, sessionCookie, type BuiltUser } from "../../helpers/factories";
import { spawnTs, waitForLine } from "../../helpers/processes";

interface Node {
  child: ChildProcess;
  url: string;
}
const nodes: Node[] = [];

async function startNode(): Promise<Node> {
  const child = spawnTs("tests/integration/fixtures/realtime-node.ts", [], { REALTIME_ADAPTER: "memory", PORT: undefined });
  const node = { child, url: "" };
  nodes.push(node);
  const m = await waitForLine(child, /realtime node listening on (\d+)/, 60_000);
  node.url = `http://127.0.0.1:${m[1]}`;
  return node;
}

beforeAll(async () => {
  await Promise.all([startNode(), startNode()]);
}, 90_000);

afterAll(async () => {
  await Promise.all(
    nodes.map(
      (n) =>
        new Promise<void>((resolve) => {
          if (n.child.exitCode !== null) return resolve();
          const timer = setTimeout(() => n.child.kill("SIGKILL"), 5000);
          n.child.once("exit", () => {
            clearTimeout(timer);
            resolve();
          });
          n.child.kill("SIGTERM");
        }),
    ),
  );
});

async function reply(node: Node, who: BuiltUser, threadId: string, body: string) {
  const res = await fetch(`${node.url}/api/v1/threads/${threadId}/comments`, {
    method: "POST",
    headers: { cookie: await sessionCookie(who.user), "content-type": "application/json", origin: node.url },
    body: JSON.stringify({ body }),
  });
  const text = await res.text();
  return { status: res.status, text, retryAfter: res.headers.get("retry-after") };
}

describe("the write limit across two server processes", () => {
  it(`writes alternating between two processes are refused at write ${LIMITS.writes.points + 1}, by both`, async () => {
    const { instructor, seminar, students } = await buildClass(["Writer"]);
    const thread = await buildThread(instructor.actor, seminar.id);
    const [writer] = students;
    const outcomes: number[] = [];
    for (let i = 0; i < LIMITS.writes.points * 2 + 2; i++) {
      const r = await reply(nodes[i % 2], writer, thread.id, `reply ${i + 1}`);
      outcomes.push(r.status);
      if (r.status !== 201) {
        expect(r.status, r.text).toBe(429);
        expect(JSON.parse(r.text)).toEqual({ error: { code: "RATE_LIMITED", message: expect.stringMatching(/^You are writing faster than 30 changes a minute\. Wait \d+ seconds? and try again\.$/) } });
        expect(Number(r.retryAfter)).toBeGreaterThan(0);
      }
    }
    const accepted = outcomes.filter((s) => s === 201).length;
    expect(outcomes.indexOf(429), `statuses: ${outcomes.join(" ")}`).toBe(LIMITS.writes.points);
    expect(accepted, `statuses: ${outcomes.join(" ")}`).toBe(LIMITS.writes.points);

    // Someone else writing through either process meanwhile is not affected.
    const other = await buildClass(["Other"]);
    const otherThread = await buildThread(other.instructor.actor, other.seminar.id);
    for (const node of nodes) expect((await reply(node, other.students[0], otherThread.id, "my own reply")).status).toBe(201);
  }, 90_000); // the child processes compile each route on first use
});
