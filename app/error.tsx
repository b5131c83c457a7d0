"use client";

// Shown when a page fails to render (for instance the database is briefly unreachable).
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="page message-page" role="alert">
      <h1 className="page-title">This page could not be loaded</h1>
      <p>Something went wrong on our side. Nothing you wrote was lost.</p>
      <p>
        <button type="button" className="button" onClick={() => reset()}>
          Try again
        </button>
      </p>
    </div>
  );
}
