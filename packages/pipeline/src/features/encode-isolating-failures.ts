import type { EncodeOutcome, Encoder, Modality, ModalityInput } from '@fewshot/features/encoder';

/**
 * Encodes a batch; if the encoder rejects the whole batch (its worker crashed on one poisonous input, say), retries
 * the inputs one by one so only the culprits fail, each with the encoder's message. If every input fails that way
 * the encoder itself is broken: that throws, rather than marking the whole catalog FAILED.
 */
export async function encodeIsolatingFailures<M extends Modality>(
  encoder: Encoder<M>,
  batch: readonly ModalityInput[M][],
): Promise<EncodeOutcome[]> {
  try {
    return await encoder.encode(batch);
  } catch (batchError) {
    if (batch.length === 1) throw batchError;
    const outcomes: EncodeOutcome[] = [];
    let encoderFailures = 0;
    for (const input of batch) {
      try {
        const [outcome] = await encoder.encode([input]);
        outcomes.push(outcome ?? { ok: false, error: 'encoder returned no result' });
      } catch (error) {
        encoderFailures++;
        outcomes.push({ ok: false, error: `encoder failed on this input: ${error instanceof Error ? error.message : String(error)}` });
      }
    }
    if (encoderFailures === batch.length) throw batchError;
    return outcomes;
  }
}
