// Times ONNX Runtime runs from Node through onnxruntime-node's N-API binding (tools/onnxruntime-node/onnxruntime_binding.node,
// which links the libonnxruntime.so.1 beside it). It calls the binding's synchronous run directly: onnxruntime-node's
// public InferenceSession.run only wraps that call in a Promise and setImmediate, so this is the fastest path Node
// offers and the comparison with .NET is conservative.
//
// usage: node ort-loop.js <binding.node> <case.json>
//   case.json: { model, input, dims, data (raw little-endian float32 file), output, runs, rounds, threads }
// prints: one JSON line { nsPerRun: [per round], ... }
'use strict';
const fs = require('fs');
const { isMainThread } = require('worker_threads');

const [bindingPath, casePath] = process.argv.slice(2);
const spec = JSON.parse(fs.readFileSync(casePath, 'utf8'));
const binding = require(bindingPath);

// The binding creates its output tensors with the constructor it is given; onnxruntime-common's Tensor is a plain
// holder of (type, data, dims) for CPU data, which this stand-in reproduces.
class Tensor {
  constructor(type, data, dims) {
    this.type = type;
    this.data = data;
    this.dims = dims;
    this.size = data.length;
    this.location = 'cpu';
  }
}

binding.initOrtOnce(3 /* error */, Tensor, isMainThread);
const session = new binding.InferenceSession();
session.loadModel(spec.model, {
  intraOpNumThreads: spec.threads,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
});

const raw = fs.readFileSync(spec.data);
const data = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
const feeds = { [spec.input]: new Tensor('float32', data, spec.dims) };
const fetches = { [spec.output]: null };
const options = {};

for (let i = 0; i < spec.warmup; i++) session.run(feeds, fetches, options);
const nsPerRun = [];
for (let round = 0; round < spec.rounds; round++) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < spec.runs; i++) session.run(feeds, fetches, options);
  nsPerRun.push(Number(process.hrtime.bigint() - start) / spec.runs);
}
process.stdout.write(JSON.stringify({ runtime: `node ${process.version}`, nsPerRun }) + '\n');
