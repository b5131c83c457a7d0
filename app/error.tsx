"use client";

// Shown when a page fails to render, for instance while the database is briefly unreachable
// (a restart): in production the server sends no error details, so the page says what is likely
// and what to do, never a stack. Nothing is written while rendering a page, so nothing was lost.
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="page message-page" role="alert">
      <h1 className="page-title">This page could not be loaded</h1>
      <p>The server or its database is not answering right now. Nothing you wrote was lost; try again in a moment.</p>
      <p>
        <button type="button" className="button" onClick={() => reset()}>
          Try again
        </button>
      </p>
    </div>
  );
}
