import { expect, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";

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
