import { testDatabaseTargets, type TestDatabase } from '@fewshot/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordInteractions, type InteractionInput } from './record-interactions.ts';

const targets = await testDatabaseTargets();

describe.each(targets)('recordInteractions on $kind', ({ kind, create }) => {
  let db: TestDatabase;
  const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 12, minute));

  beforeAll(async () => {
    db = await create();
    await db.prisma.item.createMany({ data: ['a', 'b', 'c'].map((id) => ({ externalId: id, title: `Item ${id}` })) });
  });
  afterAll(async () => {
    await db?.dispose();
  });

  it('answers in the order sent, whatever order it wrote in, and keeps each user\'s activity', async () => {
    await recordInteractions(db, [{ userId: 'first', itemId: 'a', occurredAt: at(0) }]);
    const sent: InteractionInput[] = [
      { userId: 'second', itemId: 'a', occurredAt: at(5), clientEventId: 's-a' },
      { userId: 'first', itemId: 'b', occurredAt: at(3) },
      { userId: 'second', itemId: 'b', occurredAt: at(4) },
      { userId: 'first', itemId: 'c', occurredAt: at(3), clientEventId: 'f-c' },
      { userId: 'second', itemId: 'a', occurredAt: at(5), clientEventId: 's-a' },
    ];
    const recorded = await recordInteractions(db, sent);
    expect(recorded.map(({ interaction, created }) => [interaction.itemId, interaction.occurredAt.getUTCMinutes(), created])).toEqual([
      [1, 5, true],
      [2, 3, true],
      [2, 4, true],
      [3, 3, true],
      [1, 5, false],
    ]);
    const users = new Map((await db.prisma.user.findMany()).map((user) => [user.externalId, user.id]));
    expect(recorded.map(({ interaction }) => interaction.userId)).toEqual(['second', 'first', 'second', 'first', 'second'].map((id) => users.get(id)));
    // One user's events keep the order they were sent in (ties in time are broken by arrival).
    const firstIds = recorded.filter(({ interaction }) => interaction.userId === users.get('first')).map(({ interaction }) => interaction.id);
    expect(firstIds[0]! < firstIds[1]!).toBe(true);
    // One event alone takes the single-row path: the same answers.
    const [again] = await recordInteractions(db, [{ userId: 'first', itemId: 'c', occurredAt: at(3), clientEventId: 'f-c' }]);
    expect([again?.created, again?.interaction.id]).toEqual([false, recorded[3]!.interaction.id]);
    await expect(recordInteractions(db, [{ userId: 'first', itemId: 'a', clientEventId: 'f-c' }])).rejects.toThrow('clientEventId "f-c" was already used for another event');
    await expect(recordInteractions(db, [{ userId: 'second', itemId: 'b' }, { userId: 'first', itemId: 'c', clientEventId: 's-a' }])).rejects.toThrow('clientEventId "s-a" was already used for another event');
    const activity = await db.prisma.userActivity.findMany({ orderBy: { userId: 'asc' }, select: { userId: true, firstAt: true, lastAt: true, events: true } });
    expect(activity).toEqual([
      { userId: users.get('first'), firstAt: at(0), lastAt: at(3), events: 3 },
      { userId: users.get('second'), firstAt: at(4), lastAt: at(5), events: 2 },
    ]);
  });

  it.runIf(kind === 'postgres')('records batches naming the same users in opposite orders at once, without a deadlock', async () => {
    const people = ['p1', 'p2', 'p3', 'p4'];
    await recordInteractions(db, people.map((userId) => ({ userId, itemId: 'a', occurredAt: at(0) })));
    const batch = (users: string[], round: number): InteractionInput[] =>
      Array.from({ length: 40 }, (_, i) => ({ userId: users[i % users.length]!, itemId: 'b', occurredAt: at(10 + round) }));
    const rounds = Array.from({ length: 6 }, (_, round) => [batch(people, round), batch([...people].reverse(), round)]).flat();
    const results = await Promise.allSettled(rounds.map((inputs) => recordInteractions(db, inputs)));
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    const activity = await db.sql.query<{ external_id: string; events: number }>(
      'SELECT u.external_id, a.events FROM user_activity a JOIN users u ON u.id = a.user_id WHERE u.external_id = ANY($1::text[]) ORDER BY u.external_id',
      [people],
    );
    expect(activity.map((row) => [row.external_id, Number(row.events)])).toEqual(people.map((id) => [id, 1 + (rounds.length * 40) / people.length]));
  });
});
