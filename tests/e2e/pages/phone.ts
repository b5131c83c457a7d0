import { expect, type BrowserContextOptions, type Page } from "@playwright/test";
import { SAME_ORIGIN } from "./same-origin";

/** An iPhone-sized touch screen (390×844, as in issue 12). */
export const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 };

/** The id of paragraph n of a seminar's reading. */
export async function paragraphIdOf(page: Page, seminarId: string, n: number): Promise<string> {
  const seminar = await (await page.request.get(`/api/v1/seminars/${seminarId}`)).json();
  const reading = await (await page.request.get(`/api/v1/readings/${seminar.reading.id}`)).json();
  return (reading.paragraphs as Array<{ id: string; number: number }>).find((p) => p.number === n)!.id;
}

/** Starts a thread over the API and returns its id. */
export async function startThread(page: Page, seminarId: string, paragraph: number, body: string): Promise<string> {
  const r = await page.request.post(`/api/v1/seminars/${seminarId}/threads`, { headers: SAME_ORIGIN, data: { paragraphId: await paragraphIdOf(page, seminarId, paragraph), body } });
  expect(r.status()).toBe(201);
  return (await r.json()).id as string;
}
