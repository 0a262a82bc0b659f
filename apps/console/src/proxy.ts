import { NextResponse, type NextRequest } from 'next/server';

/**
 * A path with a malformed percent escape (`/users/%E0%A4%A`) made Next.js answer a bare 500 "Internal Server Error"
 * before any page ran; such an address names no page, so it gets the console's styled 404 instead.
 */
export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (!pathname.includes('%')) return NextResponse.next();
  try {
    decodeURIComponent(pathname);
    return NextResponse.next();
  } catch {
    return NextResponse.rewrite(new URL('/__no-such-page__', request.url), { status: 404 });
  }
}

export const config = {
  // Build assets and the image proxy never carry client-typed segments worth checking.
  matcher: ['/((?!_next/|icon.svg).*)'],
};
