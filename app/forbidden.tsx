import Link from "next/link";

export default function Forbidden() {
  return (
    <div className="page message-page">
      <h1 className="page-title">Not for you, sorry</h1>
      <p>Only the seminar&rsquo;s instructors can open this page.</p>
      <p>
        <Link href="/seminars">Back to my seminars</Link>
      </p>
    </div>
  );
}
