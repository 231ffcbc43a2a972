// The official LlamaCloud SDK's extract resource against our service, unchanged: run() on a file id,
// create() then get() until COMPLETED on a directory file's dfl- id, the per-field metadata by expand,
// validateSchema (normalised, and a refusal naming the JSON pointer), generateSchema from a file saved
// as a configuration and used by configuration_id, list with auto-pagination and filters, delete.
// Usage: LLAMA_CLOUD_BASE_URL=http://localhost:8080 LLAMA_CLOUD_API_KEY=llx-... CORPUS=../../testdata/corpus node extract-flow.mjs
import assert from 'node:assert/strict';
import { all, client, polling, refusedAtOnce, step, stream, unique } from './flow.mjs';

const data_schema = {
  type: 'object',
  properties: {
    invoice_number: { type: 'string' },
    invoice_date: { type: 'string', format: 'date' },
    amount_due: { type: 'number', description: 'Total to pay' },
  },
};
const configuration = { data_schema, cite_sources: true, confidence_scores: true };

function checkInvoice(job, fileInput) {
  assert.equal(job.status, 'COMPLETED', `${job.id}: ${job.error_message}`);
  assert.match(job.id, /^ejb-/);
  assert.equal(job.file_input, fileInput);
  assert.ok(job.project_id);
  assert.equal(job.extract_result.invoice_number, '42183017');
  assert.equal(job.extract_result.invoice_date, '2014-08-03');
  assert.equal(job.extract_result.amount_due, 4.11);
  assert.ok(job.metadata.usage.num_pages_extracted >= 1, JSON.stringify(job.metadata));
}

// 1. run(): a file uploaded with the files API, extracted by its id
const invoice = await client.files.create({ file: stream('classify/invoice/doc-2e21d50f59a9.pdf'), purpose: 'extract' });
const byFile = await client.extract.run({ file_input: invoice.id, configuration }, polling);
checkInvoice(byFile, invoice.id);
step('extract.run by file id', byFile.extract_result);

// 2. create, then get until COMPLETED, on a directory file's dfl- id; the citations by expand
const dir = await client.beta.directories.create({ name: unique('sdk-extract') });
const entry = await client.beta.directories.files.upload(dir.id, { upload_file: stream('classify/invoice/doc-2e21d50f59a9.pdf') });
assert.match(entry.id, /^dfl-/);
const created = await client.extract.create({ file_input: entry.id, configuration });
assert.ok(['PENDING', 'RUNNING', 'COMPLETED'].includes(created.status), created.status);
assert.deepEqual(created.configuration.data_schema, data_schema);
let job = created;
for (let i = 0; i < 600 && !['COMPLETED', 'FAILED', 'CANCELLED'].includes(job.status); i++) {
  await new Promise((r) => setTimeout(r, 200));
  job = await client.extract.get(created.id);
}
checkInvoice(job, entry.id);
const expanded = await client.extract.get(created.id, { expand: ['extract_metadata', 'configuration'] });
const due = expanded.extract_metadata.field_metadata.document_metadata.amount_due;
assert.ok(due.citation[0].matching_text.includes('4.11'), JSON.stringify(due));
assert.ok(due.confidence >= 0 && due.confidence <= 1, JSON.stringify(due));
assert.equal(expanded.configuration.cite_sources, true);
step('extract.create + get until COMPLETED by dfl- id', { amount_due: due.citation[0] });

// 3. validateSchema: the short form normalised; an unknown type refused with its JSON pointer
const valid = await client.extract.validateSchema({ data_schema: { total: { type: 'number' } } });
assert.equal(valid.data_schema.type, 'object');
assert.equal(valid.data_schema.properties.total.type, 'number');
const invalid = await refusedAtOnce(
  (c) => c.extract.validateSchema({ data_schema: { type: 'object', properties: { total: { type: 'money' } } } }),
  [422],
);
assert.equal(invalid.error.pointer, '/properties/total/type', JSON.stringify(invalid.error));
step('extract.validateSchema', { pointer: invalid.error.pointer });

// 4. generateSchema from the invoice, saved as a configuration, extracted by configuration_id
const proposal = await client.extract.generateSchema({ file_id: invoice.id, name: unique('sdk-invoice-fields') });
assert.equal(proposal.parameters.product_type, 'extract_v2');
assert.ok('invoice_number' in proposal.parameters.data_schema.properties, JSON.stringify(proposal.parameters));
const saved = await client.configurations.create(proposal);
const byConfiguration = await client.extract.run({ file_input: invoice.id, configuration_id: saved.id }, polling);
assert.equal(byConfiguration.status, 'COMPLETED', byConfiguration.error_message);
assert.equal(byConfiguration.configuration_id, saved.id);
assert.equal(byConfiguration.extract_result.invoice_number, '42183017');
step('extract.generateSchema + run by configuration_id', { fields: Object.keys(proposal.parameters.data_schema.properties).length });

// 5. list: auto-pagination one job a page, filters
const ids = [byFile.id, created.id, byConfiguration.id];
const listed = await all(client.extract.list({ page_size: 1 }));
for (const id of ids) assert.ok(listed.some((j) => j.id === id), `list finds ${id}`);
assert.equal(new Set(listed.map((j) => j.id)).size, listed.length, 'no job twice across pages');
const picked = await all(client.extract.list({ job_ids: [byFile.id, created.id], status: 'COMPLETED' }));
assert.deepEqual(picked.map((j) => j.id).sort(), [byFile.id, created.id].sort());
const bySaved = await all(client.extract.list({ configuration_id: saved.id }));
assert.deepEqual(bySaved.map((j) => j.id), [byConfiguration.id]);
step('extract.list', { jobs: listed.length });

// 6. delete: the job is gone
await client.extract.delete(byFile.id);
await refusedAtOnce((c) => c.extract.get(byFile.id), [404]);
step('extract.delete');

// 7. refusals reach the caller at once
await refusedAtOnce((c) => c.extract.create({ file_input: 'file-does-not-exist', configuration }), [404, 422]);
await refusedAtOnce((c) => c.extract.create({ file_input: invoice.id, configuration: { data_schema: { a: { type: 'money' } } } }), [422]);
await refusedAtOnce((c) => c.extract.create({ configuration }), [400, 422]);
await refusedAtOnce((c) => c.extract.get('ejb-does-not-exist'), [404]);
step('errors');
console.log('SDK extract flow: all steps passed');
