import Link from 'next/link';
import { signOut } from '@/app/sign-in/actions';
import type { Session } from '@/lib/session';

const LINKS: Array<{ href: string; label: string; admin?: boolean }> = [
  { href: '/', label: 'Overview' },
  { href: '/items', label: 'Items' },
  { href: '/items/new', label: 'New item' },
  { href: '/users', label: 'Users' },
  { href: '/playground', label: 'Playground' },
  { href: '/models', label: 'Models', admin: true },
  { href: '/jobs', label: 'Jobs', admin: true },
  { href: '/schedules', label: 'Schedules', admin: true },
  { href: '/keys', label: 'API keys', admin: true },
];

/** The main navigation: what the signed-in person's role may use, and who they are. */
export function Nav({ session }: { session: Session | null }) {
  return (
    <nav className="nav" aria-label="Main">
      <h1><Link href="/">Fewshot</Link></h1>
      {session ? (
        <>
          <ul>
            {LINKS.filter((link) => !link.admin || session.role === 'ADMIN').map((link) => (
              <li key={link.href}><Link href={link.href}>{link.label}</Link></li>
            ))}
          </ul>
          <form action={signOut} className="who">
            <span title={`API key ${session.keyId}`}>{session.name}</span>
            <span className="role">{session.role.toLowerCase()}</span>
            <button type="submit" className="link">Sign out</button>
          </form>
        </>
      ) : null}
    </nav>
  );
}
