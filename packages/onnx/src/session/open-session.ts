import * as ort from 'onnxruntime-node';
import { validateFeeds, type InputSpec } from './validate-feeds.ts';

export interface OpenSessionOptions {
  /** Execution providers to try in order (`cuda`, `webgpu`, `cpu`, …); cpu is always the last resort. */
  providers?: readonly string[];
  /** Where a provider that failed to load is reported (the fallback is logged, never silent). */
  onFallback?: (provider: string, reason: string) => void;
  /** Threads of one operator (onnxruntime's intra-op pool); default: onnxruntime's choice. */
  intraOpThreads?: number;
}

export type Feeds = Record<string, ort.Tensor>;

/**
 * The one way Fewshot opens an onnxruntime session: providers from configuration with a logged fallback to cpu,
 * which provider actually runs, and `run` that validates every feed (name, element type, rank, fixed and symbolic
 * dimensions) before onnxruntime sees it, so a bad input is a readable error instead of a native abort.
 */
export class OnnxSession {
  private constructor(
    private readonly session: ort.InferenceSession,
    /** The provider that loaded. */
    readonly provider: string,
    readonly inputs: readonly InputSpec[],
  ) {}

  static async open(model: Uint8Array | string, options: OpenSessionOptions = {}): Promise<OnnxSession> {
    const providers = withCpuLast(options.providers ?? ['cpu']);
    const failures: string[] = [];
    for (const provider of providers) {
      try {
        const session = await ort.InferenceSession.create(model as Uint8Array, {
          executionProviders: [provider],
          ...(options.intraOpThreads ? { intraOpNumThreads: options.intraOpThreads } : {}),
        });
        return new OnnxSession(session, provider, inputSpecs(session));
      } catch (error) {
        const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
        failures.push(`${provider}: ${reason}`);
        if (provider !== 'cpu') options.onFallback?.(provider, reason);
      }
    }
    throw new Error(`onnxruntime could not open the model on any provider (${failures.join('; ')})`);
  }

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  /** Runs the graph after validating `feeds`; returns the requested outputs (all by default). */
  async run(feeds: Feeds, outputs?: readonly string[]): Promise<Record<string, ort.Tensor>> {
    validateFeeds(feeds, this.inputs);
    return outputs ? this.session.run(feeds, outputs as string[]) : this.session.run(feeds);
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}

/** The providers onnxruntime-node was built with (whether their libraries load is found out by opening). */
export function supportedProviders(): string[] {
  return ort.listSupportedBackends().map((backend) => backend.name);
}

/**
 * Parses a provider list from configuration (`cuda,webgpu,cpu`): lower case, known names only, cpu appended when
 * missing. An unknown name is an error that lists the known ones.
 */
export function parseProviders(value: string | undefined): string[] {
  const known = new Set(['cpu', 'cuda', 'tensorrt', 'webgpu', 'dml', 'coreml']);
  const names = (value ?? 'cpu').split(',').map((name) => name.trim().toLowerCase()).filter(Boolean);
  for (const name of names) {
    if (!known.has(name)) throw new Error(`unknown execution provider "${name}"; use a comma-separated list of ${[...known].join(', ')}`);
  }
  return withCpuLast(names);
}

function withCpuLast(providers: readonly string[]): string[] {
  const list = [...new Set(providers)].filter((p) => p !== 'cpu');
  return [...list, 'cpu'];
}

function inputSpecs(session: ort.InferenceSession): InputSpec[] {
  return session.inputMetadata.map((meta) => {
    if (!meta.isTensor) return { name: meta.name, type: 'unknown', shape: [] };
    return { name: meta.name, type: meta.type, shape: meta.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : String(d))) };
  });
}

export { ort };
