import * as tf from '@tensorflow/tfjs';

/**
 * Runs a Keras functional model (as tfjs stores it: model_config + named weights) up to one layer, with each
 * BatchNormalization folded into the convolution before it and a following ReLU/ReLU6 fused into that
 * convolution. Why: tfjs-layers executes BN, ReLU and clip as separate passes over every activation; on the wasm
 * backend those passes took more than half of MobileNetV2's time. The folded graph computes the same function
 * (the test compares it with the layers model) with one fused kernel per conv block.
 *
 * Supported layers are the ones MobileNet-style networks use: InputLayer, ZeroPadding2D, Conv2D,
 * DepthwiseConv2D, BatchNormalization, ReLU, Add, AveragePooling2D, GlobalAveragePooling2D, Flatten.
 */
export interface KerasLayerConfig {
  class_name: string;
  config: Record<string, unknown> & { name: string };
  inbound_nodes: Array<Array<[string, number, number, unknown]>>;
}

type Step = (inputs: tf.Tensor4D[]) => tf.Tensor;

export interface FusedKerasGraph {
  /** [B, H, W, C] float32 → the output layer's tensor. Call inside tf.tidy. */
  predict(input: tf.Tensor4D): tf.Tensor;
  dispose(): void;
}

export function buildFusedKerasGraph(layers: readonly KerasLayerConfig[], weights: tf.NamedTensorMap, outputLayer: string): FusedKerasGraph {
  const byName = new Map(layers.map((layer) => [layer.config.name, layer]));
  const consumers = new Map<string, string[]>();
  for (const layer of layers) for (const source of inputsOf(layer)) consumers.set(source, [...(consumers.get(source) ?? []), layer.config.name]);
  const soleConsumer = (name: string) => {
    const list = consumers.get(name) ?? [];
    return list.length === 1 ? byName.get(list[0] as string) : undefined;
  };

  // Walk back from the output to know which layers are needed, then plan them in config (topological) order.
  const needed = new Set<string>();
  const visit = (name: string) => {
    if (needed.has(name)) return;
    const layer = byName.get(name);
    if (!layer) throw new Error(`Keras graph has no layer "${name}"`);
    needed.add(name);
    inputsOf(layer).forEach(visit);
  };
  visit(outputLayer);

  const owned: tf.Tensor[] = [];
  const plan: Array<{ name: string; inputs: string[]; step: Step }> = [];
  const alias = new Map<string, string>(); // folded BN / fused ReLU → the conv that now produces their output
  const resolve = (name: string): string => alias.get(name) ?? name;

  for (const layer of layers) {
    const { name } = layer.config;
    if (!needed.has(name) || alias.has(name)) continue;
    const inputs = inputsOf(layer).map(resolve);
    const config = layer.config;
    switch (layer.class_name) {
      case 'InputLayer':
        continue;
      case 'Conv2D':
      case 'DepthwiseConv2D': {
        const depthwise = layer.class_name === 'DepthwiseConv2D';
        let kernel = weights[`${name}/${depthwise ? 'depthwise_kernel' : 'kernel'}`] as tf.Tensor4D;
        if (!kernel) throw new Error(`missing weights for ${name}`);
        const outChannels = depthwise ? kernel.shape[2] * kernel.shape[3] : kernel.shape[3];
        let bias: tf.Tensor1D = config.use_bias ? (weights[`${name}/bias`] as tf.Tensor1D) : tf.zeros([outChannels]);
        let producedName = name;
        const bn = soleConsumer(name);
        if (bn?.class_name === 'BatchNormalization' && needed.has(bn.config.name)) {
          ({ kernel, bias } = foldBatchNorm(kernel, bias, bn, weights, depthwise));
          alias.set(bn.config.name, name);
          producedName = bn.config.name;
        }
        let activation: 'linear' | 'relu' | 'relu6' = 'linear';
        const relu = soleConsumer(producedName);
        if (relu?.class_name === 'ReLU' && needed.has(relu.config.name) && isPlainRelu(relu.config)) {
          activation = relu.config.max_value === 6 ? 'relu6' : 'relu';
          alias.set(relu.config.name, name);
        }
        owned.push(kernel, bias);
        const strides = config.strides as [number, number];
        const pad = config.padding as 'valid' | 'same';
        const dilations = config.dilation_rate as [number, number];
        plan.push({
          name,
          inputs,
          step: depthwise
            ? ([x]) => tf.fused.depthwiseConv2d({ x: x as tf.Tensor4D, filter: kernel, strides, pad, dilations, bias, activation })
            : ([x]) => tf.fused.conv2d({ x: x as tf.Tensor4D, filter: kernel, strides, pad, dilations, bias, activation }),
        });
        break;
      }
      case 'BatchNormalization': {
        const { scale, shift } = batchNormAffine(layer, weights);
        owned.push(scale, shift);
        plan.push({ name, inputs, step: ([x]) => tf.add(tf.mul(x as tf.Tensor4D, scale), shift) });
        break;
      }
      case 'ReLU': {
        if (!isPlainRelu(config)) throw new Error(`ReLU ${name} with negative_slope/threshold is not supported`);
        const max = config.max_value as number | null | undefined;
        plan.push({ name, inputs, step: ([x]) => (max ? tf.clipByValue(x as tf.Tensor4D, 0, max) : tf.relu(x as tf.Tensor4D)) });
        break;
      }
      case 'ZeroPadding2D': {
        const [[top, bottom], [left, right]] = config.padding as [[number, number], [number, number]];
        plan.push({ name, inputs, step: ([x]) => tf.pad(x as tf.Tensor4D, [[0, 0], [top, bottom], [left, right], [0, 0]]) });
        break;
      }
      case 'Add':
        plan.push({ name, inputs, step: (xs) => tf.addN(xs) });
        break;
      case 'AveragePooling2D':
        plan.push({ name, inputs, step: ([x]) => tf.avgPool(x as tf.Tensor4D, config.pool_size as [number, number], config.strides as [number, number], config.padding as 'valid' | 'same') });
        break;
      case 'GlobalAveragePooling2D':
        plan.push({ name, inputs, step: ([x]) => tf.mean(x as tf.Tensor4D, [1, 2]) });
        break;
      case 'Flatten':
        plan.push({ name, inputs, step: ([x]) => tf.reshape(x as tf.Tensor, [(x as tf.Tensor).shape[0] as number, -1]) });
        break;
      default:
        throw new Error(`layer ${name} (${layer.class_name}) is not supported by the fused Keras graph runner`);
    }
  }
  const inputName = layers.find((layer) => layer.class_name === 'InputLayer')?.config.name;
  if (!inputName) throw new Error('Keras graph has no InputLayer');

  return {
    predict(input) {
      const values = new Map<string, tf.Tensor>([[inputName, input]]);
      for (const { name, inputs, step } of plan) {
        values.set(name, step(inputs.map((source) => values.get(source) as tf.Tensor4D)));
      }
      return values.get(resolve(outputLayer)) as tf.Tensor;
    },
    dispose() {
      tf.dispose(owned);
    },
  };
}

function inputsOf(layer: KerasLayerConfig): string[] {
  return (layer.inbound_nodes[0] ?? []).map(([source]) => source);
}

function isPlainRelu(config: Record<string, unknown>): boolean {
  return !config.negative_slope && !config.threshold && (config.max_value == null || config.max_value === 6);
}

/** BN in inference mode as y = x·scale + shift, per channel. */
function batchNormAffine(layer: KerasLayerConfig, weights: tf.NamedTensorMap): { scale: tf.Tensor1D; shift: tf.Tensor1D } {
  const name = layer.config.name;
  const epsilon = (layer.config.epsilon as number | undefined) ?? 1e-3;
  const mean = weights[`${name}/moving_mean`] as tf.Tensor1D;
  const variance = weights[`${name}/moving_variance`] as tf.Tensor1D;
  if (!mean || !variance) throw new Error(`missing moving statistics for ${name}`);
  return tf.tidy(() => {
    const gamma = layer.config.scale === false ? tf.onesLike(mean) : (weights[`${name}/gamma`] as tf.Tensor1D);
    const beta = layer.config.center === false ? tf.zerosLike(mean) : (weights[`${name}/beta`] as tf.Tensor1D);
    const scale = tf.div(gamma, tf.sqrt(tf.add(variance, epsilon))) as tf.Tensor1D;
    return { scale, shift: tf.sub(beta, tf.mul(mean, scale)) as tf.Tensor1D };
  });
}

/** conv → BN becomes one conv: kernel·scale (per output channel), (bias − mean)·scale + beta. */
function foldBatchNorm(kernel: tf.Tensor4D, bias: tf.Tensor1D, bn: KerasLayerConfig, weights: tf.NamedTensorMap, depthwise: boolean): { kernel: tf.Tensor4D; bias: tf.Tensor1D } {
  const { scale, shift } = batchNormAffine(bn, weights);
  const folded = tf.tidy(() => {
    const [, , inChannels, multiplier] = kernel.shape;
    // Depthwise output channel c·multiplier + m comes from kernel[:, :, c, m]; a conv's from kernel[:, :, :, o].
    const kernelScale = depthwise ? tf.reshape(scale, [1, 1, inChannels, multiplier]) : tf.reshape(scale, [1, 1, 1, -1]);
    return { kernel: tf.mul(kernel, kernelScale) as tf.Tensor4D, bias: tf.add(tf.mul(bias, scale), shift) as tf.Tensor1D };
  });
  tf.dispose([scale, shift]);
  return folded;
}
