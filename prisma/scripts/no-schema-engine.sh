#!/bin/sh
# Stand-in for Prisma's native schema engine, which the Prisma CLI downloads at every command and which cannot be
# fetched on machines that reach only the npm registry. `prisma generate` does not need it. Exiting 1 (never 0) makes
# any command that does need it fail loudly instead of silently applying nothing (stack.md).
echo "fewshot: Prisma's schema engine is not available offline; migrations are applied by 'npm run db:migrate' (prisma/src/migrate.ts)." >&2
exit 1
