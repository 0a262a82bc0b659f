// Layer normalisation over the last axis: y = (x - mean) * rstd * gamma + beta, with mean and rstd saved per row.

/** Forward for `rows` rows of `cols` floats; mean and rstd receive one float per row. */
export function layerNorm(x: usize, gamma: usize, beta: usize, y: usize, mean: usize, rstd: usize, rows: i32, cols: i32, eps: f32): void {
  const inv: f32 = 1 / <f32>cols;
  for (let r = 0; r < rows; r++) {
    const base = (<usize>r * <usize>cols) << 2;
    let acc = f32x4.splat(0);
    let j = 0;
    for (; j + 4 <= cols; j += 4) acc = f32x4.add(acc, v128.load(x + base + (<usize>j << 2)));
    let s: f32 = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
    for (; j < cols; j++) s += load<f32>(x + base + (<usize>j << 2));
    const mu = s * inv;
    const vmu = f32x4.splat(mu);
    acc = f32x4.splat(0);
    j = 0;
    for (; j + 4 <= cols; j += 4) {
      const d = f32x4.sub(v128.load(x + base + (<usize>j << 2)), vmu);
      acc = f32x4.add(acc, f32x4.mul(d, d));
    }
    let q: f32 = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
    for (; j < cols; j++) {
      const d = load<f32>(x + base + (<usize>j << 2)) - mu;
      q += d * d;
    }
    const rs: f32 = 1 / Mathf.sqrt(q * inv + eps);
    store<f32>(mean + (<usize>r << 2), mu);
    store<f32>(rstd + (<usize>r << 2), rs);
    const vrs = f32x4.splat(rs);
    j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = <usize>j << 2;
      const xh = f32x4.mul(f32x4.sub(v128.load(x + base + o), vmu), vrs);
      v128.store(y + base + o, f32x4.add(f32x4.mul(xh, v128.load(gamma + o)), v128.load(beta + o)));
    }
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      store<f32>(y + base + o, (load<f32>(x + base + o) - mu) * rs * load<f32>(gamma + o) + load<f32>(beta + o));
    }
  }
}

/** dx (+)= ∂L/∂x; dGamma += Σ dy·x̂; dBeta += Σ dy. dx, dGamma, dBeta may each be 0 (not needed). */
export function layerNormBackward(x: usize, gamma: usize, mean: usize, rstd: usize, dy: usize, dx: usize, dGamma: usize, dBeta: usize, rows: i32, cols: i32, accumulate: i32): void {
  layerNormRowsBackward(x, gamma, mean, rstd, dy, dx, dGamma, dBeta, rows, cols, accumulate);
}

// @ts-ignore: decorator
@inline export function layerNormRowsBackward(x: usize, gamma: usize, mean: usize, rstd: usize, dy: usize, dx: usize, dGamma: usize, dBeta: usize, rows: i32, cols: i32, accumulate: i32): void {
  const inv: f32 = 1 / <f32>cols;
  for (let r = 0; r < rows; r++) {
    const base = (<usize>r * <usize>cols) << 2;
    const mu = load<f32>(mean + (<usize>r << 2));
    const rs = load<f32>(rstd + (<usize>r << 2));
    const vmu = f32x4.splat(mu);
    const vrs = f32x4.splat(rs);
    let a1 = f32x4.splat(0);
    let a2 = f32x4.splat(0);
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = <usize>j << 2;
      const xh = f32x4.mul(f32x4.sub(v128.load(x + base + o), vmu), vrs);
      const d = v128.load(dy + base + o);
      const g = f32x4.mul(d, v128.load(gamma + o));
      a1 = f32x4.add(a1, g);
      a2 = f32x4.add(a2, f32x4.mul(g, xh));
      if (dGamma != 0) v128.store(dGamma + o, f32x4.add(v128.load(dGamma + o), f32x4.mul(d, xh)));
      if (dBeta != 0) v128.store(dBeta + o, f32x4.add(v128.load(dBeta + o), d));
    }
    let s1: f32 = f32x4.extract_lane(a1, 0) + f32x4.extract_lane(a1, 1) + f32x4.extract_lane(a1, 2) + f32x4.extract_lane(a1, 3);
    let s2: f32 = f32x4.extract_lane(a2, 0) + f32x4.extract_lane(a2, 1) + f32x4.extract_lane(a2, 2) + f32x4.extract_lane(a2, 3);
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      const xh = (load<f32>(x + base + o) - mu) * rs;
      const d = load<f32>(dy + base + o);
      const g = d * load<f32>(gamma + o);
      s1 += g;
      s2 += g * xh;
      if (dGamma != 0) store<f32>(dGamma + o, load<f32>(dGamma + o) + d * xh);
      if (dBeta != 0) store<f32>(dBeta + o, load<f32>(dBeta + o) + d);
    }
    if (dx == 0) continue;
    const m1 = f32x4.splat(s1 * inv);
    const m2 = f32x4.splat(s2 * inv);
    j = 0;
    for (; j + 4 <= cols; j += 4) {
      const o = <usize>j << 2;
      const xh = f32x4.mul(f32x4.sub(v128.load(x + base + o), vmu), vrs);
      const g = f32x4.mul(v128.load(dy + base + o), v128.load(gamma + o));
      const t = f32x4.mul(f32x4.sub(f32x4.sub(g, m1), f32x4.mul(xh, m2)), vrs);
      v128.store(dx + base + o, accumulate != 0 ? f32x4.add(v128.load(dx + base + o), t) : t);
    }
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      const xh = (load<f32>(x + base + o) - mu) * rs;
      const g = load<f32>(dy + base + o) * load<f32>(gamma + o);
      const prev: f32 = accumulate != 0 ? load<f32>(dx + base + o) : 0;
      store<f32>(dx + base + o, prev + (g - s1 * inv - xh * s2 * inv) * rs);
    }
  }
}
