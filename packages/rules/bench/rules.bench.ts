// `npm run bench -- rules [--quick]`: decisions per second on one core for a realistic store
// (the seven default rule sets, 38 rules), through the compiled path, json-rules-engine with a
// cached Engine, and hand-written TypeScript, on the same facts; all three must agree.
import { isDeepStrictEqual } from 'node:util';
import { type CompiledRuleSet, compileRuleSet, type RuleKindName, ruleKinds } from '../src/index.ts';
import type { ParsedRuleSet } from '../src/parsed-rule-set.ts';
import { createReferenceEngine, type ReferenceEngine } from '../src/reference-engine.ts';
import { decideByHand } from './handwritten-decisions.ts';
import { type Sample, storeWorkload } from './store-workload.ts';

const quick = process.argv.includes('--quick');
const secondsPerPath = quick ? 1 : 4;
const version = 1;
const kindNames = Object.keys(ruleKinds) as RuleKindName[];

const compiled = {} as Record<RuleKindName, CompiledRuleSet>;
const engines = {} as Record<RuleKindName, ReferenceEngine>;
for (const name of kindNames) {
  compiled[name] = compileRuleSet({ kind: name, ruleSet: ruleKinds[name].defaults, version });
  engines[name] = createReferenceEngine(ruleKinds[name], compiled[name].ruleSet as ParsedRuleSet, version);
}
const ruleCount = kindNames.reduce((sum, name) => sum + ruleKinds[name].defaults.rules.length, 0);

const decideCompiled = (sample: Sample): unknown => compiled[sample.kind].decide(sample.facts, sample.now);
async function decideWithEngine(sample: Sample): Promise<unknown> {
  const { firings } = await engines[sample.kind].run(sample.facts, sample.now);
  return ruleKinds[sample.kind].decide({
    firings,
    facts: sample.facts,
    ruleSet: compiled[sample.kind].ruleSet,
    now: sample.now,
  } as never);
}

const samples = storeWorkload(2_000);

// All three must make the same decisions before any is timed.
let fired = 0;
for (const [index, sample] of samples.entries()) {
  const fromCompiled = decideCompiled(sample);
  const fromEngine = await decideWithEngine(sample);
  const byHand = decideByHand(sample);
  if (!isDeepStrictEqual(fromCompiled, fromEngine) || !isDeepStrictEqual(fromCompiled, byHand)) {
    console.error(JSON.stringify({ index, sample, fromCompiled, fromEngine, byHand }, null, 2));
    throw new Error(`decisions disagree on sample ${index} (${sample.kind})`);
  }
  fired += compiled[sample.kind].fire(sample.facts, sample.now).length;
}

let sink = 0;
function measureSync(decide: (sample: Sample) => unknown): number {
  for (const sample of samples) sink += decide(sample) === null ? 1 : 0; // warm up
  let decisions = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < secondsPerPath * 1000) {
    for (const sample of samples) if (decide(sample) !== undefined) decisions += 1;
    elapsed = performance.now() - start;
  }
  return decisions / (elapsed / 1000);
}

async function measureAsync(decide: (sample: Sample) => Promise<unknown>): Promise<number> {
  for (const sample of samples.slice(0, 500)) sink += (await decide(sample)) === null ? 1 : 0;
  let decisions = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < secondsPerPath * 1000) {
    for (const sample of samples) {
      if ((await decide(sample)) !== undefined) decisions += 1;
      if ((decisions & 255) === 0 && performance.now() - start > secondsPerPath * 1000) break;
    }
    elapsed = performance.now() - start;
  }
  return decisions / (elapsed / 1000);
}

const compiledRate = measureSync(decideCompiled);
const engineRate = await measureAsync(decideWithEngine);
const handRate = measureSync(decideByHand);

const format = (rate: number) => Math.round(rate).toLocaleString('en-US').padStart(12);
console.log(
  `rules bench: ${samples.length} samples across ${kindNames.length} kinds, ${ruleCount} rules, ${fired} rule firings; all three paths agree`,
);
console.log(
  `${quick ? 'quick' : 'full'} run, ~${secondsPerPath}s per path, one core (Node ${process.version})\n`,
);
console.log('path                                   decisions/s');
console.log(`compiled (closures)                   ${format(compiledRate)}`);
console.log(`json-rules-engine (cached Engine)     ${format(engineRate)}`);
console.log(`hand-written TypeScript               ${format(handRate)}`);
console.log(`\ncompiled ÷ json-rules-engine   ${(compiledRate / engineRate).toFixed(1)}×   (target ≥ 30×)`);
console.log(`hand-written ÷ compiled        ${(handRate / compiledRate).toFixed(2)}×   (target ≤ 5×)`);
console.log(
  `compiled decisions/s           ${Math.round(compiledRate).toLocaleString('en-US')}   (target ≥ 200,000)`,
);
if (sink < 0) console.log(sink);
console.log(
  JSON.stringify({
    bench: 'rules',
    decisions_per_s: Math.round(compiledRate),
    jre_decisions_per_s: Math.round(engineRate),
    handwritten_decisions_per_s: Math.round(handRate),
    ratio_vs_jre: Number((compiledRate / engineRate).toFixed(1)),
    ratio_vs_handwritten: Number((handRate / compiledRate).toFixed(2)),
  }),
);
