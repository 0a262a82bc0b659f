import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'Fewshot console',
  description: 'Admin console of Fewshot, the cold-start recommendation platform',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <div className="shell">
          <nav className="nav" aria-label="Main">
            <h1>Fewshot</h1>
            <a href="/">Items</a>
            <a href="/users">Users</a>
          </nav>
          <main className="main">{children}</main>
        </div>
      </body>
    </html>
  );
}
