// The official LlamaCloud SDK's batch flow against our service, unchanged: directories, uploads,
// create, poll, job items (auto-pagination), processing results, list with filters, cancel, classifier jobs.
// Usage: LLAMA_CLOUD_BASE_URL=http://localhost:8080 LLAMA_CLOUD_API_KEY=llx-... CORPUS=../../testdata/corpus node batch-flow.mjs
import LlamaCloud from '@llamaindex/llama-cloud';
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';

const corpus = process.env.CORPUS;
const client = new LlamaCloud({ maxRetries: 4, timeout: 60_000 });
const terminal = new Set(['completed', 'failed', 'cancelled']);
const step = (name, detail) => console.log(`ok ${name}${detail ? ' ' + JSON.stringify(detail) : ''}`);

async function poll(jobId, until = (s) => terminal.has(s.job.status), limitMs = 120_000) {
  const start = Date.now();
  for (;;) {
    const s = await client.beta.batch.getStatus(jobId);
    if (until(s)) return s;
    if (Date.now() - start > limitMs) throw new Error(`job ${jobId} still ${s.job.status} after ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// 1. a directory with three real documents, uploaded through the directory endpoint
const dir = await client.beta.directories.create({ name: `sdk-compat-${Date.now()}`, description: 'SDK compatibility run' });
assert.match(dir.id, /^dir-/);
const docs = ['parse/pdf/arxiv-2201.00200.pdf', 'parse/docx/tika__testComment.docx', 'parse/html/tika__testHTML.html'];
const uploaded = [];
for (const doc of docs) {
  const f = await client.beta.directories.files.upload(dir.id, { upload_file: fs.createReadStream(path.join(corpus, doc)) });
  assert.equal(f.directory_id, dir.id);
  uploaded.push(f);
}
step('directories.files.upload', uploaded.map((f) => f.display_name));

// a plain file upload too, and the listings
const plain = await client.files.create({ file: fs.createReadStream(path.join(corpus, docs[2])), purpose: 'parse' });
assert.ok(plain.id);
let listed = 0;
for await (const f of client.beta.directories.files.list(dir.id, { page_size: 2 })) listed++;
assert.equal(listed, 3);
const dirs = [];
for await (const d of client.beta.directories.list({ page_size: 50 })) dirs.push(d.id);
assert.ok(dirs.includes(dir.id));
step('listings', { directory_files: listed, directories: dirs.length });

// 2. a parse job over the directory, polled to completion
const job = await client.beta.batch.create({
  job_config: { job_name: 'parse_raw_file_job', parameters: { do_not_cache: true } },
  directory_id: dir.id,
  page_size: 2,
});
assert.match(job.id, /^bjb-/);
assert.equal(job.status, 'pending');
const done = await poll(job.id);
assert.equal(done.job.status, 'completed');
assert.equal(done.job.total_items, 3);
assert.equal(done.job.processed_items, 3);
assert.equal(done.progress_percentage, 100);
step('batch.create + getStatus', { status: done.job.status, processed: done.job.processed_items });

// 3. its items, two per page, through the SDK's auto-pagination
const items = [];
for await (const item of client.beta.batch.jobItems.list(job.id, { limit: 2 })) items.push(item);
assert.equal(items.length, 3);
for (const item of items) assert.equal(item.status, 'completed');
const completedOnly = await client.beta.batch.jobItems.list(job.id, { status: 'completed' });
assert.equal(completedOnly.total_size, 3);
step('jobItems.list', items.map((i) => i.item_name));

// 4. processing results of an item
const results = await client.beta.batch.jobItems.getProcessingResults(items[0].item_id);
assert.equal(results.item_id, items[0].item_id);
assert.ok(results.processing_results.length >= 1);
const r = results.processing_results[0];
assert.equal(r.job_type, 'parse');
assert.ok(r.parameters_hash && r.result_id && r.processed_at && r.output_s3_path);
step('getProcessingResults', { results: results.processing_results.length });

// 5. list jobs with filters
const found = [];
for await (const j of client.beta.batch.list({ directory_id: dir.id, job_type: 'parse', status: 'completed', limit: 10 })) found.push(j.id);
assert.deepEqual(found, [job.id]);
step('batch.list', { found: found.length });

// 6. cancel a job while it runs
const big = fs.readFileSync(path.join(corpus, 'parse/pdf/sf__GeoTopo-komprimiert.pdf'));
const ids = [];
for (let i = 0; i < 6; i++) {
  const f = await client.files.create({ file: new File([big], `book-${i}.pdf`), purpose: 'parse' });
  ids.push(f.id);
}
const slow = await client.beta.batch.create({ job_config: { parameters: { do_not_cache: true } }, item_ids: ids });
const cancel = await client.beta.batch.cancel(slow.id, { reason: 'sdk compatibility check' });
assert.equal(cancel.job_id, slow.id);
assert.equal(cancel.status, 'cancelled');
const cancelled = await poll(slow.id);
assert.equal(cancelled.job.status, 'cancelled');
step('batch.cancel', { processed_before_cancel: cancel.processed_items });

// 7. the classifier: create with file ids and rules, wait, read the results
const rules = JSON.parse(fs.readFileSync(new URL('../../bench/classify-rules.json', import.meta.url)));
const invoice = await client.files.create({ file: fs.createReadStream(path.join(corpus, 'classify/invoice/doc-2e21d50f59a9.pdf')), purpose: 'classify' });
const classify = await client.classifier.jobs.create({ file_ids: [invoice.id], rules, mode: 'FAST' });
assert.match(classify.id, /^bjb-/);
const classified = await client.classifier.jobs.waitForCompletion(classify.id, {}, { pollingInterval: 0.2, timeout: 120 });
assert.equal(classified.status, 'SUCCESS');
const answers = await client.classifier.jobs.getResults(classify.id);
assert.equal(answers.items.length, 1);
assert.equal(answers.items[0].file_id, invoice.id);
assert.equal(answers.items[0].result.type, 'invoice');
assert.ok(answers.items[0].result.confidence > 0.5 && answers.items[0].result.reasoning.length > 0);
const classifyJobs = [];
for await (const j of client.classifier.jobs.list({ page_size: 10 })) classifyJobs.push(j.id);
assert.ok(classifyJobs.includes(classify.id));
step('classifier.jobs', answers.items[0].result);

// 8. errors come back as the SDK's typed errors
await assert.rejects(client.beta.batch.create({ job_config: {} }), (e) => e.status === 422);
await assert.rejects(client.beta.batch.getStatus('bjb-does-not-exist'), (e) => e.status === 404);
step('errors');
console.log('SDK compatibility: all steps passed');
