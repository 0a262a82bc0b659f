/** Numbers of a model trial as the console writes them, on the server and in the browser alike. */

/** A trial's share of users: 0.1 → "10%", 0.125 → "12.5%". */
export function trialShare(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

/**
 * New-item slots in words: 1 → "1 new-item slot"; with a setting's trial's bound, "1 new-item slot (within the top
 * 50)" or, for 0, "(at any rank)". No bound (null or left out): the replicas' own, which both arms share.
 */
export function slotsText(slots: number, within?: number | null): string {
  const text = `${slots} new-item slot${slots === 1 ? '' : 's'}`;
  if (within === null || within === undefined || slots === 0) return text;
  return `${text} (${withinText(within)})`;
}

/** A slot's rank bound in words: 50 → "within the top 50", 0 → "at any rank". */
export function withinText(within: number): string {
  return within === 0 ? 'at any rank' : `within the top ${within.toLocaleString('en-US')}`;
}

/** The rank bounds the console offers for new-item slots (recommendations' `newItemsWithin`; 0: any rank). */
export const NEW_ITEM_WITHIN_CHOICES: readonly number[] = [20, 50, 100, 200, 0];

/** A rate as a percentage with one decimal; null (no lists) → "–". */
export function ratePercent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '–' : `${(rate * 100).toFixed(1)}%`;
}

/** A signed number, with a real minus sign so that + and − line up in tables. */
function signed(value: number, digits: number): string {
  const text = Math.abs(value).toFixed(digits);
  // -0.0001 rounds to "0.0": no sign for what reads as zero.
  if (Number(text) === 0) return text;
  return `${value > 0 ? '+' : '−'}${text}`;
}

/** A difference of two rates in percentage points: 0.123 → "+12.3 pp". */
export function points(value: number): string {
  return `${signed(value * 100, 1)} pp`;
}

/** A difference of two rates' 95% interval in percentage points: "−4.1 to +28.7 pp". */
export function pointsInterval({ low, high }: { low: number; high: number }): string {
  return `${signed(low * 100, 1)} to ${signed(high * 100, 1)} pp`;
}

/** A difference of mean reciprocal ranks, with its 95% interval: "+0.125 (−0.050 to +0.300)". */
export function mrrDifference({ value, low, high }: { value: number; low: number; high: number }): string {
  return `${signed(value, 3)} (${signed(low, 3)} to ${signed(high, 3)})`;
}

/** A range of the users' events when served: 0 and null → "all users", 3 and 4 → "3–4 events", 20 and null → "20+ events". */
export function historyRange(from: number, to: number | null | undefined): string {
  if (from === 0 && (to === null || to === undefined)) return 'all users';
  if (to === null || to === undefined) return `${from}+ events`;
  return from === to ? `${from} event${from === 1 ? '' : 's'}` : `${from}–${to} events`;
}

/**
 * What the follow-rate difference's interval says, in a sentence. The interval holds however often it is read, so the
 * sentence may be acted on whenever it is seen.
 */
export function verdict(difference: { low: number; high: number } | null | undefined): string {
  if (!difference) return 'Too few users for a comparison yet: each arm needs lists from at least two users.';
  if (difference.low > 0) return 'The candidate\'s lists were followed more often: the whole 95% interval is above 0.';
  if (difference.high < 0) return 'The candidate\'s lists were followed less often: the whole 95% interval is below 0.';
  return 'No clear difference yet: the 95% interval includes 0.';
}

/** A count of users, planned users and the like: 10000 → "10,000". */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** How long an event still counts as following a list: 1440 → "24 hours". */
export function followWindow(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60} hour${minutes === 60 ? '' : 's'}` : `${minutes} minutes`;
}
