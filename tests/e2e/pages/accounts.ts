import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { SAME_ORIGIN } from "./same-origin";

export interface Person {
  name: string;
  email: string;
  password: string;
}

export function person(name: string): Person {
  const tag = randomBytes(4).toString("hex");
  return { name, email: `${name.toLowerCase().replace(/\W+/g, ".")}.${tag}@example.org`, password: `pw-${tag}-long-enough` };
}

/** Fills the sign-up form (already open) and waits to leave it. */
export async function signUpHere(page: Page, p: Person) {
  await page.getByLabel("Your name").fill(p.name);
  await page.getByLabel("Email").fill(p.email);
  await page.getByLabel("Password").fill(p.password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).not.toHaveURL(/\/signup/);
}

export async function signUp(page: Page, p: Person) {
  await page.goto("/signup");
  await signUpHere(page, p);
}

/**
 * Signs in over Auth.js's endpoints (CSRF token, then the credentials form), without the page:
 * with a browser context's `request`, the session cookie lands in that context, so its pages are
 * signed in too. For accounts made elsewhere (a seeded database).
 */
export async function signInWithRequest(request: APIRequestContext, email: string, password: string) {
  const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
  const res = await request.post("/api/auth/callback/credentials", { form: { email, password, csrfToken }, headers: SAME_ORIGIN, maxRedirects: 0 });
  const to = res.headers().location ?? "";
  if (res.status() !== 302 || to.includes("error=")) throw new Error(`sign-in of ${email} failed: ${res.status()} ${to}`);
}
