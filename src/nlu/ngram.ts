/**
 * A small character n-gram classifier that complements NLP.js (see classifier.ts).
 *
 * Features of a (normalised) message: character n-grams of every word padded with spaces
 * (" θελο " → " θ", "θε", …, "ελο ", …; `minN`..`maxN`), whole words and word bigrams. Character
 * n-grams survive typos, missing accents, inflection and transliteration variants that a
 * word/stem model never saw. Values are sublinear term frequency (1 + ln tf) times smoothed IDF,
 * L2-normalised (TF-IDF).
 *
 * Model: multinomial logistic regression (softmax) with L2 regularisation, trained by SGD over
 * a fixed, seeded order of the examples, so the same training set gives the same model. Its
 * outputs are probabilities over the labels, which classifier.ts mixes with NLP.js's scores.
 *
 * Compact on disk: only the features seen at least `minDf` times are kept, and weights are
 * stored as 8-bit integers with one scale per feature (≈ 36 bytes per feature).
 */

export interface NgramOptions {
  minN: number;
  maxN: number;
  /** Whole words and word bigrams as features too. */
  words: boolean;
  /** Keep features occurring in at least this many training examples. */
  minDf: number;
  epochs: number;
  learningRate: number;
  /** L2 penalty per example. */
  l2: number;
  seed: number;
}

export const DEFAULT_NGRAM_OPTIONS: NgramOptions = { minN: 2, maxN: 5, words: true, minDf: 2, epochs: 30, learningRate: 0.5, l2: 1e-5, seed: 1 };

/** The cached form. Big arrays are base64 (parsing one string is far faster than 100k items). */
export interface NgramJSON {
  options: NgramOptions;
  labels: string[];
  /** The features, joined by "\n" (features never contain one: text is split on white space). */
  features: string;
  bias: number[];
  /** base64 Float32Array: IDF per feature. */
  idf: string;
  /** base64 Float32Array: the scale of each feature's weights. */
  scales: string;
  /** base64 Int8Array: per feature, one weight per label (times the feature's scale). */
  weights: string;
}

const toBase64 = (a: Float32Array | Int8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
function fromBase64<T extends Float32Array | Int8Array>(text: string, type: { new (b: ArrayBuffer): T; BYTES_PER_ELEMENT: number }): T {
  const buf = Buffer.from(text, 'base64');
  const copy = new ArrayBuffer(buf.byteLength);
  new Uint8Array(copy).set(buf);
  return new type(copy);
}

/** The features of one text with their counts. */
export function extractFeatures(text: string, options: Pick<NgramOptions, 'minN' | 'maxN' | 'words'>): Map<string, number> {
  const out = new Map<string, number>();
  const add = (f: string) => out.set(f, (out.get(f) ?? 0) + 1);
  const words = text.split(/\s+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const padded = ` ${w} `;
    for (let n = options.minN; n <= options.maxN; n++) {
      for (let j = 0; j + n <= padded.length; j++) add(padded.slice(j, j + n));
    }
    if (options.words) {
      add(`w:${w}`);
      if (i > 0) add(`b:${words[i - 1]} ${w}`);
    }
  }
  return out;
}

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface SparseVector {
  idx: Int32Array;
  val: Float32Array;
}

/**
 * Feature text → row, without a Map of strings: a Map held ≈ 15 MB of the six languages' models
 * (tens of thousands of short strings each). Here each feature is its 32-bit FNV-1a hash in an
 * open-addressing table (two Int32Arrays); the features' text stays as the one string the cache
 * holds, for `toJSON`. Two features with the same hash would share a row (about one pair in
 * 10⁵ models of this size): harmless.
 */
class FeatureIndex {
  private readonly keys: Int32Array;
  private readonly rows: Int32Array;
  private readonly mask: number;

  constructor(
    /** The features in row order, joined by "\n". */
    readonly joined: string,
    readonly size: number,
  ) {
    let capacity = 16;
    while (capacity < size * 2) capacity *= 2;
    this.mask = capacity - 1;
    this.keys = new Int32Array(capacity);
    this.rows = new Int32Array(capacity);
    if (size > 0) joined.split('\n').forEach((f, row) => this.insert(f, row));
  }

  static of(features: readonly string[]): FeatureIndex {
    return new FeatureIndex(features.join('\n'), features.length);
  }

  /** FNV-1a over UTF-16 code units; never 0 (0 marks an empty slot). */
  private static hash(text: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    return h || 1;
  }

  private insert(feature: string, row: number): void {
    const h = FeatureIndex.hash(feature);
    let i = h & this.mask;
    while (this.keys[i] !== 0 && this.keys[i] !== h) i = (i + 1) & this.mask;
    if (this.keys[i] === h) return; // same hash: the first feature keeps the slot
    this.keys[i] = h;
    this.rows[i] = row;
  }

  get(feature: string): number | undefined {
    const h = FeatureIndex.hash(feature);
    for (let i = h & this.mask; this.keys[i] !== 0; i = (i + 1) & this.mask) if (this.keys[i] === h) return this.rows[i];
    return undefined;
  }
}

export class NgramModel {
  private constructor(
    readonly options: NgramOptions,
    readonly labels: string[],
    private readonly index: FeatureIndex,
    private readonly idf: Float32Array,
    /**
     * Feature-major: weights[f * labels.length + c], times featureScale[f] when there is one
     * (a model loaded from the cache keeps its 8-bit weights: nothing to expand at start-up).
     */
    private readonly weights: Float32Array | Int8Array,
    private readonly bias: Float32Array,
    private readonly featureScale: Float32Array | null = null,
  ) {}

  get featureCount(): number {
    return this.index.size;
  }

  private vectorize(text: string): SparseVector {
    const counts = extractFeatures(text, this.options);
    const idx: number[] = [];
    const val: number[] = [];
    let norm = 0;
    for (const [f, tf] of counts) {
      const i = this.index.get(f);
      if (i === undefined) continue;
      const v = (1 + Math.log(tf)) * this.idf[i]!;
      idx.push(i);
      val.push(v);
      norm += v * v;
    }
    norm = Math.sqrt(norm) || 1;
    return { idx: Int32Array.from(idx), val: Float32Array.from(val, (v) => v / norm) };
  }

  private logits(x: SparseVector, out: Float64Array, scale = 1): void {
    const C = this.labels.length;
    for (let c = 0; c < C; c++) out[c] = 0;
    for (let k = 0; k < x.idx.length; k++) {
      const base = x.idx[k]! * C;
      const v = x.val[k]! * scale * (this.featureScale ? this.featureScale[x.idx[k]!]! : 1);
      for (let c = 0; c < C; c++) out[c]! += v * this.weights[base + c]!;
    }
    for (let c = 0; c < C; c++) out[c]! += this.bias[c]!;
  }

  private static softmax(z: Float64Array): void {
    let max = -Infinity;
    for (const v of z) if (v > max) max = v;
    let sum = 0;
    for (let c = 0; c < z.length; c++) sum += z[c] = Math.exp(z[c]! - max);
    for (let c = 0; c < z.length; c++) z[c]! /= sum;
  }

  /** Probability of every label, best first. */
  predict(text: string): { label: string; score: number }[] {
    const z = new Float64Array(this.labels.length);
    this.logits(this.vectorize(text), z);
    NgramModel.softmax(z);
    return this.labels.map((label, c) => ({ label, score: z[c]! })).sort((a, b) => b.score - a.score);
  }

  static train(examples: readonly (readonly [string, string])[], partial: Partial<NgramOptions> = {}): NgramModel {
    const options = { ...DEFAULT_NGRAM_OPTIONS, ...partial };
    const labels = [...new Set(examples.map(([, l]) => l))].sort();
    const labelIndex = new Map(labels.map((l, i) => [l, i]));
    const df = new Map<string, number>();
    const featureSets = examples.map(([t]) => extractFeatures(t, options));
    for (const fs of featureSets) for (const f of fs.keys()) df.set(f, (df.get(f) ?? 0) + 1);
    const kept = [...df.entries()].filter(([, n]) => n >= options.minDf).map(([f]) => f).sort();
    const index = FeatureIndex.of(kept);
    const N = examples.length;
    const idf = Float32Array.from(kept, (f) => Math.log((1 + N) / (1 + df.get(f)!)) + 1);
    const C = labels.length;
    const weights = new Float32Array(kept.length * C);
    const model = new NgramModel(options, labels, index, idf, weights, new Float32Array(C));
    const data = examples.map(([t, l]) => ({ x: model.vectorize(t), y: labelIndex.get(l)! }));
    const random = rng(options.seed);
    const order = data.map((_, i) => i);
    const z = new Float64Array(C);
    // L2 decay applied lazily: the true weights are `scale * weights`.
    let scale = 1;
    let step = 0;
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      for (const k of order) {
        const { x, y } = data[k]!;
        const lr = options.learningRate / (1 + (0.1 * step++) / N);
        model.logits(x, z, scale);
        NgramModel.softmax(z);
        scale *= 1 - lr * options.l2;
        for (let c = 0; c < C; c++) {
          const g = z[c]! - (c === y ? 1 : 0);
          if (g === 0) continue;
          model.bias[c]! -= lr * g;
          const delta = (lr * g) / scale;
          for (let f = 0; f < x.idx.length; f++) weights[x.idx[f]! * C + c]! -= delta * x.val[f]!;
        }
        if (scale < 1e-6) {
          for (let w = 0; w < weights.length; w++) weights[w]! *= scale;
          scale = 1;
        }
      }
    }
    for (let w = 0; w < weights.length; w++) weights[w]! *= scale;
    return model;
  }


  toJSON(): NgramJSON {
    const C = this.labels.length;
    const F = this.index.size;
    if (this.weights instanceof Int8Array && this.featureScale) {
      return { ...this.jsonHeader(), scales: toBase64(this.featureScale), weights: toBase64(this.weights) };
    }
    const scales = new Float32Array(F);
    const q = new Int8Array(F * C);
    for (let f = 0; f < F; f++) {
      let max = 0;
      for (let c = 0; c < C; c++) max = Math.max(max, Math.abs(this.weights[f * C + c]!));
      const s = (scales[f] = max / 127);
      for (let c = 0; c < C; c++) q[f * C + c] = s ? Math.round(this.weights[f * C + c]! / s) : 0;
    }
    return { ...this.jsonHeader(), scales: toBase64(scales), weights: toBase64(q) };
  }

  private jsonHeader(): Omit<NgramJSON, 'scales' | 'weights'> {
    return { options: this.options, labels: this.labels, features: this.index.joined, bias: Array.from(this.bias), idf: toBase64(this.idf) };
  }

  static fromJSON(json: NgramJSON): NgramModel {
    const idf = fromBase64(json.idf, Float32Array);
    const index = new FeatureIndex(json.features ?? '', json.features ? idf.length : 0);
    return new NgramModel(json.options, json.labels, index, idf, fromBase64(json.weights, Int8Array), Float32Array.from(json.bias), fromBase64(json.scales, Float32Array));
  }
}
