// What a person reads when sign-in fails; keyed by the code Auth.js puts in the redirect URL.
// Safe to import in the browser.
export const signInMessages: Record<string, string> = {
  // One message for an unknown email and a wrong password: which one it was is not told.
  invalid_credentials: "That email and password do not match an account.",
  rate_limited: "Too many failed sign-ins. Wait a few minutes and try again.",
  invalid_input: "Enter your email and password.",
  credentials: "Those details did not work. Try again.",
};

export function signInMessage(code: string | null | undefined): string {
  return (code && signInMessages[code]) || signInMessages.credentials;
}
