// What a person reads when sign-in fails; keyed by the code Auth.js puts in the redirect URL.
// Safe to import in the browser.
export const signInMessages: Record<string, string> = {
  unknown_email: "There is no account with this email. Check it, or create an account.",
  wrong_password: "That password is not right. Try again.",
  rate_limited: "Too many failed sign-ins for this email. Wait a few minutes and try again.",
  invalid_input: "Enter your email and password.",
  credentials: "Those details did not work. Try again.",
};

export function signInMessage(code: string | null | undefined): string {
  return (code && signInMessages[code]) || signInMessages.credentials;
}
