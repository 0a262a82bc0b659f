-- API key roles become who calls the API (architecture.md): READER → FRONTEND (reads, recommendations,
-- interactions), WRITER → MERCHANDISER (items), ADMIN stays. Renaming keeps any existing key's row valid.
ALTER TYPE "api_key_role" RENAME VALUE 'READER' TO 'FRONTEND';
ALTER TYPE "api_key_role" RENAME VALUE 'WRITER' TO 'MERCHANDISER';

-- AlterTable
ALTER TABLE "api_keys" ALTER COLUMN "role" SET DEFAULT 'FRONTEND';
