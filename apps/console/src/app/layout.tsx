import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { Nav } from '@/components/nav';
import { currentSession } from '@/lib/session';
import './globals.css';

export const metadata: Metadata = {
  title: 'Fewshot console',
  description: 'Admin console of Fewshot, the cold-start recommendation platform',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await currentSession();
  return (
    <html lang="en">
      <body>
        <div className="shell">
          <Nav session={session} />
          <main className="main">{children}</main>
        </div>
      </body>
    </html>
  );
}
