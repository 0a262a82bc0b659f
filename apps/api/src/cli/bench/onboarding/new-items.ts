import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { postersDir } from '@fewshot/pipeline/data';

/** One item the bench creates: its input, its own genre (so a genre filter finds it and nothing else), a poster. */
export interface NewItem {
  input: { id: string; title: string; description: string; genres: string[]; year: number };
  /** The genre only this item has: `recommendations(filter: { genres: [it] })` lists the item once it is placed. */
  genre: string;
  image: { bytes: Buffer; name: string; type: string } | null;
}

/** Invented films (not in the catalog), so every item is new text for the encoder. */
const FILMS: Array<[title: string, description: string, genres: string[], year: number]> = [
  ['The Lighthouse Keeper\'s Daughter', 'A young woman inherits a remote lighthouse and uncovers letters from a shipwreck survivor.', ['Drama', 'Mystery'], 2019],
  ['Orbit of Strangers', 'Six astronauts on a failing station must decide who returns to Earth in the single capsule.', ['Sci-Fi', 'Thriller'], 2021],
  ['Pancakes at Midnight', 'Two rival diner owners fall for each other during a small-town cooking contest.', ['Comedy', 'Romance'], 2017],
  ['The Cartographer', 'An eighteenth-century mapmaker charts an island that does not appear on any other map.', ['Adventure', 'Drama'], 2015],
  ['Static Signal', 'A radio host receives calls from listeners who describe crimes before they happen.', ['Horror', 'Thriller'], 2020],
  ['Little Giants of Maple Street', 'A team of ten-year-olds enters a regional robotics competition with a robot built from scrap.', ['Children', 'Comedy'], 2018],
  ['Dust and Gold', 'A disgraced sheriff escorts a stolen gold shipment across the desert with a bounty hunter on his trail.', ['Western', 'Action'], 2016],
  ['The Quiet Orchestra', 'A deaf composer writes a symphony that an orchestra performs in complete silence.', ['Drama', 'Musical'], 2022],
  ['Neon Harbour', 'A detective in a flooded future city follows a smuggler who trades in memories.', ['Sci-Fi', 'Crime'], 2023],
  ['A Summer of Kites', 'Three siblings spend their last summer at their grandmother\'s house by the sea.', ['Drama', 'Children'], 2014],
];

/**
 * `count` items with ids and genres unique to this run. Each carries a poster from the shared MovieLens posters
 * (`../shared/data/ml-posters/images`) when they are present, else no image.
 */
export function newItems(runId: string, count: number): { items: NewItem[]; postersFrom: string | null } {
  const imagesDir = path.join(postersDir, 'images');
  const posters = existsSync(imagesDir) ? readdirSync(imagesDir).filter((name) => /^\d+\.jpg$/.test(name)).sort((a, b) => parseInt(a) - parseInt(b)) : [];
  const items = Array.from({ length: count }, (_, i): NewItem => {
    const [title, description, genres, year] = FILMS[i % FILMS.length]!;
    const round = Math.floor(i / FILMS.length);
    const genre = `bench-${runId}-${i + 1}`;
    const poster = posters.length > 0 ? posters[(i * 37) % posters.length]! : null;
    return {
      input: { id: `${BENCH_ITEM_PREFIX}${runId}-${i + 1}`, title: round > 0 ? `${title} ${round + 1}` : title, description, genres: [...genres, genre], year },
      genre,
      image: poster ? { bytes: readFileSync(path.join(imagesDir, poster)), name: poster, type: 'image/jpeg' } : null,
    };
  });
  return { items, postersFrom: posters.length > 0 ? imagesDir : null };
}

/** Every item the bench creates has an id starting with this; they are deleted after the run. */
export const BENCH_ITEM_PREFIX = 'bench-onboarding-';
