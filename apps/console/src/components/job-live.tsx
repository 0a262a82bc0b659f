'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useTransition } from 'react';

/**
 * Re-renders the page's server components (router.refresh) every second while a job there is waiting or running,
 * and every `idleMs` otherwise (to notice new jobs); client state (open logs, a typed reason) stays.
 */
export function JobLiveRefresh({ live, idleMs = 10_000 }: { live: boolean; idleMs?: number }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const busy = useRef(false);
  busy.current = pending;
  useEffect(() => {
    const timer = setInterval(() => {
      if (busy.current || document.visibilityState === 'hidden') return;
      start(() => router.refresh());
    }, live ? 1000 : idleMs);
    return () => clearInterval(timer);
  }, [live, idleMs, router]);
  return live ? <span className="live-dot" role="status" aria-label="Updating every second">live</span> : null;
}
