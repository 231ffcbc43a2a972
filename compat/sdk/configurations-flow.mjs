// The official LlamaCloud SDK's configurations resource against our service, unchanged: saved parse
// and classify configurations created, listed (auto-pagination, filters), retrieved, updated, used by
// configuration_id in a classify job, and deleted; create again under a name updates (the SDK's upsert).
// (parsing.create takes no configuration_id in the SDK, so only classify uses one here.)
// Usage: LLAMA_CLOUD_BASE_URL=http://localhost:8080 LLAMA_CLOUD_API_KEY=llx-... CORPUS=../../testdata/corpus node configurations-flow.mjs
import assert from 'node:assert/strict';
import { all, client, polling, refusedAtOnce, step, stream, unique } from './flow.mjs';

const rules = [
  { type: 'invoice', description: 'A bill asking for payment: invoice number, line items with prices and a total amount due.' },
  { type: 'resume', description: "A person's CV: contact details, work experience, education and skills." },
];

// 1. create one of each product type
const parseName = unique('sdk-parse-config');
const parseConfig = await client.configurations.create({
  name: parseName,
  parameters: { product_type: 'parse_v2', tier: 'fast', version: 'latest', page_ranges: { max_pages: 2 } },
});
assert.match(parseConfig.id, /^cfg-/);
assert.equal(parseConfig.name, parseName);
assert.equal(parseConfig.product_type, 'parse_v2');
assert.equal(parseConfig.parameters.product_type, 'parse_v2');
assert.equal(parseConfig.parameters.tier, 'fast');
assert.equal(parseConfig.parameters.page_ranges.max_pages, 2);
assert.ok(!Number.isNaN(Date.parse(parseConfig.version)), `version is a datetime: ${parseConfig.version}`);
const classifyName = unique('sdk-classify-config');
const classifyConfig = await client.configurations.create({
  name: classifyName,
  parameters: { product_type: 'classify_v2', rules, parsing_configuration: { lang: 'en', max_pages: 5 } },
});
assert.equal(classifyConfig.product_type, 'classify_v2');
assert.deepEqual(classifyConfig.parameters.parsing_configuration, { lang: 'en', max_pages: 5 });
assert.deepEqual(classifyConfig.parameters.rules, rules);
assert.notEqual(classifyConfig.id, parseConfig.id);
step('configurations.create', { parse: parseConfig.id, classify: classifyConfig.id });

// 2. list: one a page through auto-pagination; filtered by product type and by name
for (let i = 0; i < 3; i++) {
  await client.configurations.create({ name: unique('sdk-page'), parameters: { product_type: 'parse_v2', tier: 'fast', version: 'latest' } });
}
const listed = await all(client.configurations.list({ page_size: 1 }));
for (const id of [parseConfig.id, classifyConfig.id]) assert.ok(listed.some((c) => c.id === id), `list finds ${id}`);
assert.equal(new Set(listed.map((c) => c.id)).size, listed.length, 'no configuration twice across pages');
const classifyOnly = await all(client.configurations.list({ product_type: ['classify_v2'], page_size: 1 }));
assert.ok(classifyOnly.some((c) => c.id === classifyConfig.id));
assert.ok(classifyOnly.every((c) => c.product_type === 'classify_v2'));
const latest = await all(client.configurations.list({ product_type: ['classify_v2'], latest_only: true }));
assert.ok(latest.some((c) => c.id === classifyConfig.id));
const both = await all(client.configurations.list({ product_type: ['classify_v2', 'parse_v2'] }));
for (const id of [parseConfig.id, classifyConfig.id]) assert.ok(both.some((c) => c.id === id));
const byName = await all(client.configurations.list({ name: parseName, product_type: ['parse_v2', 'classify_v2'] }));
assert.deepEqual(byName.map((c) => c.id), [parseConfig.id]);
step('configurations.list', { all: listed.length, classify_v2: classifyOnly.length });

// 3. retrieve answers what create did
const retrieved = await client.configurations.retrieve(classifyConfig.id);
assert.equal(retrieved.id, classifyConfig.id);
assert.equal(retrieved.name, classifyName);
assert.deepEqual(retrieved.parameters, classifyConfig.parameters);
step('configurations.retrieve');

// 4. update: new parameters, the name left as it was when omitted
const updatedRules = [...rules, { type: 'scientific_paper', description: 'A research paper with an abstract, methods, results and references.' }];
const updated = await client.configurations.update(classifyConfig.id, {
  parameters: { product_type: 'classify_v2', rules: updatedRules },
});
assert.equal(updated.id, classifyConfig.id);
assert.equal(updated.name, classifyName);
assert.deepEqual(updated.parameters.rules, updatedRules);
assert.deepEqual((await client.configurations.retrieve(classifyConfig.id)).parameters.rules, updatedRules);
const renamed = await client.configurations.update(parseConfig.id, { name: `${parseName}-renamed` });
assert.equal(renamed.name, `${parseName}-renamed`);
assert.equal(renamed.parameters.tier, 'fast', 'parameters left as they were when omitted');
// create with a name the project already has for that product type updates it (the SDK's upsert)
const upserted = await client.configurations.create({
  name: classifyName,
  parameters: { product_type: 'classify_v2', rules: updatedRules },
});
assert.equal(upserted.id, classifyConfig.id, 'create with an existing name updates that configuration');
const parseAgain = await client.configurations.create({
  name: renamed.name,
  parameters: { product_type: 'parse_v2', tier: 'agentic', version: 'latest', agentic_options: { custom_prompt: 'Keep tables.' } },
});
assert.equal(parseAgain.id, parseConfig.id);
assert.equal(parseAgain.parameters.tier, 'agentic');
step('configurations.update');

// 5. a classify job by configuration_id uses the saved (updated) rules
const paper = await client.files.create({ file: stream('parse/pdf/arxiv-2201.00200.pdf'), purpose: 'classify' });
const job = await client.classify.create({ file_input: paper.id, configuration_id: classifyConfig.id });
assert.equal(job.configuration_id, classifyConfig.id);
const done = await client.classify.waitForCompletion(job.id, undefined, polling);
assert.equal(done.status, 'COMPLETED', done.error_message);
assert.equal(done.result.type, 'scientific_paper', `the updated rules were used: ${done.result.reasoning}`);
const byConfig = await all(client.classify.list({ configuration_id: classifyConfig.id }));
assert.deepEqual(byConfig.map((j) => j.id), [job.id]);
step('classify.create by configuration_id', done.result);

// 6. delete: gone for retrieve, list and new jobs
await client.configurations.delete(classifyConfig.id);
await client.configurations.delete(parseConfig.id);
await refusedAtOnce((c) => c.configurations.retrieve(classifyConfig.id), [404]);
const left = await all(client.configurations.list({ name: classifyName }));
assert.deepEqual(left, []);
await refusedAtOnce((c) => c.classify.create({ file_input: paper.id, configuration_id: classifyConfig.id }), [404, 422]);
step('configurations.delete');

// 7. refusals reach the caller at once
await refusedAtOnce((c) => c.configurations.create({ name: unique('bad'), parameters: { product_type: 'classify_v2', rules: [] } }), [400, 422]);
await refusedAtOnce((c) => c.configurations.update('cfg-does-not-exist', { name: 'x' }), [404]);
await refusedAtOnce((c) => c.configurations.delete('cfg-does-not-exist'), [404]);
// an extract configuration without fields, and a product this service does not run, are refused, naming the field
const extract = await refusedAtOnce(
  (c) => c.configurations.create({ name: unique('sdk-extract'), parameters: { product_type: 'extract_v2', data_schema: {} } }),
  [422],
);
assert.ok(JSON.stringify(extract.error).includes('parameters.data_schema'), JSON.stringify(extract.error));
const split = await refusedAtOnce(
  (c) => c.configurations.create({ name: unique('sdk-split'), parameters: { product_type: 'split_v1' } }),
  [422],
);
assert.ok(JSON.stringify(split.error).includes('parameters.product_type'), JSON.stringify(split.error));
step('errors');
console.log('SDK configurations: all steps passed');
