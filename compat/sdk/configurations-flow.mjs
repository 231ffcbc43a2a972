// The official LlamaCloud SDK's client.configurations against our service, unchanged: create (and
// create again by name: an update), list with filters and auto-pagination, retrieve, update, delete.
// Usage: LLAMA_CLOUD_BASE_URL=http://localhost:8080 LLAMA_CLOUD_API_KEY=llx-... node configurations-flow.mjs
import LlamaCloud from '@llamaindex/llama-cloud';
import assert from 'node:assert/strict';

const client = new LlamaCloud({ maxRetries: 4, timeout: 60_000 });
const step = (name, detail) => console.log(`ok ${name}${detail ? ' ' + JSON.stringify(detail) : ''}`);
const run = Date.now();

// 1. a parse configuration, saved twice under one name: the second save updates the first
const parse = await client.configurations.create({
  name: `sdk-parse-${run}`,
  parameters: { product_type: 'parse_v2', tier: 'fast', version: 'latest' },
});
assert.match(parse.id, /^cfg-/);
assert.equal(parse.product_type, 'parse_v2');
assert.ok(!Number.isNaN(Date.parse(parse.version)));
const again = await client.configurations.create({
  name: parse.name,
  parameters: { product_type: 'parse_v2', tier: 'agentic', version: 'latest', agentic_options: { custom_prompt: 'Keep tables.' } },
});
assert.equal(again.id, parse.id);
assert.equal(again.parameters.tier, 'agentic');
step('configurations.create (upsert by name)', { id: again.id, version: again.version });

// 2. a classify configuration, and the listings
const classify = await client.configurations.create({
  name: `sdk-classify-${run}`,
  parameters: {
    product_type: 'classify_v2',
    rules: [
      { type: 'invoice', description: 'A bill listing amounts due' },
      { type: 'contract', description: 'An agreement between parties' },
    ],
    parsing_configuration: { lang: 'en', max_pages: 5 },
  },
});
for (let i = 0; i < 3; i++) {
  await client.configurations.create({ name: `sdk-page-${run}-${i}`, parameters: { product_type: 'parse_v2', tier: 'fast', version: 'latest' } });
}
const all = [];
for await (const c of client.configurations.list({ page_size: 2 })) all.push(c.id);
assert.ok(all.includes(parse.id) && all.includes(classify.id), 'auto-pagination reaches every configuration');
assert.equal(new Set(all).size, all.length);
const classifyOnly = [];
for await (const c of client.configurations.list({ product_type: ['classify_v2'], latest_only: true })) classifyOnly.push(c);
assert.ok(classifyOnly.every((c) => c.product_type === 'classify_v2'));
assert.ok(classifyOnly.some((c) => c.id === classify.id));
const byName = await client.configurations.list({ name: parse.name, product_type: ['parse_v2', 'classify_v2'] });
assert.deepEqual(byName.items.map((c) => c.id), [parse.id]);
step('configurations.list', { listed: all.length, classify: classifyOnly.length });

// 3. retrieve, update, delete
const got = await client.configurations.retrieve(classify.id);
assert.equal(got.parameters.rules.length, 2);
const renamed = await client.configurations.update(classify.id, { name: `${classify.name}-renamed` });
assert.equal(renamed.name, `${classify.name}-renamed`);
assert.deepEqual(renamed.parameters, classify.parameters);
const replaced = await client.configurations.update(classify.id, {
  parameters: { product_type: 'classify_v2', rules: [{ type: 'memo', description: 'An internal note' }] },
});
assert.equal(replaced.parameters.rules[0].type, 'memo');
step('configurations.retrieve/update', { name: replaced.name });

await client.configurations.delete(classify.id);
await assert.rejects(client.configurations.retrieve(classify.id), (e) => e.status === 404);
step('configurations.delete');

// 4. what this service does not run is refused on the first attempt, naming the field
await assert.rejects(
  client.configurations.create({ name: `sdk-extract-${run}`, parameters: { product_type: 'extract_v2', data_schema: {} } }),
  (e) => e.status === 422 && JSON.stringify(e.error).includes('parameters.product_type'),
);
step('configurations.create refuses extract_v2');

console.log('SDK configurations: all steps passed');
