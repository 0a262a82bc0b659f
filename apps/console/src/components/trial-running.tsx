import { graphql } from '@/gql';
import { request } from '@/lib/api';
import type { Session } from '@/lib/session';
import { ErrorPanel } from './panels';
import { TrialPanel } from './trial-panel';

const RunningTrial = graphql(`
  query RunningTrial {
    modelTrial { ...TrialFields }
    serving { trialError }
  }
`);

/**
 * The running trial's section, with its results (nothing while none runs): on /models, and on its candidate's page
 * (`onCandidatePage`), where the promote button it mentions is.
 */
export async function TrialRunning({ session, onCandidatePage = false }: { session: Pick<Session, 'key'>; onCandidatePage?: boolean }) {
  let data;
  try {
    data = await request(session, RunningTrial);
  } catch (error) {
    return <ErrorPanel error={error} />;
  }
  if (!data.modelTrial) return null;
  return (
    <section aria-labelledby="trial-heading">
      <h3 id="trial-heading">Trial running</h3>
      <TrialPanel trial={data.modelTrial} trialError={data.serving.trialError} onCandidatePage={onCandidatePage} />
    </section>
  );
}
