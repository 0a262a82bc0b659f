import path from 'node:path';
import { repositoryRoot } from '@fewshot/db';

/** The bundled demo catalog: MovieLens ml-latest-small (GroupLens terms in its folder). */
export const DEMO_CATALOG_DIR = path.join(repositoryRoot, 'demo', 'ml-latest-small');
