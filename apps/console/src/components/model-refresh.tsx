'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/** Re-renders the (server) page every `ms` while something on it is still moving, e.g. a version TRAINING. */
export function ModelRefresh({ ms = 1500 }: { ms?: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), ms);
    return () => clearInterval(timer);
  }, [router, ms]);
  return null;
}
