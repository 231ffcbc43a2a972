// What every flow script shares: the corpus, a step printer, the SDK client as a user builds it, and a
// client whose requests are counted (to prove a refusal reaches the caller on the first attempt).
// Environment: LLAMA_CLOUD_BASE_URL and LLAMA_CLOUD_API_KEY (read by the SDK itself), CORPUS.
import LlamaCloud from '@llamaindex/llama-cloud';
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';

export const corpus = process.env.CORPUS;
assert.ok(corpus, 'CORPUS must name testdata/corpus');

/** A corpus document's path. */
export const doc = (relative) => path.join(corpus, relative);

/** A corpus document as a stream, the way the SDK's README uploads. */
export const stream = (relative) => fs.createReadStream(doc(relative));

/** Prints `ok <name> <detail>`; the Java test reads these lines. */
export const step = (name, detail) => console.log(`ok ${name}${detail === undefined ? '' : ' ' + JSON.stringify(detail)}`);

/** The client a user builds: key and base URL from the environment, the SDK's own retries. */
export const client = new LlamaCloud({ timeout: 60_000 });

/** Polling options for the SDK's waitForCompletion/parse/run: quicker than its 1 s default, bounded. */
export const polling = { pollingInterval: 0.2, maxInterval: 1, timeout: 120 };

/** A client with the SDK's default retries whose fetch counts the requests it sends. */
export function countingClient() {
  const counter = { requests: 0 };
  const countingFetch = (url, init) => {
    counter.requests++;
    return fetch(url, init);
  };
  return { client: new LlamaCloud({ fetch: countingFetch, timeout: 60_000 }), counter };
}

/**
 * Runs `call` on a fresh counting client and checks that it is refused with one of `statuses` after
 * exactly one request, and that the refusal says `x-should-retry: false`; returns the error.
 */
export async function refusedAtOnce(call, statuses) {
  const { client: counted, counter } = countingClient();
  let error;
  await assert.rejects(call(counted), (e) => {
    error = e;
    return true;
  });
  assert.ok(error instanceof LlamaCloud.APIError, `an APIError, not ${error}`);
  assert.ok(statuses.includes(error.status), `status ${error.status} is one of ${statuses}: ${error.message}`);
  assert.equal(counter.requests, 1, `refused on the first attempt, not after ${counter.requests} requests`);
  assert.equal(error.headers?.get('x-should-retry'), 'false', 'a refusal retrying cannot change says x-should-retry: false');
  return error;
}

/** Every item of an SDK page promise, through its auto-pagination. */
export async function all(pages) {
  const out = [];
  for await (const item of pages) out.push(item);
  return out;
}

/** Polls a batch job until it is completed, failed or cancelled. */
export async function awaitBatch(jobId, limitMs = 120_000) {
  const terminal = new Set(['completed', 'failed', 'cancelled']);
  const start = Date.now();
  for (;;) {
    const s = await client.beta.batch.getStatus(jobId);
    if (terminal.has(s.job.status)) return s;
    if (Date.now() - start > limitMs) throw new Error(`job ${jobId} still ${s.job.status} after ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A name no earlier run used. */
export const unique = (prefix) => `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
