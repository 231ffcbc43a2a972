// The official LlamaCloud SDK's classify resource against our service, unchanged: run() on a file id,
// on a directory file's dfl- id and on a parse job's id, a transaction_id replayed, list with
// auto-pagination and filters, and refusals.
// Usage: LLAMA_CLOUD_BASE_URL=http://localhost:8080 LLAMA_CLOUD_API_KEY=llx-... CORPUS=../../testdata/corpus node classify-flow.mjs
import assert from 'node:assert/strict';
import { all, client, polling, refusedAtOnce, step, stream, unique } from './flow.mjs';

const rules = [
  { type: 'invoice', description: 'A bill asking for payment: invoice number and date, seller and buyer, line items with prices, taxes and a total amount due.' },
  { type: 'resume', description: "A person's CV or resume: name and contact details, work experience with dates, education, skills." },
  { type: 'scientific_paper', description: 'A scientific research paper: title and authors, abstract, introduction, methods, experiments, results and references.' },
  { type: 'meeting_minutes', description: 'The minutes of a meeting: date, attendees, agenda, discussion, decisions and action items.' },
];
const configuration = { rules };

function checkResult(job, type, fileInput, inputType) {
  assert.equal(job.status, 'COMPLETED', `${job.id}: ${job.error_message}`);
  assert.equal(job.file_input, fileInput);
  assert.equal(job.document_input_type, inputType);
  assert.deepEqual(job.configuration.rules, rules);
  assert.ok(job.project_id);
  assert.equal(job.result.type, type, `classified as ${job.result.type}: ${job.result.reasoning}`);
  assert.ok(job.result.confidence > 0 && job.result.confidence <= 1, `confidence ${job.result.confidence}`);
  assert.ok(job.result.reasoning.length > 0);
}

// 1. the README's run(): a file uploaded with the files API, classified by its id
const invoice = await client.files.create({ file: stream('classify/invoice/doc-2e21d50f59a9.pdf'), purpose: 'classify' });
const byFile = await client.classify.run({ file_input: invoice.id, configuration }, polling);
checkResult(byFile, 'invoice', invoice.id, 'file_id');
step('classify.run by file id', byFile.result);

// 2. a directory file's dfl- id, as a directory upload returns it
const dir = await client.beta.directories.create({ name: unique('sdk-classify') });
const cv = await client.beta.directories.files.upload(dir.id, { upload_file: stream('classify/resume/doc-ff27c77e4cd1.pdf') });
assert.match(cv.id, /^dfl-/);
const byDirectoryFile = await client.classify.run({ file_input: cv.id, configuration }, polling);
checkResult(byDirectoryFile, 'resume', cv.id, 'file_id');
step('classify.run by dfl- id', byDirectoryFile.result);

// 3. a parse job's id: the classifier reads what the parse produced
const parsed = await client.parsing.parse(
  { upload_file: stream('parse/pdf/arxiv-2201.00200.pdf'), tier: 'fast', version: 'latest', expand: ['text'] },
  polling,
);
assert.equal(parsed.job.status, 'COMPLETED');
const byParseJob = await client.classify.run({ file_input: parsed.job.id, configuration }, polling);
checkResult(byParseJob, 'scientific_paper', parsed.job.id, 'parse_job_id');
assert.equal(byParseJob.parse_job_id, parsed.job.id);
step('classify.run by parse job id', byParseJob.result);

// 4. create then waitForCompletion, and a transaction_id sent twice answers the original job
const transaction_id = unique('tx');
const first = await client.classify.create({ file_input: invoice.id, configuration, transaction_id });
assert.ok(['PENDING', 'RUNNING', 'COMPLETED'].includes(first.status), first.status);
assert.equal(first.transaction_id, transaction_id);
const again = await client.classify.create({ file_input: invoice.id, configuration, transaction_id });
assert.equal(again.id, first.id, 'the same transaction_id returns the original job');
const waited = await client.classify.waitForCompletion(first.id, undefined, polling);
checkResult(waited, 'invoice', invoice.id, 'file_id');
step('transaction_id replay', { job: first.id });

// 5. list: auto-pagination one job a page, the status and job_ids filters, get
const ids = [byFile.id, byDirectoryFile.id, byParseJob.id, first.id];
const listed = await all(client.classify.list({ page_size: 1 }));
for (const id of ids) assert.ok(listed.some((j) => j.id === id), `list finds ${id}`);
assert.equal(new Set(listed.map((j) => j.id)).size, listed.length, 'no job twice across pages');
const completed = await all(client.classify.list({ status: 'COMPLETED', page_size: 2 }));
for (const id of ids) assert.ok(completed.some((j) => j.id === id));
assert.ok(completed.every((j) => j.status === 'COMPLETED'));
const picked = await all(client.classify.list({ job_ids: [byFile.id, byParseJob.id] }));
assert.deepEqual(picked.map((j) => j.id).sort(), [byFile.id, byParseJob.id].sort());
assert.deepEqual((await client.classify.get(byFile.id)).result, byFile.result);
step('classify.list', { jobs: listed.length });

// 6. refusals reach the caller at once
await refusedAtOnce((c) => c.classify.create({ file_input: 'file-does-not-exist', configuration }), [404, 422]);
await refusedAtOnce((c) => c.classify.create({ file_input: invoice.id, configuration: { rules: [] } }), [400, 422]);
await refusedAtOnce((c) => c.classify.create({ configuration }), [400, 422]);
await refusedAtOnce((c) => c.classify.get('cls-does-not-exist'), [404]);
step('errors');
console.log('SDK classify flow: all steps passed');
