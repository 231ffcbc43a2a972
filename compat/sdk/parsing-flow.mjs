// The official LlamaCloud SDK's parsing resource against our service, unchanged: the README's
// parse() with every expand value, upload then create by file id then waitForCompletion, the
// README's quick start (another tier), list with auto-pagination and filters, and refusals.
// Usage: LLAMA_CLOUD_BASE_URL=http://localhost:8080 LLAMA_CLOUD_API_KEY=llx-... CORPUS=../../testdata/corpus node parsing-flow.mjs
import LlamaCloud from '@llamaindex/llama-cloud';
import assert from 'node:assert/strict';
import { all, client, polling, refusedAtOnce, step, stream } from './flow.mjs';

const paper = 'parse/pdf/arxiv-2201.00200.pdf';
const expand = [
  'text',
  'markdown',
  'items',
  'metadata',
  'job_metadata',
  'text_content_metadata',
  'markdown_content_metadata',
  'items_content_metadata',
  'metadata_content_metadata',
  'raw_parameters',
];

// 1. parse(): upload, wait and read every expansion in one call
const parsed = await client.parsing.parse(
  { upload_file: stream(paper), tier: 'fast', version: 'latest', disable_cache: true, expand },
  polling,
);
assert.equal(parsed.job.status, 'COMPLETED');
assert.match(parsed.job.id, /\S/);
assert.ok(parsed.job.project_id);
const pages = parsed.text.pages;
assert.ok(pages.length >= 1, 'text has pages');
for (const p of pages) assert.equal(typeof p.page_number, 'number');
assert.ok(pages.some((p) => p.text.trim().length > 0), 'some page has text');
assert.equal(parsed.markdown.pages.length, pages.length);
for (const p of parsed.markdown.pages) assert.equal(p.success, true, `markdown page ${p.page_number}: ${p.error}`);
assert.ok(parsed.markdown.pages.some((p) => p.markdown.trim().length > 0), 'some page has markdown');
assert.equal(parsed.items.pages.length, pages.length);
for (const p of parsed.items.pages) {
  assert.equal(p.success, true, `items page ${p.page_number}: ${p.error}`);
  assert.ok(Array.isArray(p.items));
  assert.ok(p.page_width > 0 && p.page_height > 0);
}
assert.ok(parsed.items.pages.some((p) => p.items.length > 0), 'some page has items');
assert.deepEqual(
  parsed.metadata.pages.map((p) => p.page_number),
  pages.map((p) => p.page_number),
);
assert.equal(typeof parsed.job_metadata, 'object');
assert.ok(parsed.job_metadata !== null, 'job_metadata');
assert.equal(parsed.raw_parameters?.tier, 'fast', `raw_parameters echo the request: ${JSON.stringify(parsed.raw_parameters)}`);
step('parsing.parse upload + expand', { job: parsed.job.id, pages: pages.length, tier: parsed.job.tier });

// the *_content_metadata expansions: signed URLs a plain fetch (no API key) downloads
const downloads = parsed.result_content_metadata ?? {};
const firstText = pages.find((p) => p.text.trim().length > 0).text.trim().split('\n')[0].trim();
const firstMarkdown = parsed.markdown.pages.find((p) => p.markdown.trim().length > 0).markdown.trim().split('\n')[0].trim();
const expected = {
  text: (body) => assert.ok(body.includes(firstText), `the text download holds "${firstText}"`),
  markdown: (body) => assert.ok(body.includes(firstMarkdown), `the markdown download holds "${firstMarkdown}"`),
  items: (body) => assert.equal(JSON.parse(body).pages?.length ?? JSON.parse(body).length, pages.length),
  metadata: (body) => assert.ok(JSON.parse(body)),
};
for (const [kind, check] of Object.entries(expected)) {
  const entry = downloads[kind];
  assert.ok(entry, `result_content_metadata.${kind} (has ${Object.keys(downloads)})`);
  assert.notEqual(entry.exists, false, `${kind} exists`);
  assert.match(entry.presigned_url, /^https?:\/\//);
  const res = await fetch(entry.presigned_url);
  assert.equal(res.status, 200, `${kind} download answers 200`);
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.equal(bytes.length, entry.size_bytes, `${kind} size_bytes is the download's size`);
  check(bytes.toString('utf8'));
}
step('result_content_metadata downloads', Object.keys(expected));

// 2. the README's file upload, then a parse job by file id, then waitForCompletion
const file = await client.files.create({ file: stream(paper), purpose: 'parse' });
assert.ok(file.id);
const created = await client.parsing.create({
  file_id: file.id,
  tier: 'fast',
  version: 'latest',
  page_ranges: { max_pages: 1 },
  disable_cache: true,
  client_name: 'sdk-compat',
  agentic_options: { custom_prompt: 'Translate every table to French.' },
});
assert.ok(created.id);
assert.ok(['PENDING', 'RUNNING', 'COMPLETED'].includes(created.status), created.status);
assert.ok(created.project_id);
const waited = await client.parsing.waitForCompletion(created.id, { expand: ['text', 'job_metadata'] }, polling);
assert.equal(waited.job.id, created.id);
assert.equal(waited.job.status, 'COMPLETED');
assert.equal(waited.text.pages.length, 1, 'page_ranges.max_pages: 1 parses one page');
assert.equal(waited.text.pages[0].page_number, 1);
// what the engine cannot honour is accepted and said, never silently dropped
assert.ok(
  JSON.stringify(waited.job_metadata).includes('agentic_options.custom_prompt'),
  `job_metadata names the parameter it ignored: ${JSON.stringify(waited.job_metadata)}`,
);
step('files.create + parsing.create + waitForCompletion', { job: created.id, pages: waited.text.pages.length });

// get without expand: the job alone
const bare = await client.parsing.get(created.id);
assert.equal(bare.job.status, 'COMPLETED');
assert.equal(bare.text ?? null, null, 'no expand, no text');
step('parsing.get');

// 3. the README's quick start asks for another tier: accepted, run, and the job says which tier
const quick = await client.parsing.create({ tier: 'agentic', version: 'latest', file_id: file.id, page_ranges: { max_pages: 1 } });
const quickDone = await client.parsing.waitForCompletion(quick.id, { expand: ['text', 'job_metadata'] }, polling);
assert.equal(quickDone.job.status, 'COMPLETED');
assert.ok(quickDone.job.tier, 'the job names its tier');
assert.equal(quickDone.text.pages.length, 1);
assert.ok(quickDone.text.pages[0].text.length > 0);
assert.ok(JSON.stringify(quickDone.job_metadata).includes('agentic'), 'job_metadata says which tier was asked for');
assert.equal(quickDone.job_metadata.pages_parsed, 1, `job_metadata counts the pages parsed: ${JSON.stringify(quickDone.job_metadata)}`);
step('README quick start (tier agentic)', { tier: quickDone.job.tier, job_metadata: quickDone.job_metadata });

// 4. list: auto-pagination one job a page finds every job; the status and job_ids filters
const ids = [parsed.job.id, created.id, quick.id];
const listed = await all(client.parsing.list({ page_size: 1 }));
for (const id of ids) assert.ok(listed.some((j) => j.id === id), `list finds ${id}`);
assert.equal(new Set(listed.map((j) => j.id)).size, listed.length, 'no job twice across pages');
const completed = await all(client.parsing.list({ status: 'COMPLETED', page_size: 2 }));
for (const id of ids) assert.ok(completed.some((j) => j.id === id), `status filter keeps ${id}`);
assert.ok(completed.every((j) => j.status === 'COMPLETED'));
assert.deepEqual(await all(client.parsing.list({ status: 'FAILED', job_ids: [created.id] })), []);
const picked = await all(client.parsing.list({ job_ids: [created.id, quick.id] }));
assert.deepEqual(picked.map((j) => j.id).sort(), [created.id, quick.id].sort());
// the README's page at a time
let page = await client.parsing.list({ page_size: 1 });
let seen = page.items.length;
while (page.hasNextPage()) {
  page = await page.getNextPage();
  seen += page.items.length;
}
assert.equal(seen, listed.length);
step('parsing.list', { jobs: listed.length, completed: completed.length });

// 5. refusals reach the caller at once, as the SDK's typed errors
const missing = await refusedAtOnce(
  (c) => c.parsing.create({ file_id: 'file-does-not-exist', tier: 'fast', version: 'latest' }),
  [404, 422],
);
assert.ok(missing instanceof LlamaCloud.NotFoundError || missing instanceof LlamaCloud.UnprocessableEntityError);
const unknownJob = await refusedAtOnce((c) => c.parsing.get('pjb-does-not-exist'), [404]);
assert.ok(unknownJob instanceof LlamaCloud.NotFoundError);
await refusedAtOnce((c) => c.parsing.create({ tier: 'fast', version: 'latest' }), [400, 422]);
await refusedAtOnce(
  (c) => c.parsing.create({ source_url: 'http://127.0.0.1:9/private.pdf', tier: 'fast', version: 'latest' }),
  [400, 403, 422],
);
await refusedAtOnce((c) => c.parsing.get(created.id, { expand: ['no_such_expansion'] }), [400, 422]);
step('errors', { missing_file: missing.status });
console.log('SDK parsing flow: all steps passed');
