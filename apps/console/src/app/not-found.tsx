import Link from 'next/link';

export default function NotFound() {
  return (
    <section className="narrow" data-testid="not-found">
      <h2>Not found</h2>
      <p className="subtitle">There is no page at this address, or what it names (an item, a user, a model version) does not exist.</p>
      <p><Link href="/">Back to the overview</Link></p>
    </section>
  );
}
