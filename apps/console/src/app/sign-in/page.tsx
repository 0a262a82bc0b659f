import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { consoleEnv } from '@/lib/env';
import { currentSession } from '@/lib/session';
import { SignInForm } from './sign-in-form';

export const metadata: Metadata = { title: 'Sign in · Fewshot' };
export const dynamic = 'force-dynamic';

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = typeof params.next === 'string' ? params.next : '/';
  if (await currentSession()) redirect(next.startsWith('/') && !next.startsWith('//') ? next : '/');
  return (
    <section className="narrow">
      <h2>Sign in</h2>
      <p className="subtitle">Admins run models, jobs, schedules and keys; merchandisers onboard and edit items.</p>
      <div className="panel padded">
        <SignInForm next={next} offerLocal={consoleEnv.localAdmin && Boolean(consoleEnv.apiKey)} />
      </div>
    </section>
  );
}
