import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDataset } from './formats/detect.ts';
import { ImportAbortedError, formatIssue, importDataset } from './run-import.ts';

function datasetDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fewshot-import-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

const ITEMS_CSV = 'id,title,genres,year,description\n' + 'a,Alpha,Drama|Comedy,1999,First\n' + 'b,"Beta, the sequel",Drama,2001,\n' + 'c,Gamma,,,\n';

const targets = await testDatabaseTargets();

describe.each(targets)('bad input on $kind', ({ create }) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await create();
    // An existing catalog that a failed import must leave exactly as it was.
    await importDataset(db, { dataset: openDataset(datasetDir({ 'items.csv': ITEMS_CSV, 'interactions.csv': 'user,item,timestamp\nu0,a,100\n' })) });
  });
  afterAll(async () => {
    await db.dispose();
  });

  const snapshot = async () => ({
    items: await db.prisma.item.count(),
    users: await db.prisma.user.count(),
    interactions: await db.prisma.interaction.findMany({ orderBy: { id: 'asc' }, select: { clientEventId: true } }),
  });

  const cases: Array<{ name: string; files: Record<string, string>; message: RegExp; imported: number }> = [
    {
      name: 'a non-numeric timestamp',
      files: { 'interactions.csv': 'user,item,timestamp\nu1,a,200\nu1,b,yesterday\nu1,c,300\n' },
      message: /interactions\.csv:3 field "timestamp": "yesterday" is not an ISO-8601 time or Unix seconds/,
      imported: 2,
    },
    {
      name: 'a malformed JSON line',
      files: { 'interactions.jsonl': '{"user":"u1","item":"a","timestamp":"2020-01-01T00:00:00Z"}\n{"user":"u1","item":\n{"user":"u2","item":"b","timestamp":5}\n' },
      message: /interactions\.jsonl:2: is not valid JSON/,
      imported: 2,
    },
    {
      name: 'an unknown item id',
      files: { 'interactions.csv': 'user,item,timestamp\nu1,a,200\nu1,zzz,250\nu2,b,300\n' },
      message: /interactions\.csv:3 field "item": unknown item id "zzz": not in this import's items nor in the database/,
      imported: 2,
    },
    {
      name: 'a duplicate event',
      files: { 'interactions.csv': 'user,item,timestamp,id\nu1,a,200,e-1\nu2,b,300,e-2\nu1,a,200,e-1\n' },
      message: /interactions\.csv:4 field "id": duplicate event "e-1" \(same as line 2\)/,
      imported: 2,
    },
    {
      name: 'a duplicate item id',
      files: { 'items.csv': 'id,title\nd,Delta\nd,Delta again\n' },
      message: /items\.csv:3 field "id": duplicate item id "d" \(first at line 2\)/,
      imported: 1,
    },
    {
      name: 'an unknown interaction kind',
      files: { 'interactions.csv': 'user,item,timestamp,kind\nu1,a,200,view\nu1,b,300,teleport\n' },
      message: /interactions\.csv:3 field "kind": "teleport" is not one of view, click, rating, like, cart, purchase/,
      imported: 1,
    },
  ];

  let runs = 0;
  describe.each(cases)('$name', ({ files, message, imported }) => {
    it('stops with an error naming file, line and field, and writes nothing', async () => {
      const before = await snapshot();
      const error = await importDataset(db, { dataset: openDataset(datasetDir(files)), onError: 'stop' }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ImportAbortedError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).toMatch(/nothing was written/);
      expect(await snapshot()).toEqual(before);
    });

    it('with --on-error skip, imports the other rows and reports the skipped one', async () => {
      // Fresh user and event ids, so rows imported by an earlier case do not count as already present.
      const run = `run${++runs}`;
      const dir = datasetDir(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, text.replace(/\bu(\d)\b/g, `${run}-u$1`).replace(/\be-(\d)\b/g, `${run}-e-$1`)])));
      const beforeEvents = await db.prisma.interaction.count();
      const report = await importDataset(db, { dataset: openDataset(dir), onError: 'skip' });
      expect(report.issueCount).toBe(1);
      expect(formatIssue(report.issues[0]!).replace(new RegExp(`${run}-`, 'g'), '')).toMatch(message);
      expect(report.files.reduce((sum, file) => sum + file.skipped, 0)).toBe(1);
      const newRows = Object.keys(files)[0]!.startsWith('items') ? report.items.inserted : report.interactions.inserted;
      expect(newRows).toBe(imported);
      if (!Object.keys(files)[0]!.startsWith('items')) expect(await db.prisma.interaction.count()).toBe(beforeEvents + imported);
    });
  });

  it('stops on a broken CSV quote, whatever the policy, since nothing after it can be trusted', async () => {
    const before = await snapshot();
    const dir = datasetDir({ 'items.csv': 'id,title\nq1,"Unclosed quote\nq2,Fine\n' });
    await expect(importDataset(db, { dataset: openDataset(dir), onError: 'skip' })).rejects.toThrow(/items\.csv:\d+: malformed CSV/);
    expect(await snapshot()).toEqual(before);
  });

  it('keeps text, genres, years, descriptions and ISO times from the generic format', async () => {
    const dir = datasetDir({
      'items.jsonl': '{"id":"j1","title":"Jay","genres":["Sci-Fi"],"year":2020,"description":"A film","image":"posters/j1.png","studio":"X"}\n',
      'interactions.jsonl': '{"user":"ju","item":"j1","timestamp":"2021-03-04T05:06:07.250Z","kind":"click","id":"click-1"}\n',
    });
    await importDataset(db, { dataset: openDataset(dir) });
    const item = await db.prisma.item.findUniqueOrThrow({ where: { externalId: 'j1' }, include: { interactions: true } });
    expect(item).toMatchObject({ title: 'Jay', description: 'A film', attributes: { genres: ['Sci-Fi'], year: 2020, studio: 'X' } });
    expect(item.imageUri).toBe(`file://${path.join(dir, 'posters', 'j1.png')}`);
    expect(item.interactions[0]).toMatchObject({ kind: 'CLICK', clientEventId: 'click-1' });
    expect(item.interactions[0]!.occurredAt.toISOString()).toBe('2021-03-04T05:06:07.250Z');
    expect(await db.prisma.item.findUniqueOrThrow({ where: { externalId: 'b' } })).toMatchObject({ title: 'Beta, the sequel', description: null });
  });
});
