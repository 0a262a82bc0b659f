import type { Database } from '@fewshot/db';
import { findModelTrial, newItemSlotsText as slots, runningModelTrial, sharePercent, startModelTrial, stopModelTrial, type ModelTrialRecord } from '@fewshot/pipeline/lifecycle';
import type { ArmComparison, ArmSummary, Estimate } from '../../services/trial-comparison.ts';
import { GUARD_MIN_USERS_PER_ARM } from '../../services/trial-guard.ts';
import { trialResults, type TrialResults } from '../../services/trial-results.ts';
import { MAX_TIMELINE_POINTS, trialTimeline } from '../../services/trial-timeline.ts';
import { textTable, utcMinute } from '../text-table.ts';
import type { DatabaseOption } from './database-option.ts';
import { checkWithinOption } from './within-option.ts';
import { withDatabase } from './with-database.ts';

/** What `fewshot models trial …` do, loaded only when one runs (see ./models.ts for their options). */
export function startTrial(versionId: number | undefined, options: DatabaseOption & { share: number; plannedUsers?: number; stopIfWorse?: boolean; promoteIfBetter?: boolean; newItemSlots?: number; newItemWithin?: number }): Promise<void> {
  if (options.newItemWithin !== undefined && options.newItemSlots === undefined) throw new Error('--new-item-within bounds the slots a trial tries: give --new-item-slots N with it');
  if (versionId === undefined && options.newItemSlots === undefined) throw new Error('say which version to try (npx fewshot models list shows them), or try a setting on the active version with --new-item-slots N');
  return withDatabase(options, async (db) => {
    // A setting's trial left without a version: the active one.
    const candidateVersionId = versionId ?? (await activeVersionId(db));
    if (candidateVersionId === undefined) throw new Error('no model version is ACTIVE: a trial of new-item slots tries them on the active version, so promote a version first');
    const trial = await startModelTrial(db, { candidateVersionId, share: options.share, plannedUsers: options.plannedUsers, stopIfWorse: options.stopIfWorse, promoteIfBetter: options.promoteIfBetter, newItemSlots: options.newItemSlots, newItemWithin: options.newItemWithin });
    if (trial.newItemSlots === null) {
      console.log(`trial ${trial.id}: model version ${trial.candidateVersionId} serves ${sharePercent(trial.share)} of known users, version ${trial.controlVersionId} (active) the rest, planned for ${count(trial.plannedUsers)} users; every api replica follows as soon as it has loaded it`);
    } else {
      console.log(`trial ${trial.id}: ${sharePercent(trial.share)} of known users get ${slots(trial.newItemSlots, trial.newItemWithin)} in version ${trial.candidateVersionId}'s lists (active), the rest as each api replica is set (${trial.newItemWithin === null ? 'FEWSHOT_NEW_ITEM_SLOTS' : 'FEWSHOT_NEW_ITEM_SLOTS and FEWSHOT_NEW_ITEM_WITHIN'}), planned for ${count(trial.plannedUsers)} users; every api replica follows at once`);
    }
    console.log(guardrails(trial));
    const end = trial.newItemSlots === null ? `promote the version to end it (npx fewshot models promote ${trial.candidateVersionId}), or stop it` : 'stop it';
    console.error(`see how each arm does with: npx fewshot models trial show ${trial.id}; ${end} (npx fewshot models trial stop)`);
  });
}

async function activeVersionId(db: Database): Promise<number | undefined> {
  const [row] = await db.sql.query<{ id: number }>(`SELECT id FROM model_versions WHERE status = 'ACTIVE'`);
  return row ? Number(row.id) : undefined;
}


export function stopTrial(options: DatabaseOption & { id?: number }): Promise<void> {
  return withDatabase(options, async (db) => {
    const trial = await stopModelTrial(db, options.id);
    console.log(`trial ${trial.id} stopped: every user is served by version ${trial.controlVersionId} (active) again`);
  });
}

export function listTrials(options: DatabaseOption & { json?: boolean }): Promise<void> {
  return withDatabase(options, async (db) => {
    const rows = await db.prisma.modelTrial.findMany({ orderBy: { id: 'desc' } });
    if (options.json) console.log(JSON.stringify(rows, null, 2));
    else if (rows.length === 0) console.log('no trials yet: start one with npx fewshot models trial start VERSION --share 0.1');
    else {
      // What each tried: another version, or new-item slots on the active one.
      console.log(textTable(['id', 'status', 'tries', 'active', 'share', 'planned', 'started', 'ended'], rows.map((t) => [
        String(t.id), t.status.toLowerCase(), t.newItemSlots === null ? `version ${t.candidateVersionId}` : slots(t.newItemSlots, t.newItemWithin), String(t.controlVersionId), sharePercent(t.share), count(t.plannedUsers), utcMinute(t.startedAt), t.endedAt ? utcMinute(t.endedAt) : '-',
      ])));
    }
  });
}

export function showTrial(id: number | undefined, options: DatabaseOption & { within: number; json?: boolean; timeline?: number }): Promise<void> {
  checkWithinOption(options.within);
  if (options.timeline !== undefined && options.timeline > MAX_TIMELINE_POINTS) throw new Error(`--timeline must be from 1 to ${MAX_TIMELINE_POINTS} moments, got ${options.timeline}`);
  return withDatabase(options, async (db) => {
    const trial = await trialToShow(db, id);
    if (!trial) {
      console.log('no trials yet: start one with npx fewshot models trial start VERSION --share 0.1');
      return;
    }
    const results = await trialResults(db, trial, { withinMinutes: options.within });
    const timeline = options.timeline ? await trialTimeline(db, trial, { withinMinutes: options.within, points: options.timeline }) : undefined;
    if (options.json) {
      console.log(JSON.stringify({ trial, results, ...(timeline ? { timeline } : {}) }, null, 2));
      return;
    }
    const state = trial.status === 'RUNNING' ? `running since ${utcMinute(trial.startedAt)}` : `${trial.status.toLowerCase()} at ${utcMinute(trial.endedAt!)} (ran from ${utcMinute(trial.startedAt)})`;
    const tries = trial.newItemSlots === null ? `version ${trial.candidateVersionId}` : `${slots(trial.newItemSlots, trial.newItemWithin)} in version ${trial.candidateVersionId}'s lists`;
    const against = trial.newItemSlots === null ? `version ${trial.controlVersionId}` : 'the api replicas\' setting';
    console.log(`trial ${trial.id}: ${tries} on ${sharePercent(trial.share)} of users against ${against}, ${state}`);
    // Why it ended when a guardrail ended it; while it runs, what its guardrails will do.
    const note = trial.endReason ?? (trial.status === 'RUNNING' ? guardrails(trial) : null);
    if (note) console.log(note);
    if (results.overall.control.lists + results.overall.candidate.lists === 0) {
      console.log('no lists shown to known users during the trial yet: lists are recorded when a frontend key asks for a known user\'s recommendations');
      return;
    }
    const rows = [{ label: 'all', comparison: results.overall }, ...results.byHistory.map((row) => ({ label: row.historyTo === null ? `${row.historyFrom}+` : `${row.historyFrom}-${row.historyTo}`, comparison: row }))];
    console.log(textTable(['events', 'arm', 'users', 'lists', 'followed', 'share', 'MRR', 'difference (95%, any look)'], rows.flatMap(({ label, comparison }) => armRows(label, comparison, trial))));
    const newItems = newItemsLine(results.overall, trial);
    if (newItems) console.log(newItems);
    console.log(planLine(results, trial.status === 'RUNNING'));
    console.log(splitLine(results));
    if (timeline) {
      // Each moment as it could have been read then: where the interval first leaves 0 is where the answer became clear.
      console.log(textTable(['moment', 'users', 'difference (95%, any look)'], timeline.map((moment) => [utcMinute(moment.at), count(moment.users), estimate(moment.followRateDifference)])));
    }
    const notes = [`followed: an event of the user on one of the list's items within ${options.within} minutes; each list counts in its user's arm; the intervals hold however often they are read`];
    if (results.stillOpen > 0) notes.push(`${results.stillOpen} lists still open (shown less than that ago: their shares can still rise)`);
    if (results.otherVersionLists > 0) notes.push(`${results.otherVersionLists} lists came from the other arm's version (a replica loading or refusing the trial's version)`);
    console.error(notes.join('; '));
  });
}

/** What the trial's guardrails will do, in a line. */
function guardrails(trial: ModelTrialRecord): string {
  const acts = [trial.stopIfWorse ? 'stops by itself once its lists are clearly followed less often' : null, trial.promoteIfBetter ? 'promotes its version by itself once they are clearly followed more often' : null].filter(Boolean);
  if (acts.length === 0) return 'guardrails: none, it runs until stopped or promoted';
  return `guardrails: it ${acts.join(', and ')} (checked by the api every few minutes, once each arm has ${GUARD_MIN_USERS_PER_ARM} users)`;
}

/** The line a promotion or rollback prints when it ended a trial. */
export function endedTrialLine(trial: ModelTrialRecord): string {
  return trial.status === 'PROMOTED'
    ? `trial ${trial.id} ended: its version won and serves everyone now`
    : `trial ${trial.id} ended (superseded): the version it was compared with is no longer active`;
}

async function trialToShow(db: Database, id: number | undefined): Promise<ModelTrialRecord | null> {
  if (id !== undefined) {
    const trial = await findModelTrial(db, id);
    if (!trial) throw new Error(`trial ${id} does not exist (npx fewshot models trial list shows them)`);
    return trial;
  }
  const running = await runningModelTrial(db);
  if (running) return running;
  return db.prisma.modelTrial.findFirst({ orderBy: { id: 'desc' } });
}

function armRows(label: string, comparison: ArmComparison, trial: ModelTrialRecord): string[][] {
  const arm = (name: string, summary: ArmSummary, difference: string) => [label, name, String(summary.users), String(summary.lists), String(summary.followed), summary.followRate === null ? '-' : `${(summary.followRate * 100).toFixed(1)}%`, summary.meanReciprocalRank === null ? '-' : summary.meanReciprocalRank.toFixed(3), difference];
  const [control, candidate] = armNames(trial);
  return [arm(control, comparison.control, ''), arm(candidate, comparison.candidate, estimate(comparison.followRateDifference))];
}

/** The arms as the tables name them: the versions, or for a setting's trial, the setting each serves with. */
function armNames(trial: Pick<ModelTrialRecord, 'newItemSlots' | 'newItemWithin' | 'controlVersionId' | 'candidateVersionId'>): [string, string] {
  if (trial.newItemSlots === null) return [`version ${trial.controlVersionId} (active)`, `version ${trial.candidateVersionId} (trial)`];
  return ['as set (replicas)', `${slots(trial.newItemSlots, trial.newItemWithin)} (trial)`];
}

/**
 * What each arm did for items added after its version's training: lists that showed one, and how often a list was
 * followed on one (with the difference); null when no list of either arm showed one.
 */
export function newItemsLine(overall: ArmComparison, trial: Pick<ModelTrialRecord, 'newItemSlots' | 'newItemWithin' | 'controlVersionId' | 'candidateVersionId'>): string | null {
  const { control, candidate } = overall;
  if (control.newItemLists + candidate.newItemLists === 0) return null;
  const [controlName, candidateName] = armNames(trial);
  const arm = (name: string, summary: ArmSummary) => `${name} showed one in ${count(summary.newItemLists)} of ${count(summary.lists)} lists, ${count(summary.newItemFollowed)} followed on one (${summary.newItemFollowRate === null ? '-' : `${(summary.newItemFollowRate * 100).toFixed(1)}%`})`;
  return `items new to the version: ${arm(controlName, control)}; ${arm(candidateName, candidate)}; difference ${estimate(overall.newItemFollowRateDifference)}`;
}

/** A follow-rate difference in percentage points, or why there is none yet. */
function estimate(value: Estimate | null): string {
  if (!value) return 'too few users';
  return `${signedPoints(value.value)} pts [${signedPoints(value.low)}, ${signedPoints(value.high)}]`;
}

/** How far the trial has come against its plan, and while it runs, the smallest difference the plan can tell from none. */
function planLine(results: TrialResults, running: boolean): string {
  const pace = results.planReachedAround ? ` (about ${utcMinute(results.planReachedAround)} at the pace so far)` : '';
  const reached = `${count(results.users)} of ${count(results.plannedUsers)} planned users${pace}`;
  if (results.users >= results.plannedUsers) return `${reached}: the plan is reached`;
  if (!running) return `${reached}: it ended before the plan`;
  if (results.followRateHalfWidthAtPlan === null) return reached;
  return `${reached}; at the plan the follow-rate interval should be about ±${(results.followRateHalfWidthAtPlan * 100).toFixed(1)} pts wide, so a smaller difference will likely not show`;
}

/** Whether the users split into the arms as drawn (sample-ratio.ts): read before the differences. */
export function splitLine({ sampleRatio: split }: Pick<TrialResults, 'sampleRatio'>): string {
  const observed = split.candidateShare === null ? '-' : `${(split.candidateShare * 100).toFixed(1)}%`;
  const head = `split: ${observed} of users in the trial's arm, ${sharePercent(split.expectedCandidateShare)} drawn`;
  const p = `p = ${split.pValue.toPrecision(2)}, valid at every look`;
  if (!split.mismatch) return `${head}: as drawn (${p})`;
  return `${head}: NOT the split the trial drew (${p}), so the arms' difference may not be the version's and no guardrail promotes on it; look for one arm's lists not being recorded, or replicas that disagree on the trial`;
}

const signedPoints = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}`;
const count = (n: number) => n.toLocaleString('en-US');

