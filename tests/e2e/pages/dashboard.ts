import { randomBytes } from "node:crypto";
import pg from "pg";
import { expect, type Locator, type Page } from "@playwright/test";

/** The instructors' dashboard of a seminar. */
export class DashboardPage {
  readonly heatmap: Locator;
  readonly prompts: Locator;
  readonly participation: Locator;
  readonly connection: Locator;

  constructor(readonly page: Page) {
    this.heatmap = page.getByTestId("heatmap");
    this.prompts = page.getByTestId("prompts");
    this.participation = page.getByTestId("participation");
    this.connection = page.getByTestId("dashboard-connection");
  }

  /** Opens the dashboard and waits until its socket has joined the seminar's room. */
  async goto(seminarId: string) {
    await this.page.goto(`/seminars/${seminarId}/dashboard`);
    await expect(this.connection).toHaveText("Live");
  }

  /** Paragraph n's cell in the heatmap (a link into the room). */
  heatCell(n: number): Locator {
    return this.page.getByTestId(`heat-${n}`);
  }

  /** "k of m students replied" for the prompt whose text contains `text`. */
  promptReplied(text: string): Locator {
    return this.prompts.locator("li").filter({ hasText: text }).getByTestId("prompt-replied");
  }

  columnHeader(name: string): Locator {
    return this.participation.getByRole("columnheader", { name: new RegExp(`^${name}`) });
  }

  async sortBy(name: string) {
    await this.columnHeader(name).getByRole("button").click();
  }

  /** The members' names, in the table's current order. */
  async memberOrder(): Promise<string[]> {
    return (await this.participation.locator("tbody tr th a").allTextContents()).map((s) => s.trim());
  }
}

/**
 * Posts a prompt (a PROMPT thread with its opening comment, and its thread:created event with
 * the next seq) straight into the test run's database. The prompts API is another branch's;
 * once it is merged, post through it instead.
 */
export async function postPromptAsRows(seminarId: string, instructorEmail: string, paragraph: number, body: string): Promise<string> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query("BEGIN");
    const user = await client.query<{ id: string }>("SELECT id FROM users WHERE email = $1", [instructorEmail]);
    const para = await client.query<{ id: string }>(
      "SELECT p.id FROM paragraphs p JOIN seminars s ON s.reading_id = p.reading_id WHERE s.id = $1 AND p.position = $2",
      [seminarId, paragraph],
    );
    const threadId = `e2eprompt${randomBytes(8).toString("hex")}`;
    const commentId = `e2ecomment${randomBytes(8).toString("hex")}`;
    await client.query("INSERT INTO threads (id, seminar_id, paragraph_id, created_by_id, kind, pinned_at) VALUES ($1, $2, $3, $4, 'PROMPT', now())", [
      threadId,
      seminarId,
      para.rows[0].id,
      user.rows[0].id,
    ]);
    await client.query("INSERT INTO comments (id, thread_id, author_id, body) VALUES ($1, $2, $3, $4)", [commentId, threadId, user.rows[0].id, body]);
    const seq = await client.query<{ last_seq: number }>("UPDATE seminars SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq", [seminarId]);
    await client.query("INSERT INTO seminar_events (seminar_id, seq, type, payload, actor_id) VALUES ($1, $2, 'thread:created', $3, $4)", [
      seminarId,
      seq.rows[0].last_seq,
      JSON.stringify({ threadId }),
      user.rows[0].id,
    ]);
    await client.query("COMMIT");
    return threadId;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    await client.end();
  }
}
