// The demo's model: a 2-layer perceptron (64 pixels -> 64 ReLU units -> 10 logits) written with
// TensorFlow.js core ops on the pure-JavaScript CPU backend. The PS and the workers share its
// variables as one Float32Array in the order of `Variables`: the wire and checkpoint format.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { ImageSize, NumClasses, seededRandom } from './dataset.mjs';

tf.enableProdMode(); // no debug checks, and no "install tfjs-node" banner on the first tensor

const Hidden = 32;

/** The variables, in wire order: name and shape. */
export const Variables = [
  { name: 'dense1/kernel', shape: [ImageSize, Hidden] },
  { name: 'dense1/bias', shape: [Hidden] },
  { name: 'dense2/kernel', shape: [Hidden, NumClasses] },
  { name: 'dense2/bias', shape: [NumClasses] },
];

const sizes = Variables.map((v) => v.shape.reduce((a, b) => a * b, 1));

/** Floats in the flat form of the variables (or of their gradients). */
export const FlatSize = sizes.reduce((a, b) => a + b, 0);

/** The architecture, for logs. */
export const Architecture = `MLP ${ImageSize}-${Hidden}-${NumClasses}, ${FlatSize} parameters`;

/** Initial values from `seed`: Glorot-uniform kernels, zero biases. */
export function initialValues(seed) {
  const random = seededRandom(seed);
  const flat = new Float32Array(FlatSize);
  let offset = 0;
  Variables.forEach(({ shape }, i) => {
    if (shape.length === 2) {
      const limit = Math.sqrt(6 / (shape[0] + shape[1]));
      for (let k = 0; k < sizes[i]; k++) flat[offset + k] = (2 * random() - 1) * limit;
    }
    offset += sizes[i];
  });
  return flat;
}

/** `flat` cut into one tensor per variable, in `Variables` order. */
export function split(flat) {
  let offset = 0;
  return Variables.map(({ shape }, i) => {
    const t = tf.tensor(flat.subarray(offset, offset + sizes[i]), shape);
    offset += sizes[i];
    return t;
  });
}

/** The tensors' values concatenated in order, as one Float32Array. */
export function flatten(tensors) {
  const flat = new Float32Array(FlatSize);
  let offset = 0;
  for (const t of tensors) {
    flat.set(t.dataSync(), offset);
    offset += t.size;
  }
  return flat;
}

function inputs(data) {
  return {
    x: tf.tensor2d(data.x, [data.count, ImageSize]),
    labels: tf.oneHot(tf.tensor1d(data.y, 'int32'), NumClasses),
  };
}

function forward([w1, b1, w2, b2], x) {
  const preActivation = tf.add(tf.matMul(x, w1), b1);
  const hidden = tf.relu(preActivation);
  return { preActivation, hidden, logits: tf.add(tf.matMul(hidden, w2), b2) };
}

/**
 * The mean cross-entropy of the model with `values` (flat) on `data`, and its gradient with
 * respect to each variable: `{ loss, gradients }` (a number and a flat Float32Array).
 *
 * The backward pass is written out: tfjs-core has the ops, kernels and optimizers, but the
 * gradients of its kernels are registered only by the @tensorflow/tfjs umbrella package (an
 * install six times larger), so `tf.grad` cannot differentiate matMul or relu here.
 */
export function lossAndGradients(values, data) {
  return tf.tidy(() => {
    const variables = split(values);
    const { x, labels } = inputs(data);
    const { preActivation, hidden, logits } = forward(variables, x);
    const loss = tf.neg(tf.mean(tf.sum(tf.mul(labels, tf.logSoftmax(logits)), 1)));
    const dLogits = tf.div(tf.sub(tf.softmax(logits), labels), data.count);
    const dPre = tf.mul(tf.matMul(dLogits, variables[2], false, true), tf.step(preActivation));
    const gradients = [
      tf.matMul(x, dPre, true, false),
      tf.sum(dPre, 0),
      tf.matMul(hidden, dLogits, true, false),
      tf.sum(dLogits, 0),
    ];
    return { loss: loss.dataSync()[0], gradients: flatten(gradients) };
  });
}

/** The fraction of `data` that the model with `values` (flat) classifies right. */
export function accuracy(values, data) {
  return tf.tidy(() => {
    const { logits } = forward(split(values), inputs(data).x);
    const predicted = tf.argMax(logits, 1).dataSync();
    let right = 0;
    for (let i = 0; i < data.count; i++) if (predicted[i] === data.y[i]) right++;
    return right / data.count;
  });
}

export { tf };
