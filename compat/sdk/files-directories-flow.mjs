// The official LlamaCloud SDK's files and directories resources against our service, unchanged:
// files create/list/get/query/delete, directories create/list/get/update/delete, directory files
// upload/add/list/get/update/move/delete, the dfl- ids of a directory job's items sent back as a new
// job's item_ids, and a 409 that reaches the caller on the first attempt.
// Usage: LLAMA_CLOUD_BASE_URL=http://localhost:8080 LLAMA_CLOUD_API_KEY=llx-... CORPUS=../../testdata/corpus node files-directories-flow.mjs
import LlamaCloud from '@llamaindex/llama-cloud';
import fs from 'node:fs';
import assert from 'node:assert/strict';
import { all, awaitBatch, client, doc, refusedAtOnce, step, stream, unique } from './flow.mjs';

const paper = 'parse/pdf/arxiv-2201.00200.pdf';
const html = 'parse/html/tika__testHTML.html';
const sameIds = (items, ids) => assert.deepEqual(items.map((i) => i.id).sort(), [...ids].sort());

// 1. files: the README's two uploads (a stream, a File), list, content URL, query, delete
const external = unique('ext');
const pdf = await client.files.create({ file: stream(paper), purpose: 'parse', external_file_id: external });
assert.ok(pdf.id);
assert.equal(pdf.name, 'arxiv-2201.00200.pdf');
assert.equal(pdf.file_type, 'pdf');
assert.equal(pdf.purpose, 'parse');
assert.equal(pdf.external_file_id, external);
assert.ok(pdf.project_id);
const noteName = `${unique('note')}.txt`;
const note = await client.files.create({ file: new File(['content of a note'], noteName), purpose: 'user_data' });
assert.equal(note.name, noteName);
step('files.create', { pdf: pdf.id, note: note.id });

sameIds(await all(client.files.list({ file_ids: [pdf.id, note.id], page_size: 1 })), [pdf.id, note.id]);
sameIds(await all(client.files.list({ file_name: noteName })), [note.id]);
sameIds(await all(client.files.list({ external_file_id: external })), [pdf.id]);
const everyFile = await all(client.files.list({ page_size: 1 }));
assert.ok(everyFile.some((f) => f.id === pdf.id) && everyFile.some((f) => f.id === note.id));
assert.equal(new Set(everyFile.map((f) => f.id)).size, everyFile.length, 'no file twice across pages');
step('files.list', { files: everyFile.length });

const link = await client.files.get(pdf.id);
assert.ok(link.url && link.expires_at);
const download = await fetch(link.url);
assert.equal(download.status, 200);
assert.ok(Buffer.from(await download.arrayBuffer()).equals(fs.readFileSync(doc(paper))), 'the content URL serves the uploaded bytes');
step('files.get (presigned content URL)');

const queried = await client.files.query({ filter: { file_ids: [pdf.id, note.id] }, page_size: 1 });
assert.equal(queried.items.length, 1);
assert.ok(queried.next_page_token, 'a second page is announced');
const rest = await client.files.query({ filter: { file_ids: [pdf.id, note.id] }, page_size: 1, page_token: queried.next_page_token });
sameIds([...queried.items, ...rest.items], [pdf.id, note.id]);
assert.ok(!rest.next_page_token, 'no third page');
sameIds((await client.files.query({ filter: { file_name: noteName } })).items, [note.id]);
step('files.query');

await client.files.delete(note.id);
assert.deepEqual(await all(client.files.list({ file_ids: [note.id] })), []);
await refusedAtOnce((c) => c.files.get(note.id), [404]);
step('files.delete');

// 2. directories: create, list, get, update (an explicit null clears the description), delete
const dirName = unique('sdk-dir');
const dir = await client.beta.directories.create({ name: dirName, description: 'to be cleared' });
assert.match(dir.id, /^dir-/);
assert.equal(dir.description, 'to be cleared');
sameIds(await all(client.beta.directories.list({ name: dirName })), [dir.id]);
const everyDir = await all(client.beta.directories.list({ page_size: 1 }));
assert.ok(everyDir.some((d) => d.id === dir.id));
assert.equal((await client.beta.directories.get(dir.id)).name, dirName);
const cleared = await client.beta.directories.update(dir.id, { description: null });
assert.equal(cleared.description ?? null, null, 'an explicit null clears the description');
assert.equal(cleared.name, dirName, 'a field left out stays');
const renamed = await client.beta.directories.update(dir.id, { name: `${dirName}-renamed` });
assert.equal(renamed.name, `${dirName}-renamed`);
assert.equal((await client.beta.directories.get(dir.id)).description ?? null, null);
step('directories', { id: dir.id, listed: everyDir.length });

// 3. directory files: upload, add, list, get, update, move to another directory, delete
const files = client.beta.directories.files;
const uploaded = await files.upload(dir.id, { upload_file: stream(paper), unique_id: unique('paper') });
assert.match(uploaded.id, /^dfl-/);
assert.equal(uploaded.directory_id, dir.id);
assert.equal(uploaded.display_name, 'arxiv-2201.00200.pdf');
const page = await client.files.create({ file: stream(html), purpose: 'parse' });
const added = await files.add(dir.id, { file_id: page.id, display_name: 'page.html' });
assert.equal(added.file_id, page.id);
assert.equal(added.display_name, 'page.html');
sameIds(await all(files.list(dir.id, { page_size: 1 })), [uploaded.id, added.id]);
sameIds(await all(files.list(dir.id, { display_name: 'page.html' })), [added.id]);
assert.equal((await files.get(uploaded.id, { directory_id: dir.id })).display_name, 'arxiv-2201.00200.pdf');
const edited = await files.update(added.id, { path_directory_id: dir.id, display_name: 'front-page.html', metadata: { lang: 'en' } });
assert.equal(edited.display_name, 'front-page.html');
assert.deepEqual(edited.metadata, { lang: 'en' });
step('directory files', { uploaded: uploaded.id, added: added.id });

const elsewhere = await client.beta.directories.create({ name: unique('sdk-dir-target') });
const moved = await files.update(added.id, { path_directory_id: dir.id, body_directory_id: elsewhere.id });
assert.equal(moved.directory_id, elsewhere.id, 'PATCH with a directory_id moves the file');
assert.equal((await files.get(added.id, { directory_id: elsewhere.id })).display_name, 'front-page.html');
sameIds(await all(files.list(dir.id)), [uploaded.id]);
sameIds(await all(files.list(elsewhere.id)), [added.id]);
await refusedAtOnce((c) => c.beta.directories.files.get(added.id, { directory_id: dir.id }), [404]);
step('directory files: move', { to: elsewhere.id });

// 4. item ids round trip: a directory job's items' dfl- ids as a new job's item_ids
await files.add(elsewhere.id, { file_id: pdf.id });
const job = await client.beta.batch.create({ job_config: { parameters: { do_not_cache: true } }, directory_id: elsewhere.id });
const done = await awaitBatch(job.id);
assert.equal(done.job.status, 'completed');
const items = await all(client.beta.batch.jobItems.list(job.id));
assert.equal(items.length, 2);
const itemIds = items.map((i) => i.item_id);
for (const id of itemIds) assert.match(id, /^dfl-/);
const again = await client.beta.batch.create({ job_config: { parameters: { do_not_cache: true } }, item_ids: itemIds });
const againDone = await awaitBatch(again.id);
assert.equal(againDone.job.status, 'completed', againDone.job.error_message);
assert.equal(againDone.job.total_items, itemIds.length);
const againItems = await all(client.beta.batch.jobItems.list(again.id));
assert.deepEqual(againItems.map((i) => i.item_id).sort(), [...itemIds].sort(), 'an item keeps the id it was given');
for (const i of againItems) assert.equal(i.status, 'completed');
step('item_ids round trip (dfl- ids)', { items: itemIds });

// 5. cancelling a finished job: 409 at once, no retries
const conflict = await refusedAtOnce((c) => c.beta.batch.cancel(again.id, { reason: 'too late' }), [409]);
assert.ok(conflict instanceof LlamaCloud.ConflictError);
step('cancel of a finished job: 409 on the first attempt');

// 6. deleting a directory file, then a directory: gone from the listings; read by id, either gone
// (404) or answered with its deleted_at (the SDK's shapes carry deleted_at and include_deleted)
const goneOrMarked = async (read) => {
  try {
    const after = await read();
    assert.ok(after.deleted_at, `read after delete answers deleted_at: ${JSON.stringify(after)}`);
  } catch (e) {
    assert.equal(e.status, 404, e.message);
  }
};
await files.delete(uploaded.id, { directory_id: dir.id });
await goneOrMarked(() => files.get(uploaded.id, { directory_id: dir.id }));
assert.deepEqual(await all(files.list(dir.id)), []);
const withDeleted = await all(files.list(dir.id, { include_deleted: true }));
assert.deepEqual(withDeleted.map((f) => f.id), [uploaded.id]);
assert.ok(withDeleted[0].deleted_at);
await client.beta.directories.delete(dir.id);
await goneOrMarked(() => client.beta.directories.get(dir.id));
assert.ok(!(await all(client.beta.directories.list({ name: `${dirName}-renamed` }))).some((d) => d.id === dir.id));
step('deletes');
console.log('SDK files and directories flow: all steps passed');
