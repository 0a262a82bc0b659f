import type * as ort from 'onnxruntime-node';

/** What a graph input accepts: element type as onnxruntime names it, and dimensions (number = fixed, string = symbolic). */
export interface InputSpec {
  name: string;
  type: string;
  shape: ReadonlyArray<number | string>;
}

/**
 * Checks feeds against a graph's inputs before onnxruntime runs: every required input present, no unknown name,
 * element types and ranks equal, fixed dimensions equal, and one size per symbolic dimension across all inputs
 * (`batch` must mean the same number everywhere). Throws one error naming every problem.
 */
export function validateFeeds(feeds: Record<string, ort.Tensor>, inputs: readonly InputSpec[]): void {
  const problems: string[] = [];
  const specs = new Map(inputs.map((spec) => [spec.name, spec]));
  for (const spec of inputs) if (!(spec.name in feeds)) problems.push(`missing input "${spec.name}"`);
  const symbols = new Map<string, { size: number; input: string }>();
  for (const [name, tensor] of Object.entries(feeds)) {
    const spec = specs.get(name);
    if (!spec) {
      problems.push(`unknown input "${name}" (the graph takes ${inputs.map((i) => i.name).join(', ')})`);
      continue;
    }
    if (spec.type !== 'unknown' && tensor.type !== spec.type) problems.push(`input "${name}" must be ${spec.type}, got ${tensor.type}`);
    if (tensor.dims.length !== spec.shape.length) {
      problems.push(`input "${name}" must have ${spec.shape.length} dimensions [${spec.shape}], got [${tensor.dims}]`);
      continue;
    }
    spec.shape.forEach((dim, axis) => {
      const size = tensor.dims[axis]!;
      if (typeof dim === 'number') {
        if (size !== dim) problems.push(`input "${name}" needs size ${dim} on axis ${axis}, got ${size}`);
        return;
      }
      const seen = symbols.get(dim);
      if (!seen) symbols.set(dim, { size, input: name });
      else if (seen.size !== size) problems.push(`dimension "${dim}" is ${seen.size} in "${seen.input}" but ${size} in "${name}"`);
    });
  }
  if (problems.length > 0) throw new InvalidFeedsError(problems);
}

export class InvalidFeedsError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid ONNX inputs: ${problems.join('; ')}`);
    this.name = 'InvalidFeedsError';
  }
}
