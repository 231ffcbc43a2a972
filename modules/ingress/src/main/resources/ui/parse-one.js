// "Parse one file": a standalone parse job (the SDK's client.parsing) through the public v2 API,
// followed until it ends, and the recent ones; a completed one page by page (pages.js). Uses app.js's
// helpers: $, api, cell, when.
"use strict";

const PARSE = "/api/v2/parse";
const PARSE_ENDED = ["COMPLETED", "FAILED", "CANCELLED"];
let parseShown = 0; // bumped whenever another parse job is shown: an older poll sees it and stops
const parsePages = new PageView($("parse-page-view"));

function sayParse(text, isError) {
  const line = $("parse-status");
  // Announced only when it changes, so polling does not repeat it to a screen reader.
  if (line.textContent !== text) line.textContent = text;
  line.className = isError ? "error" : "";
}

async function parseOneFile() {
  const file = $("parse-file").files[0];
  if (!file) { sayParse("Choose a file to parse first.", true); return; }
  const configuration = { tier: $("parse-tier").value, version: "latest" };
  const pages = $("parse-pages").value.trim();
  if (pages) configuration.page_ranges = { target_pages: pages };
  const form = new FormData();
  form.append("configuration", JSON.stringify(configuration));
  form.append("file", file, file.name);
  sayParse("Uploading " + file.name + "…");
  $("parse-one").disabled = true; // one upload per click
  let job;
  try {
    job = await api(PARSE + "/upload", { method: "POST", body: form });
  } finally {
    $("parse-one").disabled = false;
  }
  refreshParseJobs().catch(() => {});
  await followParseJob(job.id);
}

// Shows parse job id, reading it again every second until it has ended.
async function followParseJob(id) {
  const me = ++parseShown;
  parsePages.clear();
  for (;;) {
    const r = await api(PARSE + "/" + encodeURIComponent(id) + "?expand=job_metadata");
    if (me !== parseShown) return;
    showParseJob(r);
    if (PARSE_ENDED.includes(r.job.status)) {
      if (r.job.status === "COMPLETED") await parsePages.show(id, r.job.name || id);
      await refreshParseJobs();
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    if (me !== parseShown) return;
  }
}

function showParseJob(r) {
  const j = r.job;
  const meta = r.job_metadata || {};
  const ended = PARSE_ENDED.includes(j.status);
  $("parse-job").hidden = false;
  $("parse-job").setAttribute("aria-busy", String(!ended));
  $("parse-job-title").textContent = "Parse of " + (j.name || j.id);
  sayParse("Parse of " + (j.name || j.id) + ": " + j.status + (ended ? "." : "…"), j.status === "FAILED");
  const details = [
    ["Status", j.status],
    ["Tier", j.tier],
    ["Engine", meta.engine],
    ["Requested tier", meta.requested_tier],
    ["Version", meta.version],
    ["Pages parsed", meta.pages_parsed != null ? meta.pages_parsed + " of " + meta.document_pages : null],
    ["Ignored parameters", (meta.ignored_parameters || []).join(", ") || "none"],
  ];
  const list = $("parse-details");
  list.replaceChildren();
  for (const [name, value] of details) {
    if (value == null || value === "") continue;
    const dt = document.createElement("dt");
    dt.textContent = name;
    const dd = document.createElement("dd");
    dd.textContent = String(value);
    if (name === "Status") dd.className = "status status-" + String(value).toLowerCase();
    list.append(dt, dd);
  }
  if ((meta.notes || []).length) {
    const dt = document.createElement("dt");
    dt.textContent = "Notes";
    const dd = document.createElement("dd");
    const notes = document.createElement("ul");
    for (const n of meta.notes) notes.append(Object.assign(document.createElement("li"), { textContent: n }));
    dd.append(notes);
    list.append(dt, dd);
  }
  $("parse-error").hidden = !j.error_message;
  $("parse-error").textContent = j.error_message ? "Error: " + j.error_message : "";
}

async function refreshParseJobs() {
  const page = await api(PARSE + "?page_size=10");
  const body = $("parse-jobs").tBodies[0];
  body.replaceChildren();
  for (const j of page.items) {
    const row = body.insertRow();
    row.dataset.parseJob = j.id;
    const open = document.createElement("button");
    open.className = "link";
    open.textContent = j.name || j.id;
    open.title = j.id;
    open.setAttribute("aria-label", "Show the parse of " + (j.name || j.id) + " started " + when(j.created_at));
    open.onclick = () => followParseJob(j.id).catch((e) => sayParse(e.message, true));
    row.insertCell().append(open);
    cell(row, j.status, "status status-" + j.status.toLowerCase());
    cell(row, j.tier);
    cell(row, when(j.created_at));
  }
  if (page.items.length === 0) cell(body.insertRow(), "No parse jobs yet.").colSpan = 4;
}

function guardedParse(fn) {
  return () => fn().catch((e) => sayParse(e.message, true));
}

$("parse-one").addEventListener("click", guardedParse(parseOneFile));
$("refresh-parse-jobs").addEventListener("click", guardedParse(refreshParseJobs));
// After app.js's own handler, which keeps the key.
$("key-form").addEventListener("submit", () => guardedParse(refreshParseJobs)());
if (apiKey) guardedParse(refreshParseJobs)();
